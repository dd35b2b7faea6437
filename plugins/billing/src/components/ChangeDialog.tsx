import { ReactNode, useState } from 'react';
import { FormDialog, useAction } from '@controlplane/frontend-common';

/**
 * A dialog that makes one change: its fields show their errors once it is
 * submitted (`children` gets whether to show them), nothing is sent while
 * `invalid`, the server's error shows in the dialog, and `onSaved` follows
 * a change made.
 */
export const ChangeDialog = (props: {
  title: string;
  submitLabel?: string;
  invalid: boolean;
  change: () => Promise<unknown>;
  onClose: () => void;
  onSaved: () => void;
  children: (showErrors: boolean) => ReactNode;
}) => {
  const [submitted, setSubmitted] = useState(false);
  const action = useAction();
  const submit = async () => {
    setSubmitted(true);
    if (props.invalid) return;
    const done = await action.run(props.change);
    if (done.ok) props.onSaved();
  };
  return (
    <FormDialog
      open
      title={props.title}
      submitLabel={props.submitLabel ?? 'Save'}
      submitDisabled={action.busy}
      error={action.error}
      onSubmit={submit}
      onClose={props.onClose}
    >
      {props.children(submitted)}
    </FormDialog>
  );
};
