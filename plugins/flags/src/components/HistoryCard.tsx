import useAsync from 'react-use/esm/useAsync';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  DataTable,
  EntityName,
  formatTime,
  useCursorPages,
} from '@controlplane/frontend-common';
import { HistoryEntry } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';

const columns: TableColumn<HistoryEntry>[] = [
  { title: 'When', render: e => formatTime(e.timestamp) },
  {
    title: 'Who',
    field: 'actor',
    render: e => <EntityName entityRef={e.actor} />,
  },
  { title: 'Action', field: 'action' },
  { title: 'Outcome', field: 'outcome' },
  { title: 'Tenant', field: 'tenant' },
  { title: 'Reason', field: 'reason' },
];

/**
 * The flag's changes from the audit trail, newest first, paged; loaded again
 * when `version` changes (after a change made on the page).
 */
export const HistoryCard = (props: { flagKey: string; version: number }) => {
  const { flagKey, version } = props;
  const api = useApi(flagsApiRef);
  const pages = useCursorPages([flagKey, version]);
  const { value, loading, error } = useAsync(
    () => api.getHistory(flagKey, { cursor: pages.cursor, limit: '20' }),
    [api, flagKey, version, pages.cursor],
  );
  return (
    <InfoCard title="Change history">
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <DataTable<HistoryEntry>
          label="Change history"
          columns={columns}
          data={value?.items ?? []}
          isLoading={loading}
          emptyTitle="No changes recorded"
        />
      )}
      <CursorPageButtons
        pages={pages}
        nextCursor={value?.nextCursor}
        loading={loading}
      />
    </InfoCard>
  );
};
