import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  ReasonField,
  reasonMissing,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';
import {
  MaintenanceWindow,
  Operation,
} from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { OPERATIONS } from './labels';

/**
 * Asks to let one of the operations a window blocks through, with a reason;
 * it takes effect once a second person approves it.
 */
export const OverrideDialog = (props: {
  window?: MaintenanceWindow;
  onClose: () => void;
  onRequested: (window: MaintenanceWindow) => void;
}) => {
  const { window, onClose } = props;
  const api = useApi(incidentsApiRef);
  const [operation, setOperation] = useState<Operation>('deploy');
  const [reason, setReason] = useState('');
  const { busy, error, run, clearError } = useAction();
  useEffect(() => {
    if (window) {
      setOperation(window.operations[0]);
      setReason('');
      clearError();
    }
    // Reset on opening only; clearError is a new function on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [window]);

  const send = async () => {
    if (!window) return;
    const result = await run(() =>
      api.requestOverride(window.id, operation, reason.trim()),
    );
    if (result.ok) {
      onClose();
      props.onRequested(result.value);
    }
  };

  return (
    <FormDialog
      open={window !== undefined}
      title={`Request an override of ${window?.title ?? ''}`}
      submitLabel="Request override"
      submitColor="secondary"
      submitDisabled={busy || reasonMissing(true, reason)}
      error={error}
      onSubmit={send}
      onClose={onClose}
    >
      A second person who may override maintenance must approve it before the
      operation goes through.
      <SelectField
        id="override-operation"
        label="Operation"
        value={operation}
        options={window?.operations ?? OPERATIONS}
        onChange={setOperation}
      />
      <ReasonField
        id="override-reason"
        value={reason}
        onChange={setReason}
        required
        helperText="Why it cannot wait; recorded in the audit trail"
      />
    </FormDialog>
  );
};
