import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { Box, Chip, Typography } from '@material-ui/core';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { Link, Progress, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  DataTable,
  EntityName,
  FilterChips,
  PortalPage,
  useCursorPages,
  useUrlParams,
  SearchField,
} from '@controlplane/frontend-common';
import {
  APP_STATUSES,
  AppStatus,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { AppStatusView, ChipList, formatTime } from './common';
import { apiKeysPath, appPath, useAppsRoot } from './links';
import { RegisterAppButton } from './RegisterAppDialog';

export const PAGE_SIZE = 25;

const isAppStatus = (value: string | null): value is AppStatus =>
  APP_STATUSES.some(status => status === value);

/** The managed apps: search and filter (kept in the URL), page, register. */
export const AppsListPage = () => {
  const api = useApi(appsApiRef);
  const root = useAppsRoot();
  const { params, update } = useUrlParams();
  const search = params.get('search') ?? '';
  const statusParam = params.get('status');
  const status = isAppStatus(statusParam) ? statusParam : undefined;
  const tenant = params.get('tenant') ?? undefined;

  const [searchText, setSearchText] = useState(search);

  useDebounce(
    () => {
      if (searchText.trim() !== search) update({ search: searchText.trim() });
    },
    300,
    [searchText],
  );

  // Any change of the query starts again at the first page.
  const pages = useCursorPages([search, status, tenant]);
  const cursor = pages.cursor;

  const { value, loading, error } = useAsync(
    () =>
      api.listApps({
        search: search || undefined,
        status,
        tenant,
        cursor,
        limit: String(PAGE_SIZE),
      }),
    [api, search, status, tenant, cursor],
  );
  const filtered = Boolean(search || status || tenant);

  const columns: TableColumn<ManagedApp>[] = [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      render: app => (
        <>
          <Link to={appPath(root, app.id)}>{app.name}</Link>
          {app.title && (
            <Typography variant="body2" color="textSecondary">
              {app.title}
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Environment', field: 'environment' },
    {
      title: 'Status',
      field: 'status',
      render: app => <AppStatusView status={app.status} />,
    },
    {
      title: 'Tenants',
      sorting: false,
      render: app => (
        <ChipList
          values={app.tenants}
          label={name => `Filter by tenant ${name}`}
          onClick={name => update({ tenant: name })}
        />
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: app => <EntityName entityRef={app.owner} />,
    },
    {
      title: 'Updated',
      field: 'updatedAt',
      render: app => formatTime(app.updatedAt),
    },
  ];

  return (
    <PortalPage
      title="Apps"
      subtitle="Applications that call the portal's APIs with their own credentials"
      headerActions={
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Link to={apiKeysPath(root)}>
            <Box display="flex" alignItems="center" style={{ gap: 4 }}>
              <VpnKeyIcon fontSize="small" />
              All API keys
            </Box>
          </Link>
          <RegisterAppButton />
        </Box>
      }
    >
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <Box mr={2}>
          <SearchField
            label="Search apps"
            placeholder="Search by name or title"
            value={searchText}
            onChange={setSearchText}
          />
        </Box>
        <FilterChips
          label="Status"
          values={APP_STATUSES}
          selected={status}
          onSelect={choice => update({ status: choice })}
        />
        {tenant && (
          <Box>
            <Chip
              size="small"
              color="primary"
              label={`Tenant: ${tenant}`}
              aria-label={`Tenant filter ${tenant}`}
              onDelete={() => update({ tenant: undefined })}
            />
          </Box>
        )}
      </Box>
      {error && <BackendErrorPanel error={error} />}
      {!error && !value && loading && <Progress />}
      {!error && value && (
        <DataTable
          label="Apps"
          columns={columns}
          data={value.items}
          isLoading={loading}
          emptyTitle={
            filtered
              ? 'No apps match.'
              : 'No apps registered yet. Register one to issue it credentials.'
          }
        />
      )}
      <CursorPageButtons
        pages={pages}
        nextCursor={value?.nextCursor}
        loading={loading}
      />
    </PortalPage>
  );
};
