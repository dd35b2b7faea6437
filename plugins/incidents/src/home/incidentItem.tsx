import { HomeCardItem } from '@controlplane/frontend-common';
import { Incident } from '@controlplane/plugin-incidents-common';
import { formatOpened, formatTenant } from '../components/format';
import { incidentPath } from '../components/links';

/**
 * An incident as a line of a home card, linked to its page: its title, then
 * its severity, tenant and age; `trailing` at the end (a chip).
 */
export const incidentItem = (
  root: string,
  incident: Incident,
  trailing?: HomeCardItem['trailing'],
): HomeCardItem => ({
  key: incident.id,
  href: incidentPath(root, incident.id),
  primary: incident.title,
  secondary: [
    incident.severity,
    formatTenant(incident),
    formatOpened(incident.openedAt),
  ].join(' · '),
  trailing,
});
