import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  PLATFORM_HEALTH_EVENT_TOPIC,
  PlatformCheckFailedPayload,
} from '@controlplane/plugin-platform-health-common';
import { SourceBundle } from './sources';

/** The longest error text an event carries. */
const MAX_DETAIL = 2000;

/**
 * The platform's checks, run on a schedule (once across instances): every
 * plugin's scheduled tasks and dashboard summaries, read fresh. Each
 * failing check is published as `platform.check-failed`; the incidents
 * plugin keeps one ticket per check and counts its repeats.
 */
export class PlatformChecks {
  constructor(
    private readonly options: {
      load: () => Promise<SourceBundle>;
      events: EventsService;
      logger: LoggerService;
    },
  ) {}

  /** Runs the checks; resolves the failures published. */
  async run(): Promise<PlatformCheckFailedPayload[]> {
    const bundle = await this.options.load();
    const failures: PlatformCheckFailedPayload[] = [
      ...bundle.tasks
        .filter(task => task.lastRunError)
        .map(task => ({
          type: 'platform.check-failed' as const,
          key: `task:${task.plugin}:${task.taskId}`,
          plugin: task.plugin,
          title: `Scheduled task ${task.taskId} of ${task.plugin} failed`,
          detail: String(task.lastRunError).slice(0, MAX_DETAIL),
          checkedAt: bundle.loadedAt,
        })),
      ...bundle.unavailable.map(source => ({
        type: 'platform.check-failed' as const,
        key: `plugin:${source.plugin}`,
        plugin: source.plugin,
        title: `The ${source.plugin} plugin does not answer the platform check`,
        detail: source.reason.slice(0, MAX_DETAIL),
        checkedAt: bundle.loadedAt,
      })),
    ];
    for (const failure of failures) {
      this.options.logger.warn(`${failure.title}: ${failure.detail}`);
      await this.options.events.publish({
        topic: PLATFORM_HEALTH_EVENT_TOPIC,
        eventPayload: failure,
      });
    }
    return failures;
  }
}
