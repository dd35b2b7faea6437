import { ReasonField as CommonReasonField } from '@controlplane/frontend-common';

export { reasonMissing } from '@controlplane/frontend-common';

/**
 * Why a change is made. Required (`required`) for changes that touch
 * production: the backend refuses them without one.
 */
export const ReasonField = (props: {
  id: string;
  value: string;
  required: boolean;
  onChange: (value: string) => void;
}) => (
  <CommonReasonField
    {...props}
    helperText={
      props.required
        ? 'Required: this change touches production'
        : 'Optional: why the change is made'
    }
    margin="dense"
  />
);
