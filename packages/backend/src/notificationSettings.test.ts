import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import {
  PortalNotifier,
  portalNotifierServiceRef,
} from '@controlplane/backend-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');

/** The `notifications:` section of app-config.yaml, as the portal runs it. */
const notificationsConfig = parseYaml(
  readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
).notifications;

const approvers = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'approvers', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    { type: 'hasMember', targetRef: 'user:default/april' },
    { type: 'hasMember', targetRef: 'user:default/pat' },
  ],
};
const user = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: ['approvers'] },
});

/**
 * Muting a topic through Backstage's notifications backend, configured as
 * app-config.yaml configures it: a plugin sends with the portal's notifier
 * (so its origin is `plugin:promotions`), a user turns a topic off in their
 * settings, and that topic's notifications no longer reach that user, while
 * other topics and other users still get theirs.
 */
describe('muted notification topics', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let notifier: PortalNotifier;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      // Stands in for the promotions plugin: the notifier it gets.
      const sender = createBackendPlugin({
        pluginId: 'promotions',
        register(env) {
          env.registerInit({
            deps: { notifier: portalNotifierServiceRef },
            async init(deps) {
              notifier = deps.notifier;
            },
          });
        },
      });
      backend = await startTestBackend({
        features: [
          notificationsPlugin,
          sender,
          catalogServiceMock.factory({
            entities: [approvers, user('april'), user('pat')],
          }),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              notifications: notificationsConfig,
            },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    const as = (name: string) =>
      mockCredentials.user.header(`user:default/${name}`);

    async function titles(name: string): Promise<string[]> {
      const res = await request(backend.server)
        .get('/api/notifications/notifications')
        .set('Authorization', as(name));
      expect(res.status).toBe(200);
      return res.body.notifications.map(
        (n: { payload: { title: string } }) => n.payload.title,
      );
    }

    const waiting = (title: string) =>
      notifier.notify({
        topic: 'promotion-waiting',
        recipients: ['group:default/approvers'],
        title,
        description: 'A request waits for your decision.',
        link: '/promotions/requests/r1',
        severity: 'high',
      });

    it('delivers to the group members, and no longer the topic a user muted', async () => {
      expect(await waiting('First request')).toBe(true);
      const res = await request(backend.server)
        .get('/api/notifications/notifications')
        .set('Authorization', as('april'));
      expect(res.body.notifications).toEqual([
        expect.objectContaining({
          user: 'user:default/april',
          origin: 'plugin:promotions',
          payload: expect.objectContaining({
            topic: 'promotion-waiting',
            title: 'First request',
            link: '/promotions/requests/r1',
            severity: 'high',
          }),
        }),
      ]);

      // Her settings list the portal's topics, all on; she mutes one.
      const settings = await request(backend.server)
        .get('/api/notifications/settings')
        .set('Authorization', as('april'));
      const web = settings.body.channels.find(
        (c: { id: string }) => c.id === 'Web',
      );
      const promotions = web.origins.find(
        (o: { id: string }) => o.id === 'plugin:promotions',
      );
      expect(promotions).toEqual({
        id: 'plugin:promotions',
        enabled: true,
        topics: expect.arrayContaining([
          { id: 'promotion-waiting', enabled: true },
          { id: 'promotion-decided', enabled: true },
        ]),
      });
      expect(web.origins.map((o: { id: string }) => o.id)).toEqual(
        expect.arrayContaining([
          'plugin:incidents',
          'plugin:billing',
          'plugin:tenants',
          'plugin:apps',
        ]),
      );
      promotions.topics = promotions.topics.map(
        (t: { id: string; enabled: boolean }) =>
          t.id === 'promotion-waiting' ? { ...t, enabled: false } : t,
      );
      const saved = await request(backend.server)
        .post('/api/notifications/settings')
        .set('Authorization', as('april'))
        .send(settings.body);
      expect(saved.status).toBe(200);

      expect(await waiting('Second request')).toBe(true);
      expect(
        await notifier.notify({
          topic: 'promotion-decided',
          recipients: ['user:default/april'],
          title: 'Your promotion was approved',
          description: 'Applied.',
          link: '/promotions/requests/r2',
        }),
      ).toBe(true);
      expect(await titles('april')).toEqual([
        'Your promotion was approved',
        'First request',
      ]);
      // Pat did not mute it.
      expect(await titles('pat')).toEqual(['Second request', 'First request']);
    });
  });
});
