import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Box,
  Chip,
  InputAdornment,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  FilterChips,
  useCursorPages,
  useUrlParams,
} from '@controlplane/frontend-common';
import { AppStatus, ManagedApp } from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { AppStatusView, ChipList, formatTime, OwnerLink } from './common';
import { apiKeysPath, appPath, useAppsRoot } from './links';
import { RegisterAppButton } from './RegisterAppDialog';

export const PAGE_SIZE = 25;
const STATUSES: AppStatus[] = ['active', 'disabled'];
const COLUMNS = [
  'Name',
  'Environment',
  'Status',
  'Tenants',
  'Owner',
  'Updated',
];

/** The managed apps: search and filter (kept in the URL), page, register. */
export const AppsListPage = () => {
  const api = useApi(appsApiRef);
  const root = useAppsRoot();
  const { params, update } = useUrlParams();
  const search = params.get('search') ?? '';
  const status = (params.get('status') ?? undefined) as AppStatus | undefined;
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
        limit: PAGE_SIZE,
      }),
    [api, search, status, tenant, cursor],
  );
  const filtered = Boolean(search || status || tenant);

  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        mb={1}
      >
        <TextField
          placeholder="Search by name or title"
          value={searchText}
          onChange={e => setSearchText(e.target.value)}
          variant="outlined"
          size="small"
          inputProps={{ 'aria-label': 'Search apps' }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
        />
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Link to={apiKeysPath(root)}>
            <Box display="flex" alignItems="center" style={{ gap: 4 }}>
              <VpnKeyIcon fontSize="small" />
              All API keys
            </Box>
          </Link>
          <RegisterAppButton />
        </Box>
      </Box>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <FilterChips
          label="Status"
          values={STATUSES}
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
      {!error && (
        <TableContainer component={Paper}>
          <Table size="small" aria-label="Apps">
            <TableHead>
              <TableRow>
                {COLUMNS.map(label => (
                  <TableCell key={label}>{label}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {value?.items.map((app: ManagedApp) => (
                <TableRow key={app.id}>
                  <TableCell>
                    <Link to={appPath(root, app.id)}>{app.name}</Link>
                    {app.title && (
                      <Typography variant="body2" color="textSecondary">
                        {app.title}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{app.environment}</TableCell>
                  <TableCell>
                    <AppStatusView status={app.status} />
                  </TableCell>
                  <TableCell>
                    <ChipList
                      values={app.tenants}
                      label={name => `Filter by tenant ${name}`}
                      onClick={name => update({ tenant: name })}
                    />
                  </TableCell>
                  <TableCell>
                    <OwnerLink owner={app.owner} />
                  </TableCell>
                  <TableCell>{formatTime(app.updatedAt)}</TableCell>
                </TableRow>
              ))}
              {value && value.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={COLUMNS.length}>
                    <em>
                      {filtered
                        ? 'No apps match.'
                        : 'No apps registered yet. Register one to issue it credentials.'}
                    </em>
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {loading && <Progress />}
      <CursorPageButtons
        pages={pages}
        nextCursor={value?.nextCursor}
        loading={loading}
      />
    </>
  );
};
