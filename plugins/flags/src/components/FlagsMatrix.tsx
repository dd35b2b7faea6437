import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { Box, Typography } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  DataTable,
  SearchField,
  useCursorPages,
} from '@controlplane/frontend-common';
import {
  Environment,
  Matrix,
  MatrixRow,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { EnvironmentSelect } from './EnvironmentSelect';

/** Tenants per page. */
export const MATRIX_PAGE_SIZE = 25;

const keyHeaderStyle = { textTransform: 'none' } as const;

const columnsOf = (flags: Matrix['flags']): TableColumn<MatrixRow>[] => [
  { title: 'Tenant', field: 'tenant' },
  { title: 'Plan', field: 'plan' },
  ...flags.map(
    (flag): TableColumn<MatrixRow> => ({
      // Flag keys are case-sensitive: not upper-cased like other headers.
      title: (
        <span style={keyHeaderStyle}>
          {flag.killed ? `${flag.key} (killed)` : flag.key}
        </span>
      ),
      render: row => {
        const cell = row.cells[flag.key];
        if (!cell) return '';
        return (
          <span aria-label={`${row.tenant} ${flag.key}`}>
            {cell.variant}
            <Typography variant="caption" color="textSecondary" display="block">
              {cell.layer}
            </Typography>
          </span>
        );
      },
    }),
  ),
];

/**
 * Tenants × flags in one environment: the variant each tenant gets without
 * context and the layer that decided it.
 */
export const FlagsMatrix = () => {
  const api = useApi(flagsApiRef);
  const [environment, setEnvironment] = useState<Environment>('production');
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(searchText.trim()), 300, [searchText]);
  const pages = useCursorPages([environment, search]);
  const { value, loading, error } = useAsync(
    () =>
      api.getMatrix({
        environment,
        search: search || undefined,
        cursor: pages.cursor,
        limit: String(MATRIX_PAGE_SIZE),
      }),
    [api, environment, search, pages.cursor],
  );
  const flags = value?.flags;
  const columns = useMemo(() => columnsOf(flags ?? []), [flags]);

  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <Box mr={2} mt={1}>
          <SearchField
            label="Search tenants"
            placeholder="Search tenants"
            value={searchText}
            onChange={setSearchText}
          />
        </Box>
        <Box width={220}>
          <EnvironmentSelect
            id="matrix-environment"
            value={environment}
            onChange={setEnvironment}
          />
        </Box>
      </Box>
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <DataTable<MatrixRow>
          label={`Flags per tenant in ${environment}`}
          columns={columns}
          data={value?.rows ?? []}
          isLoading={loading}
          emptyTitle="No tenants"
        />
      )}
      <CursorPageButtons
        pages={pages}
        nextCursor={value?.nextCursor}
        loading={loading}
      />
    </>
  );
};
