import { useState } from 'react';
import { Box, Button } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { ConfirmDialog, useAction } from '@controlplane/frontend-common';
import { Flag } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { useFlagsAccess } from './access';

/**
 * The kill switch, for holders of flags.flag.kill: turns the flag off
 * everywhere at once (every tenant gets the off variant), or back on. Always
 * asks why.
 */
export const KillSwitchButton = (props: {
  flag: Flag;
  onChanged: (flag: Flag) => void;
}) => {
  const { flag } = props;
  const api = useApi(flagsApiRef);
  const access = useFlagsAccess();
  const [open, setOpen] = useState(false);
  const { busy, error, run, clearError } = useAction();
  if (!access.kill) return null;

  const enable = !flag.killed;
  const confirm = async (reason: string) => {
    const result = await run(() => api.setKillSwitch(flag.key, enable, reason));
    if (result.ok) {
      setOpen(false);
      props.onChanged(result.value);
    }
  };

  return (
    <Box ml={1} display="inline-block">
      <Button
        variant="contained"
        color={enable ? 'secondary' : 'primary'}
        onClick={() => {
          clearError();
          setOpen(true);
        }}
      >
        {enable ? 'Kill switch' : 'Turn back on'}
      </Button>
      <ConfirmDialog
        open={open}
        title={
          enable
            ? `Turn ${flag.key} off everywhere?`
            : `Turn ${flag.key} back on?`
        }
        confirmLabel={enable ? 'Turn off everywhere' : 'Turn back on'}
        reasonLabel="Reason"
        reasonId="kill-switch-reason"
        busy={busy}
        error={error}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      >
        {enable
          ? `Every tenant, plan and environment gets the off variant (${flag.offVariant}) until it is turned back on.`
          : 'The values per environment, plan and tenant apply again.'}
      </ConfirmDialog>
    </Box>
  );
};
