import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { JsonObject, JsonValue } from '@backstage/types';
import { DiffRow, metadataDiff, missingFrom } from './metadataDiff';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    margin: 0,
  },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  changed: { backgroundColor: theme.palette.action.hover },
  removed: {
    color: theme.palette.error.main,
    textDecoration: 'line-through',
  },
  added: { color: theme.palette.success.main, fontWeight: 'bold' },
  absent: { color: theme.palette.text.disabled, fontStyle: 'italic' },
  cell: { verticalAlign: 'top', width: '40%' },
}));

const asText = (value: JsonValue) =>
  typeof value === 'string' ? value : JSON.stringify(value, null, 2);

/**
 * One side of a before/after pair. Lists show item by item, with what the
 * other side does not have marked as removed (before) or added (after).
 */
const DiffValue = (props: {
  value: JsonValue | undefined;
  other: JsonValue | undefined;
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

const DiffTable = (props: { rows: DiffRow[] }) => {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="changes">
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Before</TableCell>
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow
            key={row.field}
            className={row.changed ? classes.changed : undefined}
          >
            <TableCell component="th" scope="row">
              {row.field || 'value'}
            </TableCell>
            <TableCell className={classes.cell}>
              <DiffValue value={row.before} other={row.after} side="before" />
            </TableCell>
            <TableCell className={classes.cell}>
              <DiffValue value={row.after} other={row.before} side="after" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The metadata of a record: its changes side by side, then the rest. */
export const MetadataView = (props: { metadata: JsonObject }) => {
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
