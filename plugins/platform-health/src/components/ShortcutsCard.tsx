import { Link } from '@backstage/core-components';
import { metricsPath, PAGES, systemPath, usePlatformRoot } from './links';
import { Widget } from './Widget';

/** The secondary links of the dashboard: the pages behind its widgets. */
export const ShortcutsCard = () => {
  const root = usePlatformRoot();
  const links = [
    ['Tenants', PAGES.tenants],
    ['Audit trail', PAGES.audit],
    ['Incidents', PAGES.incidents],
    ['Billing', PAGES.billing],
    ['System metrics', systemPath(root)],
    ['Executive metrics', metricsPath(root)],
  ];
  return (
    <Widget title="Shortcuts">
      <nav aria-label="Shortcuts">
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {links.map(([label, to]) => (
            <li key={to}>
              <Link to={to}>{label}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </Widget>
  );
};
