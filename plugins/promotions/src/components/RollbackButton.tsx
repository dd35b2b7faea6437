import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { createConfirmDialog, useAction } from '@controlplane/frontend-common';
import { Deployment } from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { requestPath, usePromotionsRoot } from './links';

const ConfirmDialog = createConfirmDialog({ reasonId: 'rollback-reason' });

/**
 * "Roll back" a deployment to its previous version: a rollback request
 * under the environment's policy, whose page then opens.
 */
export const RollbackButton = (props: { deployment: Deployment }) => {
  const { deployment } = props;
  const api = useApi(promotionsApiRef);
  const navigate = useNavigate();
  const root = usePromotionsRoot();
  const [open, setOpen] = useState(false);
  const { busy, error, run, clearError } = useAction();
  if (!deployment.previousVersion) return null;

  const confirm = async (reason: string) => {
    const result = await run(() => api.rollback(deployment.id, reason));
    if (result.ok) {
      setOpen(false);
      navigate(requestPath(root, result.value.id));
    }
  };

  return (
    <>
      <Button
        size="small"
        aria-label={`Roll back ${deployment.tenant} ${deployment.environment} to ${deployment.previousVersion}`}
        onClick={() => {
          clearError();
          setOpen(true);
        }}
      >
        Roll back
      </Button>
      <ConfirmDialog
        open={open}
        title={`Roll back ${deployment.tenant} ${deployment.environment}?`}
        confirmLabel="Request rollback"
        reasonLabel="Reason"
        busy={busy}
        error={error}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      >
        Asks to put {deployment.version} back to {deployment.previousVersion},
        under the approval policy of {deployment.environment}.
      </ConfirmDialog>
    </>
  );
};
