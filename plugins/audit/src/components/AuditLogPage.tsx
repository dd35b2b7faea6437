import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Box, Card, CardContent, Grid } from '@material-ui/core';
import { BackendErrorPanel, PortalPage } from '@controlplane/frontend-common';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { auditApiRef, AuditFilters } from '../api';
import { AuditFiltersForm } from './AuditFiltersForm';
import { AuditRecordsTable } from './AuditRecordsTable';
import { ChainStatusCard } from './ChainStatusCard';
import { ExportButton } from './ExportButton';
import { RecordDrawer } from './RecordDrawer';
import { activeFilters, filtersFromSearch, searchWithFilters } from './filters';
import { usePagedRecords } from './usePagedRecords';
import { useSelectedRecord } from './useSelectedRecord';

/** Records per page. */
export const PAGE_SIZE = 50;

/**
 * Export is a resource permission (tenant-scoped grants export only their
 * tenant's records) and the permission backend answers users only per
 * resource, so the audit backend says whether the user may export at all.
 */
const ExportAction = (props: { filters: AuditFilters }) => {
  const auditApi = useApi(auditApiRef);
  const access = useAsync(() => auditApi.getAccess(), [auditApi]);
  return access.value?.export ? <ExportButton filters={props.filters} /> : null;
};

/** The audit trail: filters in the URL, the matching records, one record's details. */
export const AuditLogPage = () => {
  const auditApi = useApi(auditApiRef);
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(
    () => activeFilters(filtersFromSearch(search)),
    [search],
  );
  const filterKey = JSON.stringify(filters);

  const load = useCallback(
    (cursor?: string) =>
      auditApi.listRecords(filters, {
        limit: PAGE_SIZE,
        cursor,
        includeTotal: !cursor,
      }),
    [auditApi, filters],
  );
  const paged = usePagedRecords(load, filterKey);
  const selected = useSelectedRecord(paged.records);

  const apply = (next: AuditFilters) =>
    setSearch(previous => searchWithFilters(previous, next));

  return (
    <PortalPage
      title="Audit records"
      headerActions={<ExportAction filters={filters} />}
    >
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ChainStatusCard onOpenRecord={selected.open} />
        </Grid>
        <Grid item xs={12}>
          <Card>
            <CardContent>
              <AuditFiltersForm
                key={filterKey}
                filters={filters}
                onApply={apply}
              />
            </CardContent>
          </Card>
        </Grid>
        <Grid item xs={12}>
          {paged.error && (
            <Box mb={2}>
              <BackendErrorPanel error={paged.error} />
            </Box>
          )}
          {!(paged.error && paged.records.length === 0) && (
            <AuditRecordsTable
              label="Audit records"
              records={paged.records}
              total={paged.total}
              loading={paged.loading}
              hasMore={paged.hasMore}
              loadingMore={paged.loadingMore}
              onLoadMore={paged.loadMore}
              onOpen={selected.open}
              emptyMessage={
                Object.keys(filters).length === 0
                  ? 'No audit records yet.'
                  : 'No audit records match these filters.'
              }
            />
          )}
        </Grid>
      </Grid>
      <RecordDrawer
        open={Boolean(selected.id)}
        record={selected.record}
        loading={selected.loading}
        error={selected.error}
        onClose={selected.close}
      />
    </PortalPage>
  );
};
