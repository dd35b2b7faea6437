import { mockServices } from '@backstage/backend-test-utils';
import { createPortalNotifier } from './notifier';

describe('createPortalNotifier', () => {
  const setup = (send: (options: unknown) => Promise<void>) => {
    const logger = mockServices.logger.mock();
    const notifier = createPortalNotifier({
      notifications: { send },
      logger,
    });
    return { notifier, logger };
  };

  it('sends to users and groups with the topic and link, leaving out other refs and who acted', async () => {
    const sent: unknown[] = [];
    const { notifier } = setup(async options => {
      sent.push(options);
    });
    expect(
      await notifier.notify({
        topic: 'incident-updated',
        recipients: [
          'user:default/tina',
          null,
          'app:billing-sync',
          'group:default/support',
          'user:default/sam',
          'user:default/tina',
          undefined,
        ],
        exclude: 'user:default/sam',
        title: 'SEV2 Checkout down: resolved',
        description: 'resolved, priority high',
        link: '/incidents/i1',
        severity: 'high',
        scope: 'incident:i1',
      }),
    ).toBe(true);
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['user:default/tina', 'group:default/support'],
          excludeEntityRef: 'user:default/sam',
        },
        payload: {
          topic: 'incident-updated',
          title: 'SEV2 Checkout down: resolved',
          description: 'resolved, priority high',
          link: '/incidents/i1',
          severity: 'high',
          scope: 'incident:i1',
        },
      },
    ]);
  });

  it('sends nothing when nobody is left to tell', async () => {
    const send = jest.fn(async () => {});
    const { notifier } = setup(send);
    expect(
      await notifier.notify({
        topic: 'promotion-decided',
        recipients: ['app:crm-connector', 'user:default/devon'],
        exclude: 'user:default/devon',
        title: 't',
        description: 'd',
        link: '/promotions/requests/r1',
      }),
    ).toBe(false);
    expect(send).not.toHaveBeenCalled();
  });

  it('logs a failure to send and answers false instead of throwing', async () => {
    const { notifier, logger } = setup(async () => {
      throw new Error('notifications backend unavailable');
    });
    expect(
      await notifier.notify({
        topic: 'budget-threshold',
        recipients: ['group:default/acme-owners'],
        title: 'acme reached 80 % of its monthly budget',
        description: 'd',
        link: '/billing/tenants/acme',
      }),
    ).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Could not send the budget-threshold notification to group:default\/acme-owners: Error: notifications backend unavailable/,
      ),
    );
  });
});
