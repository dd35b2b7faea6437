import useAsync from 'react-use/esm/useAsync';
import { TableCell, TableRow } from '@material-ui/core';
import {
  EmptyState,
  Progress,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef } from '../api';
import { formatTime } from './common';
import {
  ErrorAlert,
  SimpleTable,
} from '@controlplane/frontend-common';

/** The latest audit records of the tenant, from the audit plugin when it is installed. */
export const AuditTab = (props: { tenant: string }) => {
  const api = useApi(tenantsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listAuditRecords(props.tenant),
    [api, props.tenant],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <ErrorAlert error={error} title="The audit trail is not available" />
    );
  }
  if (!value || value.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No audit records"
        description="Nothing has been recorded for this tenant yet."
      />
    );
  }
  return (
    <SimpleTable
      label="Audit timeline"
      columns={['Time', 'Actor', 'Action', 'Resource', 'Outcome']}
    >
      {value.map(record => (
        <TableRow key={record.id}>
          <TableCell>{formatTime(record.timestamp)}</TableCell>
          <TableCell>{record.actorId}</TableCell>
          <TableCell>{record.action}</TableCell>
          <TableCell>
            {[record.resourceType, record.resourceId].filter(Boolean).join(' ')}
          </TableCell>
          <TableCell>
            {record.outcome === 'success' ? (
              <StatusOK>success</StatusOK>
            ) : (
              <StatusError>{record.outcome}</StatusError>
            )}
          </TableCell>
        </TableRow>
      ))}
    </SimpleTable>
  );
};
