import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';
import { Box, Button, TextField } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Impersonation,
  tenantsImpersonationStartPermission,
  TenantUser,
} from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import { MIN_REASON, useTenantPermission } from './common';
import {
  EntityName,
  ErrorAlert,
  FormDialog,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';

interface ImpersonationsValue {
  items: Impersonation[];
  reload: () => void;
}

const ImpersonationsContext = createContext<ImpersonationsValue>({
  items: [],
  reload: () => {},
});

/**
 * Loads the active impersonations the user may see, for the banner and the
 * impersonate dialog. Users who may not see them get an empty list.
 */
export const ImpersonationsProvider = (props: { children: ReactNode }) => {
  const api = useApi(tenantsApiRef);
  const [items, setItems] = useState<Impersonation[]>([]);
  const reload = useCallback(() => {
    api.listActiveImpersonations().then(
      list => setItems(list),
      () => setItems([]),
    );
  }, [api]);
  useEffect(reload, [reload]);
  return (
    <ImpersonationsContext.Provider value={{ items, reload }}>
      {props.children}
    </ImpersonationsContext.Provider>
  );
};

export const useImpersonations = () => useContext(ImpersonationsContext);

/** `12 min left`, `45 s left` or `expired`. */
export function remaining(expiresAt: string, now: number): string {
  const ms = new Date(expiresAt).getTime() - now;
  if (!(ms > 0)) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 60)
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
  if (minutes >= 1) return `${minutes} min left`;
  return `${Math.ceil(ms / 1000)} s left`;
}

function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** A banner listing the active impersonations (of one tenant if given) with stop buttons. */
export const ActiveImpersonations = (props: { tenant?: string }) => {
  const api = useApi(tenantsApiRef);
  const { items, reload } = useImpersonations();
  const canStop = useTenantPermission(tenantsImpersonationStartPermission);
  const now = useNow();
  const { busy, error, run } = useAction();
  const shown = items.filter(
    i =>
      (!props.tenant || i.tenant === props.tenant) &&
      new Date(i.expiresAt).getTime() > now,
  );
  if (shown.length === 0 && !error) return null;
  return (
    <Box mb={2}>
      <Alert severity="info" aria-label="Active impersonations">
        <AlertTitle>Active impersonations</AlertTitle>
        {shown.map(i => (
          <Box key={i.id} display="flex" alignItems="center" my={0.5}>
            <Box flex={1}>
              {i.actor ? (
                <>
                  <EntityName entityRef={i.actor} hideIcon /> as{' '}
                </>
              ) : null}
              <strong>{i.userEmail ?? i.userId}</strong> in{' '}
              <strong>{i.tenant}</strong> — {i.reason} (
              {remaining(i.expiresAt, now)})
            </Box>
            {canStop && (
              <Button
                size="small"
                variant="outlined"
                disabled={busy}
                aria-label={`Stop impersonating ${i.userEmail ?? i.userId}`}
                onClick={async () => {
                  await run(() => api.stopImpersonation(i.id));
                  reload();
                }}
              >
                Stop
              </Button>
            )}
          </Box>
        ))}
        <ErrorAlert error={error} />
      </Alert>
    </Box>
  );
};

/** Durations offered; the backend allows at most 30 minutes by default. */
const DURATIONS = [5, 15, 30];

/** Starts impersonating a user of a tenant, with a reason and a duration. */
export const ImpersonateDialog = (props: {
  tenant: string;
  user?: TenantUser;
  onClose: () => void;
}) => {
  const api = useApi(tenantsApiRef);
  const { reload } = useImpersonations();
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(15);
  const { busy, error, run, clearError } = useAction();
  const { user } = props;

  const close = () => {
    setReason('');
    setMinutes(15);
    clearError();
    props.onClose();
  };

  return (
    <FormDialog
      open={user !== undefined}
      title={<>Impersonate {user?.email}</>}
      submitLabel="Impersonate"
      submitColor="secondary"
      submitDisabled={busy || reason.trim().length < MIN_REASON || !user}
      error={error}
      onSubmit={async () => {
        if (!user) return;
        const result = await run(() =>
          api.startImpersonation({
            tenant: props.tenant,
            userId: user.id,
            reason: reason.trim(),
            minutes,
          }),
        );
        if (result.ok) {
          reload();
          close();
        }
      }}
      onClose={close}
    >
      <TextField
        id="tenants-impersonation-reason"
        label="Reason"
        value={reason}
        onChange={e => setReason(e.target.value)}
        helperText="Recorded in the audit trail, e.g. the support ticket"
        fullWidth
        multiline
        margin="normal"
        required
      />
      <SelectField
        id="tenants-duration"
        label="Duration"
        value={minutes}
        options={DURATIONS}
        optionLabel={m => `${m} minutes`}
        onChange={setMinutes}
      />
    </FormDialog>
  );
};
