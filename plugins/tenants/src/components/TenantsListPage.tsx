import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Box,
  InputAdornment,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
} from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import { Link, Progress } from '@backstage/core-components';
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
  ErrorAlert,
  FilterChips,
  useCursorPages,
  useUrlParams,
} from '@controlplane/frontend-common';

export const PAGE_SIZE = 25;

/** The columns in order; the backend sorts by name, domain and creation. */
const COLUMNS: { label: string; sort?: TenantSortField }[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Plan' },
  { label: 'Status' },
  { label: 'Domain', sort: 'domain' },
  { label: 'Created', sort: 'createdAt' },
];

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

  return (
    <>
      <ActiveImpersonations />
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        mb={1}
      >
        <TextField
          placeholder="Search by name or domain"
          value={searchText}
          onChange={e => setSearchText(e.target.value)}
          variant="outlined"
          size="small"
          inputProps={{ 'aria-label': 'Search tenants' }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
        />
        <ProvisionTenantButton />
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
      <TableContainer component={Paper}>
        <Table size="small" aria-label="Tenants">
          <TableHead>
            <TableRow>
              {COLUMNS.map(({ label, sort: field }) => (
                <TableCell
                  key={label}
                  sortDirection={field && sort === field ? order : false}
                >
                  {field ? (
                    <TableSortLabel
                      active={sort === field}
                      direction={sort === field ? order : 'asc'}
                      onClick={() => sortBy(field)}
                    >
                      {label}
                    </TableSortLabel>
                  ) : (
                    label
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {value?.items.map((tenant: Tenant) => (
              <TableRow key={tenant.name}>
                <TableCell>
                  <Link to={tenantPath(root, tenant.name)}>{tenant.name}</Link>
                </TableCell>
                <TableCell>{tenant.plan}</TableCell>
                <TableCell>
                  <TenantStatusView status={tenant.status} />
                </TableCell>
                <TableCell>{tenant.domain}</TableCell>
                <TableCell>{formatTime(tenant.createdAt)}</TableCell>
              </TableRow>
            ))}
            {value && value.items.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>
                  <em>No tenants match.</em>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {loading && <Progress />}
      <CursorPageButtons
        pages={pages}
        nextCursor={value?.nextCursor}
        loading={loading}
      />
    </>
  );
};
