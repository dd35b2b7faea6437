import { ReactNode } from 'react';
import {
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
} from '@material-ui/core';

/**
 * A small table with its column headings (and, with `actions`, a
 * right-aligned "Actions" column); with `empty`, a row saying so when
 * `isEmpty`.
 */
export const SimpleTable = (props: {
  label: string;
  columns: string[];
  actions?: boolean;
  empty?: string;
  isEmpty?: boolean;
  children: ReactNode;
}) => {
  const width = props.columns.length + (props.actions ? 1 : 0);
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {props.columns.map(column => (
              <TableCell key={column}>{column}</TableCell>
            ))}
            {props.actions && <TableCell align="right">Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.children}
          {props.empty && props.isEmpty && (
            <TableRow>
              <TableCell colSpan={width}>
                <em>{props.empty}</em>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
