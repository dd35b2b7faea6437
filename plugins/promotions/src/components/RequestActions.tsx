import { useState } from 'react';
import { Box, Button, TextField } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  createConfirmDialog,
  FormDialog,
  useAction,
} from '@controlplane/frontend-common';
import { PromotionRequest } from '@controlplane/plugin-promotions-common';
import { PromotionsApi, promotionsApiRef } from '../api';

const ConfirmDialog = createConfirmDialog({ reasonId: 'promotion-reason' });

type Allowed = NonNullable<PromotionRequest['allowed']>;

interface Action {
  allowed: keyof Allowed;
  label: string;
  /** A comment that may be left out, a reason that may not, or nothing. */
  text: 'comment' | 'reason' | 'none';
  /** What the dialog says will happen. */
  consequence: string;
  run: (
    api: PromotionsApi,
    id: string,
    text: string,
  ) => Promise<PromotionRequest>;
  primary?: boolean;
}

const ACTIONS: Action[] = [
  {
    allowed: 'approve',
    label: 'Approve',
    text: 'comment',
    consequence:
      'The approval that completes the quorum applies the version, unless a freeze holds it.',
    run: (api, id, text) => api.approve(id, text || undefined),
    primary: true,
  },
  {
    allowed: 'reject',
    label: 'Reject',
    text: 'reason',
    consequence: 'The requester is told why; the request is closed.',
    run: (api, id, text) => api.reject(id, text),
  },
  {
    allowed: 'withdraw',
    label: 'Withdraw',
    text: 'none',
    consequence: 'The request is closed; nothing is promoted.',
    run: (api, id) => api.withdraw(id),
  },
  {
    allowed: 'override',
    label: 'Request override',
    text: 'reason',
    consequence:
      'Asks to apply it despite the freezes that hold it; a second person must approve the override.',
    run: (api, id, text) => api.requestOverride(id, text),
  },
  {
    allowed: 'approveOverride',
    label: 'Approve override',
    text: 'comment',
    consequence:
      'An approved request is then applied at once, despite the freeze.',
    run: (api, id, text) => api.approveOverride(id, text || undefined),
  },
];

/** A dialog with an optional comment. */
const CommentDialog = (props: {
  action: Action;
  open: boolean;
  busy: boolean;
  error?: Error;
  onConfirm: (comment: string) => void;
  onClose: () => void;
}) => {
  const [comment, setComment] = useState('');
  return (
    <FormDialog
      open={props.open}
      title={`${props.action.label}?`}
      submitLabel={props.action.label}
      submitDisabled={props.busy}
      error={props.error}
      onSubmit={() => props.onConfirm(comment.trim())}
      onClose={props.onClose}
    >
      {props.action.consequence}
      <TextField
        id="promotion-comment"
        label="Comment (optional)"
        value={comment}
        onChange={e => setComment(e.target.value)}
        fullWidth
        multiline
        minRows={2}
        margin="normal"
        inputProps={{ maxLength: 2000 }}
      />
    </FormDialog>
  );
};

/**
 * The decisions the user may take on the request now, as its `allowed`
 * says: approve, reject (with a reason), withdraw, request or approve an
 * override. Each answers the request as it is now.
 */
export const RequestActions = (props: {
  request: PromotionRequest;
  onChanged: (request: PromotionRequest) => void;
}) => {
  const { request } = props;
  const api = useApi(promotionsApiRef);
  const [chosen, setChosen] = useState<Action>();
  const { busy, error, run, clearError } = useAction();
  const allowed = request.allowed;
  if (!allowed) return null;

  const confirm = async (text: string) => {
    if (!chosen) return;
    const result = await run(() => chosen.run(api, request.id, text));
    if (result.ok) {
      setChosen(undefined);
      props.onChanged(result.value);
    }
  };
  const close = () => setChosen(undefined);

  return (
    <>
      {ACTIONS.filter(action => allowed[action.allowed]).map(action => (
        <Box key={action.allowed} ml={1} display="inline-block">
          <Button
            variant={action.primary ? 'contained' : 'outlined'}
            color={action.primary ? 'primary' : 'default'}
            onClick={() => {
              clearError();
              setChosen(action);
            }}
          >
            {action.label}
          </Button>
        </Box>
      ))}
      {chosen?.text === 'comment' ? (
        <CommentDialog
          action={chosen}
          open
          busy={busy}
          error={error}
          onConfirm={confirm}
          onClose={close}
        />
      ) : (
        <ConfirmDialog
          open={chosen !== undefined}
          title={`${chosen?.label ?? ''}?`}
          confirmLabel={chosen?.label ?? ''}
          reasonLabel={chosen?.text === 'reason' ? 'Reason' : undefined}
          busy={busy}
          error={error}
          onConfirm={confirm}
          onClose={close}
        >
          {chosen?.consequence}
        </ConfirmDialog>
      )}
    </>
  );
};
