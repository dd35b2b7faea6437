import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Box,
  Checkbox,
  Chip,
  FormControlLabel,
  TextField,
} from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  DataTable,
  FilterChips,
  formatTime,
  SearchField,
  useCursorPages,
} from '@controlplane/frontend-common';
import {
  FLAG_LIFECYCLES,
  FlagSummary,
  Lifecycle,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { flagPath, useFlagsRoot } from './links';

/** Flags per page. */
export const PAGE_SIZE = 25;

const tagInputProps = { 'aria-label': 'Filter by tag', maxLength: 40 };

/** The markers of a flag: killed, potentially stale. */
export const FlagMarkers = (props: { flag: FlagSummary }) => (
  <>
    {props.flag.killed && (
      <Chip size="small" color="secondary" label="killed" />
    )}
    {props.flag.potentiallyStale && (
      <Chip size="small" variant="outlined" label="potentially stale" />
    )}
  </>
);

const columns = (root: string): TableColumn<FlagSummary>[] => [
  {
    title: 'Key',
    field: 'key',
    render: flag => <Link to={flagPath(root, flag.key)}>{flag.key}</Link>,
  },
  { title: 'Description', field: 'description' },
  { title: 'Type', field: 'type' },
  { title: 'Lifecycle', field: 'lifecycle' },
  { title: 'Tags', render: flag => flag.tags.join(', ') },
  { title: 'Environments', render: flag => flag.environments.join(', ') },
  { title: 'Markers', render: flag => <FlagMarkers flag={flag} /> },
  {
    title: 'Last evaluated',
    render: flag =>
      flag.lastEvaluatedAt ? formatTime(flag.lastEvaluatedAt) : 'never',
  },
];

/**
 * The flag definitions, searched by key or description, filtered by tag and
 * lifecycle and paged with the backend's cursors; each links to its page.
 */
export const FlagsList = () => {
  const api = useApi(flagsApiRef);
  const root = useFlagsRoot();
  const tableColumns = useMemo(() => columns(root), [root]);
  const [searchText, setSearchText] = useState('');
  const [tagText, setTagText] = useState('');
  const [query, setQuery] = useState({ search: '', tag: '' });
  useDebounce(
    () => setQuery({ search: searchText.trim(), tag: tagText.trim() }),
    300,
    [searchText, tagText],
  );
  const [lifecycle, setLifecycle] = useState<Lifecycle>();
  const [staleOnly, setStaleOnly] = useState(false);

  const pages = useCursorPages([query.search, query.tag, lifecycle, staleOnly]);
  const { value, loading, error } = useAsync(
    () =>
      api.listFlags({
        search: query.search || undefined,
        tag: query.tag || undefined,
        lifecycle: lifecycle ? [lifecycle] : undefined,
        stale: staleOnly ? 'true' : undefined,
        cursor: pages.cursor,
        limit: String(PAGE_SIZE),
      }),
    [api, query, lifecycle, staleOnly, pages.cursor],
  );

  const filtered = Boolean(query.search || query.tag || lifecycle || staleOnly);
  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <Box mr={2}>
          <SearchField
            label="Search flags"
            placeholder="Search by key or description"
            value={searchText}
            onChange={setSearchText}
          />
        </Box>
        <Box mr={2}>
          <TextField
            placeholder="Tag"
            value={tagText}
            onChange={e => setTagText(e.target.value)}
            variant="outlined"
            size="small"
            inputProps={tagInputProps}
          />
        </Box>
        <FilterChips
          label="Lifecycle"
          values={FLAG_LIFECYCLES}
          selected={lifecycle}
          onSelect={setLifecycle}
        />
        <FormControlLabel
          label="Only potentially stale"
          control={
            <Checkbox
              checked={staleOnly}
              onChange={e => setStaleOnly(e.target.checked)}
            />
          }
        />
      </Box>
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <DataTable<FlagSummary>
          label="Flags"
          columns={tableColumns}
          data={value?.items ?? []}
          isLoading={loading}
          emptyTitle={
            filtered ? 'No flags match these filters' : 'No flags yet'
          }
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
