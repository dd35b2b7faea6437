import { Button } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';

/** A column of a CSV file: its heading and how a row gives its cell. */
export interface CsvColumn<T> {
  /** The heading of the column, e.g. `tenant`. */
  title: string;
  /** The cell of a row; null or undefined for an empty cell. */
  value: (row: T) => string | number | boolean | null | undefined;
}

/**
 * Rows as CSV (RFC 4180): a heading line, then one line per row; cells with
 * a comma, quote or line break are quoted, quotes doubled. Cells that a
 * spreadsheet would run as a formula (starting with =, +, - or \@ and not a
 * number) get a leading apostrophe.
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    let text = String(value);
    if (/^[=+\-@]/.test(text) && !Number.isFinite(Number(text))) {
      text = `'${text}`;
    }
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    columns.map(column => cell(column.title)).join(','),
    ...rows.map(row =>
      columns.map(column => cell(column.value(row))).join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Saves text as a file through the browser. */
export function saveFile(filename: string, text: string, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** "Download CSV" of the rows a table shows, as they are shown. */
export function DownloadCsvButton<T>(props: {
  filename: string;
  columns: CsvColumn<T>[];
  rows: T[];
  label?: string;
}) {
  return (
    <Button
      size="small"
      startIcon={<GetAppIcon />}
      disabled={props.rows.length === 0}
      onClick={() => saveFile(props.filename, toCsv(props.columns, props.rows))}
    >
      {props.label ?? 'Download CSV'}
    </Button>
  );
}
