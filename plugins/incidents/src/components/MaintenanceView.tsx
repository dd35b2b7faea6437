import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Typography,
} from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  createConfirmDialog,
  ErrorAlert,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';
import {
  MaintenanceWindow,
  Override,
} from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { useIncidentsAccess } from './access';
import { CalendarGrouping, MaintenanceCalendar } from './MaintenanceCalendar';
import { MaintenanceDialog } from './MaintenanceDialog';
import { OverrideDialog } from './OverrideDialog';

const ConfirmDialog = createConfirmDialog({ reasonId: 'maintenance-reason' });
const GROUPINGS: readonly CalendarGrouping[] = ['day', 'week'];

/** Whether a window can still be cancelled or overridden. */
const open = (window: MaintenanceWindow) =>
  !window.cancelledAt && window.endsAt > new Date().toISOString();

/**
 * The maintenance calendar: windows that have not ended (or all), grouped
 * by day or week. Holders of incidents.maintenance.manage schedule and
 * cancel them; holders of incidents.maintenance.override ask for an
 * override with a reason and approve someone else's.
 */
export const MaintenanceView = () => {
  const api = useApi(incidentsApiRef);
  const identity = useApi(identityApiRef);
  const access = useIncidentsAccess();
  const me = useAsync(
    async () => (await identity.getBackstageIdentity()).userEntityRef,
    [identity],
  );
  const [all, setAll] = useState(false);
  const [grouping, setGrouping] = useState<CalendarGrouping>('day');
  const windows = useAsyncRetry(() => api.listMaintenance(all), [api, all]);
  const [scheduling, setScheduling] = useState(false);
  const [cancelling, setCancelling] = useState<MaintenanceWindow>();
  const [overriding, setOverriding] = useState<MaintenanceWindow>();
  const cancel = useAction();
  const approve = useAction();
  const { retry } = windows;

  const confirmCancel = async (reason: string) => {
    if (!cancelling) return;
    const result = await cancel.run(() =>
      api.cancelMaintenance(cancelling.id, reason),
    );
    if (result.ok) {
      setCancelling(undefined);
      retry();
    }
  };
  const approveOverride = async (window: MaintenanceWindow, o: Override) => {
    const result = await approve.run(() =>
      api.approveOverride(window.id, o.id),
    );
    if (result.ok) retry();
  };

  const actions = (window: MaintenanceWindow) =>
    open(window) ? (
      <Box display="flex" flexShrink={0}>
        {access.overrideMaintenance && (
          <Button
            size="small"
            aria-label={`Request an override of ${window.title}`}
            onClick={() => setOverriding(window)}
          >
            Request override
          </Button>
        )}
        {access.manageMaintenance && (
          <Button
            size="small"
            aria-label={`Cancel ${window.title}`}
            onClick={() => {
              cancel.clearError();
              setCancelling(window);
            }}
          >
            Cancel
          </Button>
        )}
      </Box>
    ) : null;
  // Nobody approves their own override (the backend refuses it too).
  const overrideAction = (window: MaintenanceWindow, o: Override) =>
    access.overrideMaintenance &&
    open(window) &&
    !o.approvedBy &&
    me.value &&
    o.requestedBy !== me.value ? (
      <Button
        size="small"
        color="primary"
        disabled={approve.busy}
        aria-label={`Approve the override of ${o.operation} in ${window.title}`}
        onClick={() => approveOverride(window, o)}
      >
        Approve
      </Button>
    ) : null;

  const items = windows.value?.items ?? [];
  return (
    <>
      <Box display="flex" alignItems="center" mb={2}>
        <FormControlLabel
          label="Include past and cancelled windows"
          control={
            <Checkbox checked={all} onChange={e => setAll(e.target.checked)} />
          }
        />
        <Box width={160} ml={2}>
          <SelectField
            id="maintenance-grouping"
            label="Group by"
            value={grouping}
            options={GROUPINGS}
            onChange={setGrouping}
          />
        </Box>
        <Box flex={1} />
        {access.manageMaintenance && (
          <Button variant="outlined" onClick={() => setScheduling(true)}>
            Schedule maintenance
          </Button>
        )}
      </Box>
      <ErrorAlert error={approve.error} />
      {windows.error && <BackendErrorPanel error={windows.error} />}
      {windows.loading && !windows.value && <Progress />}
      {windows.value && items.length === 0 && (
        <Typography color="textSecondary">
          No maintenance windows {all ? '' : 'ahead'}
        </Typography>
      )}
      <MaintenanceCalendar
        windows={items}
        grouping={grouping}
        actions={actions}
        overrideAction={overrideAction}
      />
      <MaintenanceDialog
        open={scheduling}
        onClose={() => setScheduling(false)}
        onScheduled={retry}
      />
      <OverrideDialog
        window={overriding}
        onClose={() => setOverriding(undefined)}
        onRequested={retry}
      />
      <ConfirmDialog
        open={cancelling !== undefined}
        title={`Cancel ${cancelling?.title ?? ''}?`}
        confirmLabel="Cancel window"
        reasonLabel="Reason"
        busy={cancel.busy}
        error={cancel.error}
        onConfirm={confirmCancel}
        onClose={() => setCancelling(undefined)}
      >
        The operations it blocks in {cancelling?.environment} go ahead again.
      </ConfirmDialog>
    </>
  );
};
