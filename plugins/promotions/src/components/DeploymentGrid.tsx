import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Typography } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { DataTable } from '@controlplane/frontend-common';
import {
  Deployment,
  PROMOTION_ENVIRONMENTS,
  PromotionEnvironment,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { DriftChip } from './chips';

/** At most this many pages of deployments of one target are read. */
const MAX_PAGES = 10;

/** Every deployment of `target` (all pages), or nothing without a target. */
export function useDeployments(target?: string) {
  const api = useApi(promotionsApiRef);
  return useAsyncRetry(async () => {
    if (!target) return [];
    const deployments: Deployment[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await api.listDeployments({
        target,
        cursor,
        limit: '200',
      });
      deployments.push(...answer.items);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    return deployments;
  }, [api, target]);
}

interface TenantRow {
  tenant: string;
  cells: Partial<Record<PromotionEnvironment, Deployment>>;
}

function byTenant(deployments: Deployment[]): TenantRow[] {
  const rows = new Map<string, TenantRow>();
  for (const deployment of deployments) {
    const row = rows.get(deployment.tenant) ?? {
      tenant: deployment.tenant,
      cells: {},
    };
    row.cells[deployment.environment] = deployment;
    rows.set(deployment.tenant, row);
  }
  return [...rows.values()].sort((a, b) => a.tenant.localeCompare(b.tenant));
}

const columns = (
  action?: (deployment: Deployment) => JSX.Element | null,
): TableColumn<TenantRow>[] => [
  { title: 'Tenant', field: 'tenant' },
  ...PROMOTION_ENVIRONMENTS.map(environment => ({
    title: environment,
    render: (row: TenantRow) => {
      const deployment = row.cells[environment];
      if (!deployment) return '—';
      return (
        <Box aria-label={`${row.tenant} ${environment}`}>
          <Typography variant="body2" component="span">
            <strong>{deployment.version}</strong>
          </Typography>{' '}
          <DriftChip deployment={deployment} />
          {action?.(deployment)}
        </Box>
      );
    },
  })),
];

/**
 * What runs where: one row per tenant, one column per environment, each
 * cell the version with its drift (and `action`, e.g. "Roll back").
 */
export const DeploymentGrid = (props: {
  label: string;
  deployments: Deployment[];
  loading?: boolean;
  action?: (deployment: Deployment) => JSX.Element | null;
}) => {
  const { action } = props;
  const tableColumns = useMemo(() => columns(action), [action]);
  const rows = useMemo(() => byTenant(props.deployments), [props.deployments]);
  return (
    <DataTable<TenantRow>
      label={props.label}
      columns={tableColumns}
      data={rows}
      isLoading={props.loading}
      emptyTitle="Not deployed anywhere yet"
    />
  );
};
