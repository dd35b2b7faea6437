import { AuditorService } from '@backstage/backend-plugin-api';
import { auditedChange, Change } from '@controlplane/backend-common';
import { Schedule } from '@controlplane/plugin-flags-common';
import { FLAG_AUDIT_RESOURCE_TYPE } from './routes/types';

/**
 * Runs a due scheduled change as one audit event of the plugin itself
 * (no request: the actor is the flags plugin), naming who scheduled it.
 */
export function auditScheduledChange(auditor: AuditorService) {
  return (schedule: Schedule, apply: () => Promise<Change<unknown>>) =>
    auditedChange({
      auditor,
      eventId: 'flag-schedule-run',
      severityLevel:
        schedule.change.kind === 'kill-switch' ||
        schedule.change.environment === 'production'
          ? 'high'
          : 'medium',
      meta: {
        resourceType: FLAG_AUDIT_RESOURCE_TYPE,
        resourceId: schedule.flagKey,
        scheduleId: schedule.id,
        scheduledBy: schedule.createdBy,
        runAt: schedule.runAt,
        ...(schedule.change.target?.startsWith('tenant:')
          ? { tenant: schedule.change.target.slice(7) }
          : {}),
      },
      change: apply,
      successMeta: ({ audit }) => audit,
    }).then(() => undefined);
}
