import useAsync from 'react-use/esm/useAsync';
import { StatusError, StatusOK, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { TenantAuditRecord, tenantsApiRef } from '../api';
import { formatTime } from './common';
import {
  DataTable,
  EntityName,
  ErrorAlert,
} from '@controlplane/frontend-common';

/** The columns, new per render: Backstage's Table keeps its state in them. */
const auditColumns = (): TableColumn<TenantAuditRecord>[] => [
  {
    title: 'Time',
    field: 'timestamp',
    render: record => formatTime(record.timestamp),
  },
  {
    title: 'Actor',
    field: 'actorId',
    render: record => <EntityName entityRef={record.actorId} />,
  },
  { title: 'Action', field: 'action' },
  {
    title: 'Resource',
    field: 'resourceType',
    render: record =>
      [record.resourceType, record.resourceId].filter(Boolean).join(' '),
  },
  {
    title: 'Outcome',
    field: 'outcome',
    render: record =>
      record.outcome === 'success' ? (
        <StatusOK>success</StatusOK>
      ) : (
        <StatusError>{record.outcome}</StatusError>
      ),
  },
];

/** The latest audit records of the tenant, from the audit plugin when it is installed. */
export const AuditTab = (props: { tenant: string }) => {
  const api = useApi(tenantsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listAuditRecords(props.tenant),
    [api, props.tenant],
  );
  if (error) {
    return (
      <ErrorAlert error={error} title="The audit trail is not available" />
    );
  }
  return (
    <DataTable<TenantAuditRecord>
      label="Audit timeline"
      columns={auditColumns()}
      data={value ?? []}
      isLoading={loading}
      emptyTitle="No audit records"
      emptyDescription="Nothing has been recorded for this tenant yet."
    />
  );
};
