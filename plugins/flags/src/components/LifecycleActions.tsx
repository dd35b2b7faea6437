import { useState } from 'react';
import { Box, Button } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { ConfirmDialog, useAction } from '@controlplane/frontend-common';
import { Flag, Lifecycle } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { useFlagsAccess } from './access';

const ACTIONS: { label: string; to: Lifecycle; from: Lifecycle[] }[] = [
  { label: 'Deprecate', to: 'deprecated', from: ['active'] },
  { label: 'Archive', to: 'archived', from: ['active', 'deprecated'] },
  { label: 'Reactivate', to: 'active', from: ['deprecated', 'archived'] },
];

const CONSEQUENCE: Record<Lifecycle, string> = {
  deprecated: 'Apps still get it; the list marks it for removal.',
  archived: 'Apps no longer get it; its values are kept.',
  active: 'Apps get it again as its values say.',
};

/**
 * Deprecate, archive or reactivate the flag (flags.flag.update), with the
 * revision read so a flag changed meanwhile is refused; a reason is
 * required when the flag exists in production.
 */
export const LifecycleActions = (props: {
  flag: Flag;
  onChanged: (flag: Flag) => void;
}) => {
  const { flag } = props;
  const api = useApi(flagsApiRef);
  const access = useFlagsAccess();
  const [target, setTarget] = useState<(typeof ACTIONS)[number]>();
  const { busy, error, run, clearError } = useAction();
  if (!access.update) return null;

  const inProduction = flag.environments.includes('production');
  const confirm = async (reason: string) => {
    if (!target) return;
    const result = await run(() =>
      api.updateFlag(flag.key, {
        lifecycle: target.to,
        revision: flag.revision,
        reason: reason || undefined,
      }),
    );
    if (result.ok) {
      setTarget(undefined);
      props.onChanged(result.value);
    }
  };

  return (
    <>
      {ACTIONS.filter(action => action.from.includes(flag.lifecycle)).map(
        action => (
          <Box key={action.to} ml={1} display="inline-block">
            <Button
              variant="outlined"
              onClick={() => {
                clearError();
                setTarget(action);
              }}
            >
              {action.label}
            </Button>
          </Box>
        ),
      )}
      <ConfirmDialog
        open={target !== undefined}
        title={`${target?.label ?? ''} ${flag.key}?`}
        confirmLabel={target?.label ?? ''}
        reasonLabel={inProduction ? 'Reason' : undefined}
        reasonId="lifecycle-reason"
        busy={busy}
        error={error}
        onConfirm={confirm}
        onClose={() => setTarget(undefined)}
      >
        {target && CONSEQUENCE[target.to]}
      </ConfirmDialog>
    </>
  );
};
