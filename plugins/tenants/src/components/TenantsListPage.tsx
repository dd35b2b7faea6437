import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { Box, TableSortLabel } from '@material-ui/core';
import { Link, Progress, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Tenant,
  TENANT_PLANS,
  TENANT_STATUSES,
  TenantPlan,
  TenantStatus,
} from '@controlplane/plugin-tenants-common';
import { TenantSortField, tenantsApiRef } from '../api';
import { formatTime, TenantStatusView } from './common';
import { tenantPath, useTenantsRoot } from './links';
import { ProvisionTenantButton } from './ProvisionWizard';
import { ActiveImpersonations } from './Impersonation';
import {
  CursorPageButtons,
  DataTable,
  ErrorAlert,
  FilterChips,
  PortalPage,
  useCursorPages,
  useUrlParams,
  SearchField,
} from '@controlplane/frontend-common';

export const PAGE_SIZE = 25;

/**
 * The heading of a column the backend sorts by: the list is sorted and paged
 * by the server, so a click asks it for another order instead of sorting
 * the loaded page.
 */
const SortHeader = (props: {
  label: string;
  field: TenantSortField;
  sort: TenantSortField;
  order: 'asc' | 'desc';
  onSort: (field: TenantSortField) => void;
}) => (
  <TableSortLabel
    active={props.sort === props.field}
    direction={props.sort === props.field ? props.order : 'asc'}
    onClick={() => props.onSort(props.field)}
  >
    {props.label}
  </TableSortLabel>
);

/** The tenants: search, filter, sort and page through them; provision a new one. */
export const TenantsListPage = () => {
  const api = useApi(tenantsApiRef);
  const root = useTenantsRoot();
  const { params, update } = useUrlParams();
  const search = params.get('search') ?? '';
  const status = (params.get('status') ?? undefined) as
    | TenantStatus
    | undefined;
  const plan = (params.get('plan') ?? undefined) as TenantPlan | undefined;
  const sort = (params.get('sort') ?? 'name') as TenantSortField;
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';

  const [searchText, setSearchText] = useState(search);

  useDebounce(
    () => {
      if (searchText.trim() !== search) update({ search: searchText.trim() });
    },
    300,
    [searchText],
  );

  // Any change of the query starts again at the first page.
  const pages = useCursorPages([search, status, plan, sort, order]);
  const cursor = pages.cursor;

  const { value, loading, error } = useAsync(
    () =>
      api.listTenants({
        search: search || undefined,
        status,
        plan,
        sort,
        order,
        cursor,
        limit: PAGE_SIZE,
      }),
    [api, search, status, plan, sort, order, cursor],
  );

  const sortBy = (field: TenantSortField) =>
    update({
      sort: field,
      order: sort === field && order === 'asc' ? 'desc' : 'asc',
    });
  const sortHeader = (label: string, field: TenantSortField) => (
    <SortHeader
      label={label}
      field={field}
      sort={sort}
      order={order}
      onSort={sortBy}
    />
  );

  const columns: TableColumn<Tenant>[] = [
    {
      title: sortHeader('Name', 'name'),
      sorting: false,
      render: tenant => (
        <Link to={tenantPath(root, tenant.name)}>{tenant.name}</Link>
      ),
    },
    { title: 'Plan', field: 'plan', sorting: false },
    {
      title: 'Status',
      sorting: false,
      render: tenant => <TenantStatusView status={tenant.status} />,
    },
    { title: sortHeader('Domain', 'domain'), field: 'domain', sorting: false },
    {
      title: sortHeader('Created', 'createdAt'),
      sorting: false,
      render: tenant => formatTime(tenant.createdAt),
    },
  ];

  return (
    <PortalPage
      title="Tenants"
      subtitle="The organizations of the control plane"
      headerActions={<ProvisionTenantButton />}
    >
      <ActiveImpersonations />
      <Box mb={1}>
        <SearchField
          label="Search tenants"
          placeholder="Search by name or domain"
          value={searchText}
          onChange={setSearchText}
        />
      </Box>
      <Box display="flex" flexWrap="wrap" mb={2}>
        <FilterChips
          label="Status"
          values={TENANT_STATUSES}
          selected={status}
          onSelect={chosen => update({ status: chosen })}
        />
        <FilterChips
          label="Plan"
          values={TENANT_PLANS}
          selected={plan}
          onSelect={chosen => update({ plan: chosen })}
        />
      </Box>
      <ErrorAlert error={error} />
      {loading && value && <Progress />}
      <DataTable<Tenant>
        label="Tenants"
        columns={columns}
        data={value?.items ?? []}
        isLoading={loading && !value}
        emptyTitle="No tenants match"
      />
      <CursorPageButtons
        pages={pages}
        nextCursor={value?.nextCursor}
        loading={loading}
      />
    </PortalPage>
  );
};
