import { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@material-ui/core';
import { ErrorAlert } from './errors';

/**
 * A dialog with its fields (`children`), the error of its last submission,
 * Cancel and a contained submit button.
 */
export const FormDialog = (props: {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  submitLabel: ReactNode;
  /** `secondary` for a destructive or sensitive action. */
  submitColor?: 'primary' | 'secondary';
  submitDisabled?: boolean;
  error?: Error;
  /** Whether the dialog takes the full width (the default). */
  fullWidth?: boolean;
  onSubmit: () => void;
  onClose: () => void;
}) => (
  <Dialog
    open={props.open}
    onClose={props.onClose}
    fullWidth={props.fullWidth ?? true}
  >
    <DialogTitle>{props.title}</DialogTitle>
    <DialogContent>
      {props.children}
      <ErrorAlert error={props.error} />
    </DialogContent>
    <DialogActions>
      <Button onClick={props.onClose}>Cancel</Button>
      <Button
        color={props.submitColor ?? 'primary'}
        variant="contained"
        disabled={props.submitDisabled}
        onClick={props.onSubmit}
      >
        {props.submitLabel}
      </Button>
    </DialogActions>
  </Dialog>
);
