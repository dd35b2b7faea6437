import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  FormTextField,
  useDialogForm,
} from '@controlplane/frontend-common';
import { Policy, PolicyInput } from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { checkEntityRefs, checkNumber } from './validation';

const toForm = (policy?: Policy) => ({
  approvalsRequired: String(policy?.approvalsRequired ?? 1),
  approverGroups: policy?.approverGroups.join(', ') ?? '',
  expiresAfterHours: String(policy?.expiresAfterHours ?? 72),
});

type Form = ReturnType<typeof toForm>;

const FIELDS: [keyof Form, string, string][] = [
  ['approvalsRequired', 'Approvals required', '0 to 5; 0 approves at once'],
  [
    'approverGroups',
    'Approver groups',
    'Comma-separated; empty: anyone who may approve',
  ],
  ['expiresAfterHours', 'Expires after (hours)', '1 to 2160'],
];

function toPolicyInput(form: Form): PolicyInput {
  const approvalsRequired = checkNumber(
    'Approvals required',
    form.approvalsRequired,
    0,
    5,
    true,
  );
  if (approvalsRequired === undefined) {
    throw new Error('Approvals required must be a whole number from 0 to 5');
  }
  return {
    approvalsRequired,
    approverGroups: checkEntityRefs(form.approverGroups),
    expiresAfterHours: checkNumber(
      'Expires after',
      form.expiresAfterHours,
      1,
      2160,
      true,
    ),
  };
}

/**
 * Changes the approval policy of an environment (open while `policy` is
 * given): approvals required, approver groups, expiry.
 */
export const PolicyDialog = (props: {
  policy?: Policy;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const { policy, onClose } = props;
  const api = useApi(promotionsApiRef);
  const { form, update, busy, error, submit } = useDialogForm(
    policy !== undefined,
    () => toForm(policy),
  );

  return (
    <FormDialog
      open={policy !== undefined}
      title={`Approval policy of ${policy?.environment ?? ''}`}
      submitLabel="Save"
      submitDisabled={busy}
      error={error}
      onSubmit={() =>
        policy &&
        submit(
          toPolicyInput,
          input => api.updatePolicy(policy.environment, input),
          () => {
            onClose();
            props.onSaved();
          },
        )
      }
      onClose={onClose}
    >
      {FIELDS.map(([name, label, helperText]) => (
        <FormTextField
          key={name}
          id={`policy-${name}`}
          label={label}
          helperText={helperText}
          value={form[name]}
          onChange={value => update({ [name]: value })}
          required={name === 'approvalsRequired'}
        />
      ))}
    </FormDialog>
  );
};
