import { useLayoutEffect, useMemo, useRef } from 'react';
import { Box } from '@material-ui/core';
import {
  EmptyState,
  Table,
  TableColumn,
  TableProps,
} from '@backstage/core-components';

/**
 * A table of the portal's domain pages: Backstage's `Table` (sortable columns,
 * optional search of the loaded rows, paging for client-side lists) with an
 * `EmptyState` when there are no rows, and an accessible name (`label`), so
 * tests and screen readers find it as `table "<label>"`. Lists paged by the
 * server keep paging off and put `CursorPageButtons` below.
 */
export function DataTable<T extends object>(props: {
  /** The table's accessible name, e.g. `Apps`. */
  label: string;
  columns: TableColumn<T>[];
  data: T[];
  /** The heading above the table; none when left out. */
  title?: string | JSX.Element;
  /** What the empty state says, e.g. `No apps match these filters`. */
  emptyTitle?: string;
  emptyDescription?: string | JSX.Element;
  /** Search of the rows loaded (for lists the client holds whole). */
  search?: boolean;
  /** Client-side paging with this page size (for lists held whole). */
  pageSize?: number;
  isLoading?: boolean;
  actions?: TableProps<T>['actions'];
  onRowClick?: TableProps<T>['onRowClick'];
  /** Dense rows (the default); `false` for the roomier padding. */
  dense?: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  // Backstage's Table renders its own <table>; give it the accessible name.
  useLayoutEffect(() => {
    container.current
      ?.querySelector('table')
      ?.setAttribute('aria-label', props.label);
  });
  // Backstage's Table rebuilds its row components when these change, which
  // would replace every row on each render of the page: keep them stable.
  const { search, pageSize, dense, emptyTitle, emptyDescription } = props;
  const hasTitle = props.title !== undefined;
  const options = useMemo<TableProps<T>['options']>(
    () => ({
      search: search ?? false,
      paging: pageSize !== undefined,
      pageSize,
      emptyRowsWhenPaging: false,
      padding: dense === false ? 'default' : 'dense',
      toolbar: hasTitle || (search ?? false),
      draggable: false,
      actionsColumnIndex: -1,
    }),
    [search, pageSize, dense, hasTitle],
  );
  const emptyContent = useMemo(
    () => (
      <Box p={2}>
        <EmptyState
          missing="data"
          title={emptyTitle ?? 'Nothing here yet'}
          description={emptyDescription}
        />
      </Box>
    ),
    [emptyTitle, emptyDescription],
  );
  return (
    <div ref={container}>
      <Table<T>
        title={props.title}
        columns={props.columns}
        data={props.data}
        isLoading={props.isLoading}
        actions={props.actions}
        onRowClick={props.onRowClick}
        options={options}
        emptyContent={emptyContent}
      />
    </div>
  );
}
