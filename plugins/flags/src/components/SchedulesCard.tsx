import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Button } from '@material-ui/core';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  ConfirmDialog,
  DataTable,
  EntityName,
  formatTime,
  useAction,
} from '@controlplane/frontend-common';
import {
  Flag,
  Schedule,
  ScheduledChange,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { useFlagsAccess } from './access';
import { ScheduleDialog } from './ScheduleDialog';
import { targetLabel } from './ValuesCard';

/** A scheduled change in words. */
export function describeChange(change: ScheduledChange): string {
  if (change.kind === 'kill-switch') {
    return change.enabled ? 'Kill switch on' : 'Kill switch off';
  }
  const where = `${targetLabel(change.target ?? 'default')} in ${
    change.environment
  }`;
  return change.kind === 'set-value'
    ? `Set ${where} to ${change.variant}`
    : `Clear ${where}`;
}

/**
 * The flag's scheduled changes with their status; holders of
 * flags.flag.update schedule new ones and cancel pending ones.
 */
export const SchedulesCard = (props: { flag: Flag }) => {
  const { flag } = props;
  const api = useApi(flagsApiRef);
  const access = useFlagsAccess();
  const schedules = useAsyncRetry(
    () => api.listSchedules(flag.key),
    [api, flag.key],
  );
  const [scheduling, setScheduling] = useState(false);
  const [cancelling, setCancelling] = useState<Schedule>();
  const cancel = useAction();
  const { retry } = schedules;

  const columns = useMemo<TableColumn<Schedule>[]>(
    () => [
      { title: 'Runs at', render: s => formatTime(s.runAt) },
      { title: 'Change', render: s => describeChange(s.change) },
      { title: 'Status', field: 'status' },
      { title: 'Reason', field: 'reason' },
      {
        title: 'By',
        field: 'createdBy',
        render: s => <EntityName entityRef={s.createdBy} />,
      },
      {
        title: 'Actions',
        render: s =>
          access.update && s.status === 'pending' ? (
            <Button
              size="small"
              aria-label={`Cancel the change at ${formatTime(s.runAt)}`}
              onClick={() => {
                cancel.clearError();
                setCancelling(s);
              }}
            >
              Cancel
            </Button>
          ) : null,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [access.update],
  );

  const confirmCancel = async () => {
    if (!cancelling) return;
    const result = await cancel.run(() =>
      api.cancelSchedule(flag.key, cancelling.id),
    );
    if (result.ok) {
      setCancelling(undefined);
      retry();
    }
  };

  return (
    <InfoCard
      title="Scheduled changes"
      action={
        access.update ? (
          <Button variant="outlined" onClick={() => setScheduling(true)}>
            Schedule change
          </Button>
        ) : undefined
      }
    >
      {schedules.error ? (
        <BackendErrorPanel error={schedules.error} />
      ) : (
        <DataTable<Schedule>
          label="Scheduled changes"
          columns={columns}
          data={schedules.value?.items ?? []}
          isLoading={schedules.loading}
          emptyTitle="No scheduled changes"
        />
      )}
      <ScheduleDialog
        open={scheduling}
        flag={flag}
        onClose={() => setScheduling(false)}
        onScheduled={() => retry()}
      />
      <ConfirmDialog
        open={cancelling !== undefined}
        title="Cancel this scheduled change?"
        confirmLabel="Cancel change"
        busy={cancel.busy}
        error={cancel.error}
        onConfirm={confirmCancel}
        onClose={() => setCancelling(undefined)}
      >
        {cancelling && describeChange(cancelling.change)}
      </ConfirmDialog>
    </InfoCard>
  );
};
