import { Facts, Fact } from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { bytes, count } from './format';
import { systemPath, usePlatformRoot } from './links';
import { Widget } from './Widget';

/**
 * Usage and capacity pressure: executions in 24 h and 7 days, API and app
 * requests in 24 h, rate-limited requests and storage; → system metrics.
 */
export const UsageCard = (props: { usage: PlatformOverview['usage'] }) => {
  const { usage } = props;
  const root = usePlatformRoot();
  return (
    <Widget
      title="Usage"
      link={{ to: systemPath(root), label: 'System metrics' }}
    >
      <Facts
        facts={[
          ['Executions 24h', count(usage.executions_24h)],
          ['Executions 7d', count(usage.executions_7d)],
          ['API requests 24h', count(usage.api_requests_24h)],
          ['App requests 24h', count(usage.app_requests_24h)],
          ['Rate limited 24h', count(usage.rate_limited_24h)],
          ...(usage.storage_db_bytes === undefined
            ? []
            : [['Database storage', bytes(usage.storage_db_bytes)] as Fact]),
        ]}
      />
    </Widget>
  );
};
