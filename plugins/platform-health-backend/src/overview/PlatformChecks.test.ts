import { mockServices } from '@backstage/backend-test-utils';
import { PlatformChecks } from './PlatformChecks';
import { SourceBundle } from './sources';

const bundle = (overrides: Partial<SourceBundle> = {}): SourceBundle => ({
  loadedAt: '2026-12-05T12:00:00.000Z',
  summaries: {},
  unavailable: [],
  tasks: [
    {
      plugin: 'audit',
      taskId: 'audit-chain-verification',
      status: 'idle',
      lastRunEndedAt: '2026-12-05T11:00:00.000Z',
      lastRunError: null,
      startsAt: null,
    },
  ],
  ...overrides,
});

describe('the platform checks', () => {
  it('publish nothing while every task ran and every plugin answered', async () => {
    const events = mockServices.events.mock();
    const checks = new PlatformChecks({
      load: async () => bundle(),
      events,
      logger: mockServices.logger.mock(),
    });
    expect(await checks.run()).toEqual([]);
    expect(events.publish).not.toHaveBeenCalled();
  });

  it('publish one platform.check-failed per failing task and unreachable plugin, with a stable key', async () => {
    const events = mockServices.events.mock();
    const checks = new PlatformChecks({
      load: async () =>
        bundle({
          tasks: [
            {
              plugin: 'billing',
              taskId: 'billing-close-periods',
              status: 'idle',
              lastRunEndedAt: '2026-12-05T11:30:00.000Z',
              lastRunError: 'Error: connection refused',
              startsAt: null,
            },
          ],
          unavailable: [
            { plugin: 'apps', reason: 'Error: /platform-summary answered 500' },
          ],
        }),
      events,
      logger: mockServices.logger.mock(),
    });
    await checks.run();
    expect(events.publish).toHaveBeenCalledTimes(2);
    expect(
      (events.publish as jest.Mock).mock.calls.map(([params]) => [
        params.topic,
        params.eventPayload.key,
        params.eventPayload.title,
      ]),
    ).toEqual([
      [
        'controlplane.platform-health',
        'task:billing:billing-close-periods',
        'Scheduled task billing-close-periods of billing failed',
      ],
      [
        'controlplane.platform-health',
        'plugin:apps',
        'The apps plugin does not answer the platform check',
      ],
    ]);
  });
});
