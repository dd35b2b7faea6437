import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import appsPlugin from '@controlplane/plugin-apps-backend';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';

jest.setTimeout(120_000);

/** The groups of the users of examples/org.yaml this test signs in as. */
const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/platform-admins'],
  'user:default/oscar': ['group:default/operators'],
  'user:default/devon': ['group:default/team-agents'],
};

/**
 * The catalog's answer to "who is this user and what do they own through",
 * as the real sign-in puts it into the user's token: the user and their
 * groups. The policy scopes owned grants to exactly these refs.
 */
const userInfoWithGroups = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      if (principal.type !== 'user' || !principal.userEntityRef) {
        throw new Error(`No user info for a ${principal.type} principal`);
      }
      const ref = principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  }),
});

/**
 * Finding 7 of issue 11, end to end with the real permission backend, RBAC
 * policy and apps plugin: the seeded developer role lets developers issue
 * credentials only for the apps their groups own; operators (and admins)
 * for every app.
 */
describe('owner-scoped grants of the developer role', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: Awaited<ReturnType<typeof startBackendWithRbac>>;

    beforeAll(async () => {
      backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [appsPlugin, userInfoWithGroups],
        pluginDatabases: ['apps'],
        keepOboActor: true,
        // As in app-config.yaml.
        initialMembers: {
          'platform-admin': ['group:default/platform-admins'],
          operator: ['group:default/operators'],
          developer: ['group:default/team-agents', 'group:default/team-apps'],
        },
        config: {
          apps: {
            secretHashKey: 'integration-test-secret-hash-key-0123456789',
          },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    const as = (user: string) => ({
      post: (path: string, body: object) =>
        request(backend.server)
          .post(path)
          .set('Authorization', mockCredentials.user.header(user))
          .send(body),
      get: (path: string) =>
        request(backend.server)
          .get(path)
          .set('Authorization', mockCredentials.user.header(user)),
    });
    const ada = as('user:default/ada');
    const oscar = as('user:default/oscar');
    const devon = as('user:default/devon');

    async function createApp(name: string, owner: string): Promise<string> {
      const res = await ada.post('/api/apps/apps', {
        name,
        environment: 'production',
        owner,
        tenants: ['acme'],
      });
      expect({ status: res.status, error: res.body.error }).toEqual({
        status: 201,
        error: undefined,
      });
      return res.body.id;
    }

    const issue = (
      caller: ReturnType<typeof as>,
      appId: string,
      name: string,
    ) =>
      caller.post(`/api/apps/apps/${appId}/api-keys`, {
        name,
        scopes: ['audit:write'],
      });

    it('lets a developer issue credentials for the apps of their team only', async () => {
      const agentsApp = await createApp(
        'agents-sync',
        'group:default/team-agents',
      );
      const appsApp = await createApp('apps-sync', 'group:default/team-apps');

      const own = await issue(devon, agentsApp, 'devon-own');
      expect({ status: own.status, error: own.body.error }).toEqual({
        status: 201,
        error: undefined,
      });

      const other = await issue(devon, appsApp, 'devon-other');
      expect([403, 404]).toContain(other.status);
      expect(other.body.credential).toBeUndefined();

      // Reading stays open to developers; nothing was issued for the other
      // team's app.
      const app = await devon.get(`/api/apps/apps/${appsApp}`);
      expect(app.status).toBe(200);
      const listed = await devon.get(`/api/apps/api-keys?appId=${appsApp}`);
      expect(listed.status).toBe(200);
      expect(listed.body.records).toEqual([]);
    });

    it('lets operators and admins issue credentials for every app', async () => {
      const agentsApp = await createApp(
        'agents-ops',
        'group:default/team-agents',
      );
      const appsApp = await createApp('apps-ops', 'group:default/team-apps');
      for (const [caller, who] of [
        [oscar, 'oscar'],
        [ada, 'ada'],
      ] as const) {
        for (const appId of [agentsApp, appsApp]) {
          const res = await issue(caller, appId, `${who}-key`);
          expect({ status: res.status, error: res.body.error }).toEqual({
            status: 201,
            error: undefined,
          });
        }
      }
    });
  });
});
