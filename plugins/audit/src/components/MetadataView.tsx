import { makeStyles, Typography, useTheme } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { DataTable } from '@controlplane/frontend-common';
import { DiffRow, Metadata, metadataDiff, missingFrom } from './metadataDiff';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    margin: 0,
  },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  removed: {
    color: theme.palette.error.main,
    textDecoration: 'line-through',
  },
  added: { color: theme.palette.success.main, fontWeight: 'bold' },
  absent: { color: theme.palette.text.disabled, fontStyle: 'italic' },
}));

const asText = (value: unknown) =>
  typeof value === 'string' ? value : JSON.stringify(value, null, 2);

/**
 * One side of a before/after pair. Lists show item by item, with what the
 * other side does not have marked as removed (before) or added (after).
 */
const DiffValue = (props: {
  value: unknown;
  other: unknown;
  side: 'before' | 'after';
}) => {
  const classes = useStyles();
  const { value, other, side } = props;
  if (value === undefined) {
    return <span className={classes.absent}>(none)</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return <span className={classes.absent}>(empty)</span>;
    }
    const different = missingFrom(value, other);
    const mark = side === 'before' ? classes.removed : classes.added;
    const change = side === 'before' ? 'removed' : 'added';
    return (
      <ul className={classes.list}>
        {value.map((item, index) => (
          <li
            key={index}
            className={`${classes.code} ${different.has(item) ? mark : ''}`}
            data-change={different.has(item) ? change : undefined}
          >
            {asText(item)}
          </li>
        ))}
      </ul>
    );
  }
  return <pre className={classes.code}>{asText(value)}</pre>;
};

/** The before/after pairs side by side, changed fields highlighted. */
const DiffTable = (props: { rows: DiffRow[] }) => {
  const theme = useTheme();
  const cell = (row: DiffRow, width?: string) => ({
    verticalAlign: 'top' as const,
    width,
    backgroundColor: row.changed ? theme.palette.action.hover : undefined,
  });
  const columns: TableColumn<DiffRow>[] = [
    {
      title: 'Field',
      sorting: false,
      render: row => row.field || 'value',
      cellStyle: (_, row) => cell(row),
    },
    {
      title: 'Before',
      sorting: false,
      render: row => (
        <DiffValue value={row.before} other={row.after} side="before" />
      ),
      cellStyle: (_, row) => cell(row, '40%'),
    },
    {
      title: 'After',
      sorting: false,
      render: row => (
        <DiffValue value={row.after} other={row.before} side="after" />
      ),
      cellStyle: (_, row) => cell(row, '40%'),
    },
  ];
  return <DataTable label="changes" columns={columns} data={props.rows} />;
};

/** The metadata of a record: its changes side by side, then the rest. */
export const MetadataView = (props: { metadata: Metadata }) => {
  const classes = useStyles();
  const diff = metadataDiff(props.metadata ?? {});
  const rest = diff ? diff.rest : props.metadata ?? {};
  return (
    <>
      {diff && (
        <>
          <Typography variant="h6" component="h3" gutterBottom>
            Changes
          </Typography>
          <DiffTable rows={diff.rows} />
        </>
      )}
      <Typography
        variant="h6"
        component="h3"
        gutterBottom
        style={{ marginTop: 16 }}
      >
        Details
      </Typography>
      {Object.keys(rest).length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No further details.
        </Typography>
      ) : (
        <pre className={classes.code} aria-label="metadata">
          {JSON.stringify(rest, null, 2)}
        </pre>
      )}
    </>
  );
};
