import { useMemo } from 'react';
import { Link, TableColumn } from '@backstage/core-components';
import {
  DataTable,
  EntityName,
  formatAge,
  formatTime,
} from '@controlplane/frontend-common';
import { PromotionRequest } from '@controlplane/plugin-promotions-common';
import { StatusChip } from './chips';
import { EvidenceSummary } from './EvidenceSummary';
import { formatApprovals, formatStep } from './format';
import { requestPath, usePromotionsRoot } from './links';

/** The first column: how long it waits (inbox), or its status. */
export type RequestTableLead = 'age' | 'status';

const columns = (
  root: string,
  lead: RequestTableLead,
): TableColumn<PromotionRequest>[] => [
  lead === 'age'
    ? {
        title: 'Waiting',
        render: r => (
          <span title={formatTime(r.requestedAt)}>
            {formatAge(r.requestedAt)}
          </span>
        ),
      }
    : { title: 'Status', render: r => <StatusChip status={r.status} /> },
  {
    title: 'Target',
    render: r => (
      <Link
        to={requestPath(root, r.id)}
        aria-label={`Request ${r.target} ${r.tenant} ${r.version}`}
      >
        <EntityName entityRef={r.target} link={false} hideIcon />
      </Link>
    ),
  },
  { title: 'Tenant', field: 'tenant' },
  { title: 'Environments', render: formatStep },
  {
    title: 'Version',
    render: r =>
      r.kind === 'rollback' ? `${r.version} (rollback)` : r.version,
  },
  {
    title: 'Requested by',
    render: r => <EntityName entityRef={r.requestedBy} />,
  },
  ...(lead === 'status'
    ? [
        {
          title: 'Requested',
          render: (r: PromotionRequest) => formatTime(r.requestedAt),
        },
      ]
    : []),
  { title: 'Evidence', render: r => <EvidenceSummary evidence={r.evidence} /> },
  { title: 'Approvals', render: formatApprovals },
];

/**
 * Requests in a table, each linked to its page: target, tenant,
 * environments, version, requester, evidence at a glance and approvals so
 * far of those required; first how long it waits (`lead="age"`, the inbox)
 * or its status.
 */
export const RequestTable = (props: {
  label: string;
  requests: PromotionRequest[];
  lead: RequestTableLead;
  loading?: boolean;
  emptyTitle: string;
}) => {
  const root = usePromotionsRoot();
  const { lead } = props;
  const tableColumns = useMemo(() => columns(root, lead), [root, lead]);
  return (
    <DataTable<PromotionRequest>
      label={props.label}
      columns={tableColumns}
      data={props.requests}
      isLoading={props.loading}
      emptyTitle={props.emptyTitle}
    />
  );
};
