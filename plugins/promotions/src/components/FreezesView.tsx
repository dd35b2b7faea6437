import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button, Checkbox, FormControlLabel } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  ConfirmDialog,
  useAction,
} from '@controlplane/frontend-common';
import { Freeze } from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { usePromotionsAccess } from './access';
import { FreezeDialog } from './FreezeDialog';
import { FreezeTable } from './FreezeTable';

/**
 * The freezes that have not ended (or all), maintenance windows and open
 * incidents; holders of promotions.freeze.manage create and lift them.
 */
export const FreezesView = () => {
  const api = useApi(promotionsApiRef);
  const access = usePromotionsAccess();
  const [all, setAll] = useState(false);
  const freezes = useAsyncRetry(() => api.listFreezes(all), [api, all]);
  const [creating, setCreating] = useState(false);
  const [lifting, setLifting] = useState<Freeze>();
  const lift = useAction();
  const { retry } = freezes;

  const { manageFreezes } = access;
  const liftButton = useCallback(
    (freeze: Freeze) =>
      manageFreezes && !freeze.liftedAt ? (
        <Button
          size="small"
          aria-label={`Lift the freeze of ${freeze.environment}: ${freeze.reason}`}
          onClick={() => {
            lift.clearError();
            setLifting(freeze);
          }}
        >
          Lift
        </Button>
      ) : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [manageFreezes],
  );

  const confirmLift = async () => {
    if (!lifting) return;
    const result = await lift.run(() => api.liftFreeze(lifting.id));
    if (result.ok) {
      setLifting(undefined);
      retry();
    }
  };

  return (
    <>
      <Box display="flex" alignItems="center" mb={2}>
        <FormControlLabel
          label="Include ended and lifted freezes"
          control={
            <Checkbox checked={all} onChange={e => setAll(e.target.checked)} />
          }
        />
        <Box flex={1} />
        {manageFreezes && (
          <Button variant="outlined" onClick={() => setCreating(true)}>
            New freeze
          </Button>
        )}
      </Box>
      {freezes.error ? (
        <BackendErrorPanel error={freezes.error} />
      ) : (
        <FreezeTable
          label="Freezes"
          freezes={freezes.value?.items ?? []}
          loading={freezes.loading}
          action={liftButton}
        />
      )}
      <FreezeDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => retry()}
      />
      <ConfirmDialog
        open={lifting !== undefined}
        title="Lift this freeze?"
        confirmLabel="Lift"
        busy={lift.busy}
        error={lift.error}
        onConfirm={confirmLift}
        onClose={() => setLifting(undefined)}
      >
        Promotions into {lifting?.environment} go ahead again; approved requests
        it held are applied now.
      </ConfirmDialog>
    </>
  );
};
