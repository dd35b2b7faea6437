import { Box, Chip } from '@material-ui/core';
import {
  FilterChips,
  SelectField,
  TenantPicker,
  useUrlParams,
} from '@controlplane/frontend-common';
import {
  Category,
  Severity,
  Status,
} from '@controlplane/plugin-incidents-common';
import { IncidentQuery } from '../api';
import { IncidentList } from './IncidentList';
import { CATEGORIES, SEVERITIES, STATUSES } from './labels';

/** Open work: what the queue shows unless a status is chosen. */
const ACTIVE: Status[] = ['open', 'in_progress'];

const ASSIGNEES = ['anyone', 'me', 'unassigned'] as const;
type Assignee = (typeof ASSIGNEES)[number];
const ASSIGNEE_QUERY: Record<Assignee, string | undefined> = {
  anyone: undefined,
  me: 'me',
  unassigned: 'none',
};

const pick = <T extends string>(values: readonly T[], value: string | null) =>
  values.find(v => v === value);

/**
 * The queue: incidents the user may read, newest first, with their age;
 * filtered by status (open work unless one is chosen), severity, category,
 * tenant, assignee (me, unassigned) and, from a catalog page, an entity.
 * The filters live in the query string, so a filtered queue can be linked.
 */
export const QueueView = () => {
  const { params, update } = useUrlParams();
  const status = pick(STATUSES, params.get('status'));
  const severity = pick<Severity>(SEVERITIES, params.get('severity'));
  const category = pick<Category>(CATEGORIES, params.get('category'));
  const assignee = pick(ASSIGNEES, params.get('assignee')) ?? 'anyone';
  const tenant = params.get('tenant') ?? '';
  const entity = params.get('entity') ?? undefined;

  const query: IncidentQuery = {
    status: status ? [status] : ACTIVE,
    severity: severity ? [severity] : undefined,
    category,
    tenant: tenant || undefined,
    assignee: ASSIGNEE_QUERY[assignee],
    entity,
  };
  const filtered = !!status || !!severity || !!category || !!tenant || !!entity;

  return (
    <>
      <Box display="flex" flexWrap="wrap" alignItems="center">
        <FilterChips
          label="Status"
          values={STATUSES}
          selected={status}
          onSelect={value => update({ status: value })}
        />
        <FilterChips
          label="Severity"
          values={SEVERITIES}
          selected={severity}
          onSelect={value => update({ severity: value })}
        />
        <FilterChips
          label="Category"
          values={CATEGORIES}
          selected={category}
          onSelect={value => update({ category: value })}
        />
      </Box>
      <Box display="flex" alignItems="center" mb={2}>
        <Box width={220} mr={2}>
          <TenantPicker
            id="incidents-tenant"
            tenants={[]}
            value={tenant}
            helperText="Blank: every tenant in reach"
            onChange={value => update({ tenant: value })}
          />
        </Box>
        <Box width={220} mr={2}>
          <SelectField
            id="incidents-assignee"
            label="Assignee"
            value={assignee}
            options={ASSIGNEES}
            onChange={value =>
              update({ assignee: value === 'anyone' ? undefined : value })
            }
          />
        </Box>
        {entity && (
          <Chip
            label={`Affects ${entity}`}
            onDelete={() => update({ entity: undefined })}
          />
        )}
      </Box>
      <IncidentList
        label="Incidents"
        query={query}
        emptyTitle={
          filtered || assignee !== 'anyone'
            ? 'No incidents match these filters'
            : 'No open incidents'
        }
      />
    </>
  );
};
