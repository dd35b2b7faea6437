import { mockCredentials } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import {
  TENANT_NOTIFICATION_TOPICS,
  tenantPath,
} from '@controlplane/plugin-tenants-common';
import request from 'supertest';
import { SessionStore } from '../database/SessionStore';
import { bindTenantsStores } from '../database/stores';
import {
  as,
  discoveryDocument,
  startIssuer,
  startTenantsBackend,
} from '../__testUtils__/harness';

jest.setTimeout(60_000);

const ada = as('ada');
const tina = as('tina');
const sam = as('sam');
const gus = as('gus');
const nobody = as('nobody');

describe('tenants router', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    let sessions: SessionStore;
    const api = () => request(ctx.server);

    beforeAll(async () => {
      ctx = await startTenantsBackend(databases, databaseId, {
        sessions: { checkPlugins: ['gateway'] },
      });
      sessions = bindTenantsStores(ctx.knex).sessions;
      await provision('acme', { displayName: 'Acme Corp', plan: 'enterprise' });
    });
    afterAll(async () => {
      await ctx?.backend.stop();
    });
    beforeEach(() => {
      jest.clearAllMocks();
      ctx.published.length = 0;
    });

    const tokenOf = (acceptUrl: string) =>
      new URL(acceptUrl).searchParams.get('token')!;

    async function provision(
      name: string,
      extra: Record<string, unknown> = {},
    ) {
      const res = await ada(
        api()
          .post('/api/tenants/tenants')
          .send({
            name,
            domain: `${name}.example`,
            plan: 'starter',
            ownerEmail: `owner@${name}.example`,
            ...extra,
          }),
      );
      expect(res.status).toBe(201);
      return res.body as { tenant: any; invitation: any };
    }

    async function accept(token: string, displayName?: string) {
      return api()
        .post('/api/tenants/invitations/accept')
        .send({ token, ...(displayName ? { displayName } : {}) });
    }

    /** A tenant with its owner (accepted) and optionally more users. */
    async function tenantWithOwner(name: string) {
      const { invitation } = await provision(name);
      const owner = await accept(tokenOf(invitation.acceptUrl));
      expect(owner.status).toBe(201);
      return owner.body as { id: string; email: string };
    }

    async function addUser(tenant: string, email: string, role = 'user') {
      const invited = await ada(
        api()
          .post(`/api/tenants/tenants/${tenant}/invitations`)
          .send({ email, role }),
      );
      expect(invited.status).toBe(201);
      const user = await accept(tokenOf(invited.body.acceptUrl));
      expect(user.status).toBe(201);
      return user.body as { id: string; email: string };
    }

    const tenantId = async (name: string) =>
      (await ctx.knex('tenants').where({ name }).first()).id as string;

    const issue = async (tenant: string, userId: string) =>
      (
        await sessions.issue({
          userId,
          tenantId: await tenantId(tenant),
          ttlMs: 3_600_000,
        })
      ).token;

    // ------------------------------------------------------------ lifecycle

    it('provisions a tenant with its owner invitation and event, in one go', async () => {
      const { tenant, invitation } = await provision('first', {
        displayName: 'First Corp',
        plan: 'enterprise',
      });
      expect(tenant).toMatchObject({
        name: 'first',
        displayName: 'First Corp',
        domain: 'first.example',
        plan: 'enterprise',
        status: 'active',
        applications: [],
      });
      expect(invitation).toMatchObject({
        tenant: 'first',
        email: 'owner@first.example',
        role: 'owner',
        status: 'pending',
        // The login page, where the invitee sets a password.
        acceptUrl: expect.stringMatching(
          /^http:\/\/localhost:\d+\/api\/tenants\/auth\/signin\/invitation\?token=/,
        ),
      });
      // Expires after the default 7 days.
      const days =
        (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) /
        86_400_000;
      expect(days).toBe(7);
      expect(ctx.published).toEqual([
        {
          topic: 'controlplane.tenants',
          eventPayload: {
            type: 'tenant.provisioned',
            tenant: 'first',
            plan: 'enterprise',
            applications: [],
          },
        },
      ]);
      // Exactly one audit event, no token in it.
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledTimes(1);
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'tenant-provision' }),
      );
      expect(ctx.audit.success).toHaveBeenCalledTimes(1);
      const meta = JSON.stringify(ctx.audit.success.mock.calls[0][0]);
      expect(meta).toContain('"tenant":"first"');
      expect(meta).not.toContain(tokenOf(invitation.acceptUrl));
      // Only the token's hash is stored.
      const stored = await ctx
        .knex('tenant_invitations')
        .where({ email: 'owner@first.example' })
        .first();
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(
        tokenOf(invitation.acceptUrl),
      );
    });

    it('stores nothing when the applications cannot be set (no apps plugin), so a retry starts afresh', async () => {
      const refused = await ada(
        api()
          .post('/api/tenants/tenants')
          .send({
            name: 'linked',
            domain: 'linked.example',
            plan: 'starter',
            ownerEmail: 'owner@linked.example',
            applications: ['crm'],
          }),
      );
      expect(refused.status).toBe(503);
      expect(refused.body.error.message).toMatch(
        /applications of tenant linked could not be set: the apps plugin/,
      );
      expect(await ctx.knex('tenants').where({ name: 'linked' })).toEqual([]);
      expect(await ctx.knex('tenant_invitations')).not.toContainEqual(
        expect.objectContaining({ email: 'owner@linked.example' }),
      );
      expect(ctx.published).toEqual([]);
      expect(ctx.audit.fail).toHaveBeenCalledTimes(1);
      // Without applications the same tenant can be provisioned right away;
      // reads say the applications are unknown rather than none.
      const retried = await provision('linked');
      expect(retried.tenant.applications).toEqual([]);
      const read = await ada(api().get('/api/tenants/tenants/linked'));
      expect(read.body).toMatchObject({ applicationsUnavailable: true });
      expect(read.body.applications).toBeUndefined();
      const listed = await ada(api().get('/api/tenants/tenants?q=linked'));
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          name: 'linked',
          applicationsUnavailable: true,
        }),
      ]);
    });

    it('refuses duplicates and bad input with clear messages', async () => {
      await provision('dupe');
      const again = await ada(
        api().post('/api/tenants/tenants').send({
          name: 'dupe',
          domain: 'other-dupe.example',
          plan: 'free',
          ownerEmail: 'o@dupe.example',
        }),
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/dupe already exists/);
      const domain = await ada(
        api().post('/api/tenants/tenants').send({
          name: 'dupe2',
          domain: 'dupe.example',
          plan: 'free',
          ownerEmail: 'o@dupe.example',
        }),
      );
      expect(domain.status).toBe(409);
      expect(domain.body.error.message).toMatch(/already used by tenant dupe/);
      // Nothing half-made: no tenant, no invitation, no event.
      expect(await ctx.knex('tenants').where({ name: 'dupe2' })).toHaveLength(
        0,
      );
      expect(
        ctx.published.filter(e => e.eventPayload.tenant === 'dupe2'),
      ).toEqual([]);

      for (const [body, message] of [
        [
          {
            name: 'Bad Name',
            domain: 'x.example',
            plan: 'free',
            ownerEmail: 'a@x.example',
          },
          /name/,
        ],
        [
          {
            name: 'okname',
            domain: 'x.example',
            plan: 'gold',
            ownerEmail: 'a@x.example',
          },
          /plan/,
        ],
        [
          {
            name: 'okname',
            domain: 'not a domain',
            plan: 'free',
            ownerEmail: 'a@x.example',
          },
          /domain/,
        ],
        [
          {
            name: 'okname',
            domain: 'x.example',
            plan: 'free',
            ownerEmail: 'nope',
          },
          /e-mail/,
        ],
        [{ name: 'okname', domain: 'x.example', plan: 'free' }, /ownerEmail/],
      ] as const) {
        const res = await ada(api().post('/api/tenants/tenants').send(body));
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
    });

    it('lets only unscoped operators provision (basic permission)', async () => {
      const res = await tina(
        api().post('/api/tenants/tenants').send({
          name: 'tinas',
          domain: 'tinas.example',
          plan: 'free',
          ownerEmail: 'a@tinas.example',
        }),
      );
      expect(res.status).toBe(403);
      // The denied attempt is on record as a failure.
      expect(ctx.audit.fail).toHaveBeenCalledTimes(1);
    });

    it('lists with search, filters, sorting and cursor paging, scoped by tenant', async () => {
      for (const name of ['list-a', 'list-b', 'list-c', 'list-d', 'list-e']) {
        await provision(name, {
          plan: name === 'list-c' ? 'enterprise' : 'free',
        });
      }
      await ada(
        api()
          .post('/api/tenants/tenants/list-e/offboard')
          .send({ reason: 'Left us' }),
      ).expect(200);

      const names = (res: request.Response) =>
        res.body.items.map((t: { name: string }) => t.name);
      const page1 = await ada(
        api().get('/api/tenants/tenants?q=LIST-&limit=2'),
      );
      expect(page1.status).toBe(200);
      expect(names(page1)).toEqual(['list-a', 'list-b']);
      const page2 = await ada(
        api().get(
          `/api/tenants/tenants?q=list-&limit=2&cursor=${page1.body.nextCursor}`,
        ),
      );
      expect(names(page2)).toEqual(['list-c', 'list-d']);
      // Offboarded tenants are not in default lists.
      expect(page2.body.nextCursor).toBeUndefined();
      const offboarded = await ada(
        api().get('/api/tenants/tenants?q=list-&status=offboarded'),
      );
      expect(names(offboarded)).toEqual(['list-e']);
      const all = await ada(
        api().get(
          '/api/tenants/tenants?q=list-&includeOffboarded=true&sort=name&order=desc&limit=3',
        ),
      );
      expect(names(all)).toEqual(['list-e', 'list-d', 'list-c']);
      const more = await ada(
        api().get(
          `/api/tenants/tenants?q=list-&includeOffboarded=true&sort=name&order=desc&limit=3&cursor=${all.body.nextCursor}`,
        ),
      );
      expect(names(more)).toEqual(['list-b', 'list-a']);
      const byCreated = await ada(
        api().get('/api/tenants/tenants?q=list-&sort=createdAt&limit=3'),
      );
      const rest = await ada(
        api().get(
          `/api/tenants/tenants?q=list-&sort=createdAt&limit=3&cursor=${byCreated.body.nextCursor}`,
        ),
      );
      expect([...names(byCreated), ...names(rest)].sort()).toEqual([
        'list-a',
        'list-b',
        'list-c',
        'list-d',
      ]);
      const enterprise = await ada(
        api().get('/api/tenants/tenants?q=list-&plan=enterprise'),
      );
      expect(names(enterprise)).toEqual(['list-c']);
      const byDomain = await ada(
        api().get('/api/tenants/tenants?q=list-b.exam'),
      );
      expect(names(byDomain)).toEqual(['list-b']);

      // Tina (scoped to acme) sees acme only; gus globex only (none yet).
      const scoped = await tina(api().get('/api/tenants/tenants?limit=200'));
      // (acme is provisioned in beforeAll)
      expect(names(scoped)).toEqual(['acme']);
      expect(names(await gus(api().get('/api/tenants/tenants')))).toEqual([]);
      expect((await nobody(api().get('/api/tenants/tenants'))).status).toBe(
        403,
      );

      const badCursor = await ada(api().get('/api/tenants/tenants?cursor=zzz'));
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.message).toMatch(/cursor/);
      expect(
        (await ada(api().get('/api/tenants/tenants?limit=0'))).status,
      ).toBe(400);
      expect(
        (await ada(api().get('/api/tenants/tenants?status=gone'))).status,
      ).toBe(400);
    });

    it('filters lists by comma lists, with the comma plain or encoded, as documented', async () => {
      await provision('comma-a', { plan: 'free' });
      await provision('comma-b', { plan: 'enterprise' });
      await provision('comma-c', { plan: 'starter' });
      await ada(
        api()
          .post('/api/tenants/tenants/comma-b/suspend')
          .send({ reason: 'Invoice unpaid' }),
      ).expect(200);
      const names = (res: request.Response) =>
        res.body.items.map((t: { name: string }) => t.name);

      for (const comma of [',', '%2C']) {
        const byStatus = await ada(
          api().get(
            `/api/tenants/tenants?q=comma-&status=active${comma}suspended`,
          ),
        );
        expect(byStatus.status).toBe(200);
        expect(names(byStatus)).toEqual(['comma-a', 'comma-b', 'comma-c']);
        const byPlan = await ada(
          api().get(
            `/api/tenants/tenants?q=comma-&plan=free${comma}enterprise`,
          ),
        );
        expect(byPlan.status).toBe(200);
        expect(names(byPlan)).toEqual(['comma-a', 'comma-b']);
        const roles = await ada(
          api().get(
            `/api/tenants/tenants/acme/users?role=owner${comma}administrator&status=active${comma}disabled`,
          ),
        );
        expect(roles.status).toBe(200);
        const invitations = await ada(
          api().get(
            `/api/tenants/tenants/comma-a/invitations?status=pending${comma}revoked`,
          ),
        );
        expect(invitations.status).toBe(200);
        expect(
          invitations.body.items.map((i: { email: string }) => i.email),
        ).toEqual(['owner@comma-a.example']);
      }
      // A value outside the list is still refused, and says which.
      const bad = await ada(
        api().get('/api/tenants/tenants?status=active,gone'),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/status/);
    });

    it('reads one tenant only within scope', async () => {
      expect((await tina(api().get('/api/tenants/tenants/acme'))).status).toBe(
        200,
      );
      expect(
        (await tina(api().get('/api/tenants/tenants/list-a'))).status,
      ).toBe(404);
      expect(
        (await ada(api().get('/api/tenants/tenants/missing'))).status,
      ).toBe(404);
    });

    it('changes the plan: the scoped owner in their tenant, never elsewhere', async () => {
      const own = await tina(
        api()
          .put('/api/tenants/tenants/acme/plan')
          .send({ plan: 'professional' }),
      );
      expect(own.status).toBe(200);
      expect(own.body.plan).toBe('professional');
      expect(ctx.published).toEqual([
        {
          topic: 'controlplane.tenants',
          eventPayload: {
            type: 'tenant.plan-changed',
            tenant: 'acme',
            plan: 'professional',
          },
        },
      ]);
      expect(ctx.audit.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          tenant: 'acme',
          resourceType: 'tenant',
          resourceId: 'acme',
          before: { plan: 'enterprise' },
          after: { plan: 'professional' },
        }),
      });
      const elsewhere = await tina(
        api()
          .put('/api/tenants/tenants/list-a/plan')
          .send({ plan: 'enterprise' }),
      );
      expect(elsewhere.status).toBe(404);
      // A tenant admin may manage users but not the contract.
      const admin = await sam(
        api().put('/api/tenants/tenants/acme/plan').send({ plan: 'free' }),
      );
      expect(admin.status).toBe(403);
      const same = await ada(
        api()
          .put('/api/tenants/tenants/acme/plan')
          .send({ plan: 'professional' }),
      );
      expect(same.status).toBe(409);
    });

    // ------------------------------------------------------ invitations

    it('accepts an invitation once; used, revoked, expired and replaced tokens fail clearly', async () => {
      const { invitation } = await provision('invites');
      const token = tokenOf(invitation.acceptUrl);
      const owner = await accept(token, 'Olivia Owner');
      expect(owner.status).toBe(201);
      expect(owner.body).toMatchObject({
        tenant: 'invites',
        email: 'owner@invites.example',
        displayName: 'Olivia Owner',
        role: 'owner',
        status: 'active',
      });
      const reused = await accept(token);
      expect(reused.status).toBe(410);
      expect(reused.body.error.message).toMatch(/already been used/);

      // Resend replaces the token.
      const invited = await sam(
        api()
          .post('/api/tenants/tenants/invites/invitations')
          .send({ email: 'Resend@Invites.example', role: 'user' }),
      );
      expect(invited.status).toBe(404); // sam is scoped to acme
      const first = await ada(
        api()
          .post('/api/tenants/tenants/invites/invitations')
          .send({ email: 'Resend@Invites.example', role: 'user' }),
      );
      expect(first.status).toBe(201);
      expect(first.body.email).toBe('resend@invites.example');
      const duplicate = await ada(
        api()
          .post('/api/tenants/tenants/invites/invitations')
          .send({ email: 'resend@invites.example', role: 'user' }),
      );
      expect(duplicate.status).toBe(409);
      const resent = await ada(
        api().post(
          `/api/tenants/tenants/invites/invitations/${first.body.id}/resend`,
        ),
      );
      expect(resent.status).toBe(200);
      const stale = await accept(tokenOf(first.body.acceptUrl));
      expect(stale.status).toBe(400);
      expect(stale.body.error.message).toMatch(/not valid/);

      // Expired.
      await ctx
        .knex('tenant_invitations')
        .where({ id: first.body.id })
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      const expired = await accept(tokenOf(resent.body.acceptUrl));
      expect(expired.status).toBe(410);
      expect(expired.body.error.message).toMatch(/expired/);
      const listed = await ada(
        api().get('/api/tenants/tenants/invites/invitations?status=expired'),
      );
      expect(listed.body.items.map((i: any) => i.id)).toEqual([first.body.id]);

      // Revoked.
      const other = await ada(
        api()
          .post('/api/tenants/tenants/invites/invitations')
          .send({ email: 'revoked@invites.example', role: 'administrator' }),
      );
      const revoked = await ada(
        api().delete(
          `/api/tenants/tenants/invites/invitations/${other.body.id}`,
        ),
      );
      expect(revoked.status).toBe(200);
      expect(revoked.body.status).toBe('revoked');
      const late = await accept(tokenOf(other.body.acceptUrl));
      expect(late.status).toBe(410);
      expect(late.body.error.message).toMatch(/revoked/);

      expect((await accept('x'.repeat(43))).status).toBe(400);
      // Existing users cannot be invited again.
      const existing = await ada(
        api()
          .post('/api/tenants/tenants/invites/invitations')
          .send({ email: 'owner@invites.example', role: 'user' }),
      );
      expect(existing.status).toBe(409);
    });

    it('accepts concurrent uses of one token only once', async () => {
      const { invitation } = await provision('race-accept');
      const token = tokenOf(invitation.acceptUrl);
      const results = await Promise.all([
        accept(token),
        accept(token),
        accept(token),
      ]);
      for (const result of results) {
        expect([201, 409, 410]).toContain(result.status);
      }
      expect(results.filter(r => r.status === 201)).toHaveLength(1);
      // The owners hear of it once.
      expect(
        ctx.notifications.filter(
          n => n.payload.link === '/tenants/race-accept?tab=users',
        ),
      ).toHaveLength(1);
      expect(
        await ctx
          .knex('tenant_users')
          .where({ email: 'owner@race-accept.example' }),
      ).toHaveLength(1);
    });

    it('tells the inviter and the tenant owners when an invitation is accepted, once', async () => {
      const { invitation } = await provision('welcome');
      const before = ctx.notifications.length;
      const token = tokenOf(invitation.acceptUrl);
      expect((await accept(token, 'Olivia Owner')).status).toBe(201);
      expect((await accept(token)).status).toBe(410);
      expect(ctx.notifications.slice(before)).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['user:default/ada', 'group:default/welcome-owners'],
          },
          payload: {
            topic: TENANT_NOTIFICATION_TOPICS.invitationAccepted,
            title: 'Olivia Owner (owner@welcome.example) joined welcome',
            description:
              'owner@welcome.example accepted the invitation to welcome as owner.',
            link: tenantPath('welcome', 'users'),
            severity: 'normal',
          },
        },
      ]);
      expect(tenantPath('welcome', 'users')).toBe('/tenants/welcome?tab=users');
      // Refused tokens tell nobody.
      const invited = await ada(
        api()
          .post('/api/tenants/tenants/welcome/invitations')
          .send({ email: 'gone@welcome.example', role: 'user' }),
      );
      await ada(
        api().delete(
          `/api/tenants/tenants/welcome/invitations/${invited.body.id}`,
        ),
      );
      expect((await accept(tokenOf(invited.body.acceptUrl))).status).toBe(410);
      expect(ctx.notifications.slice(before)).toHaveLength(1);
    });

    it('invites only into allowed domains when the organization sets them', async () => {
      await ada(
        api()
          .put('/api/tenants/tenants/invites/organization')
          .send({ settings: { allowedDomains: ['invites.example'] } }),
      ).expect(200);
      const outside = await ada(
        api()
          .post('/api/tenants/tenants/invites/invitations')
          .send({ email: 'x@elsewhere.example', role: 'user' }),
      );
      expect(outside.status).toBe(400);
      expect(outside.body.error.message).toMatch(
        /elsewhere\.example is not an allowed domain/,
      );
    });

    // ---------------------------------------------- users and last owner

    it('protects the last owner from demotion, disabling and deletion', async () => {
      const owner = await tenantWithOwner('solo');
      const demote = await ada(
        api()
          .patch(`/api/tenants/tenants/solo/users/${owner.id}`)
          .send({ role: 'user' }),
      );
      expect(demote.status).toBe(409);
      expect(demote.body.error.message).toMatch(/last owner/);
      const disable = await ada(
        api()
          .patch(`/api/tenants/tenants/solo/users/${owner.id}`)
          .send({ status: 'disabled' }),
      );
      expect(disable.status).toBe(409);
      const remove = await ada(
        api().delete(`/api/tenants/tenants/solo/users/${owner.id}`),
      );
      expect(remove.status).toBe(409);
      // With a second owner, the first may go.
      const second = await addUser('solo', 'second@solo.example', 'owner');
      await ada(
        api()
          .patch(`/api/tenants/tenants/solo/users/${owner.id}`)
          .send({ role: 'administrator' }),
      ).expect(200);
      const last = await ada(
        api().delete(`/api/tenants/tenants/solo/users/${second.id}`),
      );
      expect(last.status).toBe(409);
    });

    it('never lets concurrent demotions or deletions remove both of the last two owners', async () => {
      for (const round of [1, 2, 3]) {
        const name = `race-${round}`;
        const a = await tenantWithOwner(name);
        const b = await addUser(name, `b@${name}.example`, 'owner');
        const change = (id: string) =>
          round === 2
            ? ada(api().delete(`/api/tenants/tenants/${name}/users/${id}`))
            : ada(
                api()
                  .patch(`/api/tenants/tenants/${name}/users/${id}`)
                  .send(
                    round === 1 ? { role: 'user' } : { status: 'disabled' },
                  ),
              );
        const results = await Promise.all([change(a.id), change(b.id)]);
        expect(results.map(r => r.status).sort()).toEqual(
          round === 2 ? [204, 409] : [200, 409],
        );
        const owners = await ctx.knex('tenant_users').where({
          tenant_id: await tenantId(name),
          role: 'owner',
          status: 'active',
        });
        expect(owners).toHaveLength(1);
      }
    });

    it('lists users by e-mail with search, filters and paging', async () => {
      await tenantWithOwner('people');
      for (const [email, role] of [
        ['carol@people.example', 'user'],
        ['bob@people.example', 'administrator'],
        ['dave@people.example', 'user'],
      ]) {
        await addUser('people', email, role);
      }
      const emails = (res: request.Response) =>
        res.body.items.map((u: { email: string }) => u.email);
      const first = await ada(
        api().get('/api/tenants/tenants/people/users?limit=2'),
      );
      expect(emails(first)).toEqual([
        'bob@people.example',
        'carol@people.example',
      ]);
      const second = await ada(
        api().get(
          `/api/tenants/tenants/people/users?limit=2&cursor=${first.body.nextCursor}`,
        ),
      );
      expect(emails(second)).toEqual([
        'dave@people.example',
        'owner@people.example',
      ]);
      expect(second.body.nextCursor).toBeUndefined();
      expect(
        emails(
          await ada(api().get('/api/tenants/tenants/people/users?role=user')),
        ),
      ).toEqual(['carol@people.example', 'dave@people.example']);
      expect(
        emails(await ada(api().get('/api/tenants/tenants/people/users?q=DAV'))),
      ).toEqual(['dave@people.example']);
      // The % of a search is a character, not a wildcard.
      expect(
        emails(await ada(api().get('/api/tenants/tenants/people/users?q=%25'))),
      ).toEqual([]);
      // A tenant admin of acme cannot see people's users; of acme, yes.
      expect(
        (await sam(api().get('/api/tenants/tenants/people/users'))).status,
      ).toBe(404);
      expect(
        (await sam(api().get('/api/tenants/tenants/acme/users'))).status,
      ).toBe(200);
    });

    // ------------------------------------------------------------ sessions

    it('invalidates sessions on role change, disable, delete and admin revocation', async () => {
      const owner = await tenantWithOwner('sessions');
      const user = await addUser('sessions', 'u@sessions.example', 'user');
      const patch = (body: object) =>
        ada(
          api()
            .patch(`/api/tenants/tenants/sessions/users/${user.id}`)
            .send(body),
        );

      let token = await issue('sessions', user.id);
      expect(await sessions.check(token)).toMatchObject({
        valid: true,
        tenant: 'sessions',
        role: 'user',
      });
      await patch({ role: 'administrator' }).expect(200);
      expect(await sessions.check(token)).toEqual({
        valid: false,
        reason: 'revoked',
      });

      token = await issue('sessions', user.id);
      await patch({ status: 'disabled' }).expect(200);
      expect(await sessions.check(token)).toEqual({
        valid: false,
        reason: 'revoked',
      });
      // A disabled user's sessions are refused even if issued afterwards.
      const late = await issue('sessions', user.id);
      expect(await sessions.check(late)).toEqual({
        valid: false,
        reason: 'user-disabled',
      });
      await patch({ status: 'active' }).expect(200);

      const one = await issue('sessions', user.id);
      const two = await issue('sessions', user.id);
      const listed = await sam(
        api().get(
          `/api/tenants/tenants/sessions/users/${user.id}/sessions?active=true`,
        ),
      );
      expect(listed.status).toBe(404); // sam is acme's admin, not this tenant's
      const mine = await ada(
        api().get(
          `/api/tenants/tenants/sessions/users/${user.id}/sessions?active=true`,
        ),
      );
      expect(mine.status).toBe(200);
      // `late` was issued while disabled and is still unrevoked.
      expect(mine.body.items).toHaveLength(3);
      expect(JSON.stringify(mine.body)).not.toContain(one);
      const revokeOne = await ada(
        api().delete(
          `/api/tenants/tenants/sessions/users/${user.id}/sessions/${mine.body.items[0].id}`,
        ),
      );
      expect(revokeOne.body).toEqual({ revoked: 1 });
      const all = await ada(
        api().delete(`/api/tenants/tenants/sessions/users/${user.id}/sessions`),
      );
      expect(all.body).toEqual({ revoked: 2 });
      expect((await sessions.check(one)).valid).toBe(false);
      expect((await sessions.check(two)).valid).toBe(false);

      token = await issue('sessions', user.id);
      await ada(
        api().delete(`/api/tenants/tenants/sessions/users/${user.id}`),
      ).expect(204);
      expect((await sessions.check(token)).valid).toBe(false);
      expect(
        await ctx
          .knex('tenant_sessions')
          .where({ user_id: user.id })
          .whereNull('revoked_at'),
      ).toHaveLength(0);

      // Expired sessions are refused.
      const expiring = await sessions.issue({
        userId: owner.id,
        tenantId: await tenantId('sessions'),
        ttlMs: 1,
        now: new Date(Date.now() - 1000),
      });
      expect(await sessions.check(expiring.token)).toEqual({
        valid: false,
        reason: 'expired',
      });
      expect(await sessions.check('unknown-token')).toEqual({
        valid: false,
        reason: 'unknown',
      });
    });

    it('suspension refuses every session of the tenant at once; reactivation and offboarding', async () => {
      const owner = await tenantWithOwner('suspendme');
      const token = await issue('suspendme', owner.id);
      ctx.published.length = 0;
      const noReason = await ada(
        api().post('/api/tenants/tenants/suspendme/suspend').send({}),
      );
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(/reason/);
      const blank = await ada(
        api()
          .post('/api/tenants/tenants/suspendme/suspend')
          .send({ reason: '     ' }),
      );
      expect(blank.status).toBe(400);
      expect(
        (
          await gus(
            api()
              .post('/api/tenants/tenants/suspendme/suspend')
              .send({ reason: 'Nope' }),
          )
        ).status,
      ).toBe(404);

      const suspended = await ada(
        api()
          .post('/api/tenants/tenants/suspendme/suspend')
          .send({ reason: 'Invoice unpaid' }),
      );
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({
        status: 'suspended',
        statusReason: 'Invoice unpaid',
      });
      expect(await sessions.check(token)).toEqual({
        valid: false,
        reason: 'revoked',
      });
      // A session issued while suspended is refused too.
      const during = await issue('suspendme', owner.id);
      expect(await sessions.check(during)).toEqual({
        valid: false,
        reason: 'tenant-inactive',
      });
      expect(ctx.published.map(e => e.eventPayload)).toEqual([
        {
          type: 'tenant.suspended',
          tenant: 'suspendme',
          reason: 'Invoice unpaid',
        },
      ]);
      expect(ctx.audit.success).toHaveBeenLastCalledWith({
        meta: expect.objectContaining({
          tenant: 'suspendme',
          reason: 'Invoice unpaid',
          before: { status: 'active' },
          after: { status: 'suspended' },
        }),
      });
      expect(
        (
          await ada(
            api()
              .post('/api/tenants/tenants/suspendme/suspend')
              .send({ reason: 'Again' }),
          )
        ).status,
      ).toBe(409);

      await ada(
        api().post('/api/tenants/tenants/suspendme/reactivate').send({}),
      ).expect(200);
      const after = await issue('suspendme', owner.id);
      expect((await sessions.check(after)).valid).toBe(true);

      const offboarded = await ada(
        api()
          .post('/api/tenants/tenants/suspendme/offboard')
          .send({ reason: 'Contract ended' }),
      );
      expect(offboarded.status).toBe(200);
      expect(offboarded.body.status).toBe('offboarded');
      expect(await sessions.check(after)).toEqual({
        valid: false,
        reason: 'revoked',
      });
      expect(ctx.published.map(e => e.eventPayload.type)).toEqual([
        'tenant.suspended',
        'tenant.reactivated',
        'tenant.offboarded',
      ]);
      // Data retained, readable, but no more changes.
      expect(
        (await ada(api().get('/api/tenants/tenants/suspendme'))).status,
      ).toBe(200);
      expect(
        (await ada(api().get('/api/tenants/tenants/suspendme/users'))).body
          .items,
      ).toHaveLength(1);
      expect(
        (
          await ada(
            api()
              .put('/api/tenants/tenants/suspendme/plan')
              .send({ plan: 'free' }),
          )
        ).status,
      ).toBe(409);
    });

    it('checks sessions for the configured plugins only', async () => {
      const user = await ctx.knex('tenant_users').first();
      const token = await issue(
        (
          await ctx.knex('tenants').where({ id: user.tenant_id }).first()
        ).name,
        user.id,
      );
      const asPlugin = (pluginId: string) =>
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
          targetPluginId: 'tenants',
        });
      const check = (authorization: string) =>
        api()
          .post('/api/tenants/sessions/check')
          .set('Authorization', authorization)
          .send({ token });

      const allowed = await check(asPlugin('gateway'));
      expect(allowed.status).toBe(200);
      expect(allowed.body).toMatchObject({ valid: true, userId: user.id });

      // Any other backend plugin, or a service that is no plugin: 403.
      const otherPlugin = await check(asPlugin('catalog'));
      expect(otherPlugin.status).toBe(403);
      expect(otherPlugin.body.error.message).toBe(
        'plugin:catalog may not call this endpoint; only plugin:gateway',
      );
      expect((await check(mockCredentials.service.header())).status).toBe(403);
      // Users, even platform admins.
      expect(
        (await ada(api().post('/api/tenants/sessions/check').send({ token })))
          .status,
      ).toBe(403);
    });

    // -------------------------------------------------- SSO, policy, org

    it('saves SSO only after a successful discovery and never returns or stores the secret in clear', async () => {
      const issuer = await startIssuer(discoveryDocument);
      try {
        const secret = 'the-very-secret-client-secret';
        const saved = await tina(
          api().put('/api/tenants/tenants/acme/sso').send({
            issuerUrl: issuer.url,
            clientId: 'control-plane',
            clientSecret: secret,
          }),
        );
        expect(saved.body.error?.message).toBeUndefined();
        expect(saved.status).toBe(200);
        expect(saved.body).toMatchObject({
          tenant: 'acme',
          issuerUrl: issuer.url,
          clientId: 'control-plane',
          clientSecretSet: true,
        });
        expect(JSON.stringify(saved.body)).not.toContain(secret);
        const read = await tina(api().get('/api/tenants/tenants/acme/sso'));
        expect(read.status).toBe(200);
        expect(JSON.stringify(read.body)).not.toContain(secret);
        const row = await ctx.knex('tenant_sso_configs').first();
        expect(row.client_secret_encrypted).toMatch(/^v1:/);
        expect(JSON.stringify(row)).not.toContain(secret);
        expect(JSON.stringify(row)).not.toContain(
          Buffer.from(secret).toString('base64'),
        );
        const metas = [
          ...ctx.audit.success.mock.calls.map(c => c[0]),
          ...ctx.audit.auditor.createEvent.mock.calls.map(
            c => (c[0] as { meta?: unknown }).meta,
          ),
        ];
        expect(metas.length).toBeGreaterThan(0);
        expect(JSON.stringify(metas)).not.toContain(secret);
        // Updating without a secret keeps the stored one.
        const kept = await tina(
          api()
            .put('/api/tenants/tenants/acme/sso')
            .send({ issuerUrl: issuer.url, clientId: 'cp-2' }),
        );
        expect(kept.status).toBe(200);
        expect(
          (await ctx.knex('tenant_sso_configs').first())
            .client_secret_encrypted,
        ).toBe(row.client_secret_encrypted);
        // Tenant admins may not touch SSO.
        const admin = await sam(
          api()
            .put('/api/tenants/tenants/acme/sso')
            .send({ issuerUrl: issuer.url, clientId: 'x', clientSecret: 'y' }),
        );
        expect(admin.status).toBe(403);
        await tina(api().delete('/api/tenants/tenants/acme/sso')).expect(204);
        expect(
          (await tina(api().get('/api/tenants/tenants/acme/sso'))).status,
        ).toBe(404);
      } finally {
        await issuer.close();
      }
    });

    it('rejects SSO issuers whose discovery fails, naming the reason', async () => {
      const cases: [
        (issuer: string) => { status?: number; body: string },
        RegExp,
      ][] = [
        [
          () => ({ body: '<html>login</html>' }),
          /did not answer a JSON object/,
        ],
        [
          () => ({ body: discoveryDocument('https://evil.example') }),
          /issuer mismatch.*evil\.example/,
        ],
        [
          issuer => ({
            body: JSON.stringify({ issuer, token_endpoint: `${issuer}/t` }),
          }),
          /no authorization_endpoint/,
        ],
        [
          issuer => ({
            body: JSON.stringify({
              issuer,
              authorization_endpoint: `${issuer}/a`,
            }),
          }),
          /no token_endpoint/,
        ],
        [() => ({ status: 500, body: '{}' }), /answered HTTP 500/],
      ];
      for (const [answer, message] of cases) {
        const issuer = await startIssuer(answer);
        try {
          const res = await tina(
            api().put('/api/tenants/tenants/acme/sso').send({
              issuerUrl: issuer.url,
              clientId: 'cp',
              clientSecret: 'secret',
            }),
          );
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(message);
        } finally {
          await issuer.close();
        }
      }
      const closed = await startIssuer(discoveryDocument);
      await closed.close();
      const unreachable = await tina(
        api()
          .put('/api/tenants/tenants/acme/sso')
          .send({ issuerUrl: closed.url, clientId: 'cp', clientSecret: 's' }),
      );
      expect(unreachable.status).toBe(400);
      expect(unreachable.body.error.message).toMatch(/unreachable/);
      const insecure = await tina(
        api().put('/api/tenants/tenants/acme/sso').send({
          issuerUrl: 'http://idp.example',
          clientId: 'cp',
          clientSecret: 's',
        }),
      );
      expect(insecure.status).toBe(400);
      expect(insecure.body.error.message).toMatch(/https/);
      expect(await ctx.knex('tenant_sso_configs')).toHaveLength(0);
    });

    it('validates and saves the password policy', async () => {
      const read = await sam(
        api().get('/api/tenants/tenants/acme/password-policy'),
      );
      expect(read.status).toBe(403);
      const defaults = await tina(
        api().get('/api/tenants/tenants/acme/password-policy'),
      );
      expect(defaults.body).toMatchObject({ minLength: 12, historyCount: 5 });
      const policy = {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigit: true,
        requireSymbol: true,
        historyCount: 10,
        expiryDays: 90,
      };
      expect(
        (
          await tina(
            api().put('/api/tenants/tenants/acme/password-policy').send(policy),
          )
        ).body,
      ).toEqual(policy);
      expect(
        (await tina(api().get('/api/tenants/tenants/acme/password-policy')))
          .body,
      ).toEqual(policy);
      const short = await tina(
        api()
          .put('/api/tenants/tenants/acme/password-policy')
          .send({ ...policy, minLength: 6 }),
      );
      expect(short.status).toBe(400);
      expect(short.body.error.message).toMatch(/minLength/);
      expect(
        (
          await tina(
            api()
              .put('/api/tenants/tenants/acme/password-policy')
              .send({ ...policy, extra: 1 }),
          )
        ).status,
      ).toBe(400);
    });

    it('updates the organization name and validated settings', async () => {
      const updated = await tina(
        api()
          .put('/api/tenants/tenants/acme/organization')
          .send({
            name: 'Acme Corporation',
            settings: {
              require2fa: true,
              sessionTimeoutMinutes: 480,
              allowedDomains: ['Acme.example'],
              ipAllowList: [
                '192.168.1.0/24',
                '10.0.0.0/8',
                '2001:db8::/32',
                '::1',
              ],
            },
          }),
      );
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        tenant: 'acme',
        name: 'Acme Corporation',
        settings: {
          require2fa: true,
          sessionTimeoutMinutes: 480,
          allowedDomains: ['acme.example'],
          ipAllowList: ['192.168.1.0/24', '10.0.0.0/8', '2001:db8::/32', '::1'],
        },
      });
      expect(
        (await tina(api().get('/api/tenants/tenants/acme'))).body.displayName,
      ).toBe('Acme Corporation');
      const badCidr = await tina(
        api()
          .put('/api/tenants/tenants/acme/organization')
          .send({
            settings: {
              ipAllowList: ['10.0.0.0/8', '10.0.0.0/33', '2001:db8::/200'],
            },
          }),
      );
      expect(badCidr.status).toBe(400);
      expect(badCidr.body.error.message).toMatch(/"10\.0\.0\.0\/33"/);
      expect(badCidr.body.error.message).toMatch(/"2001:db8::\/200"/);
      const badTimeout = await tina(
        api()
          .put('/api/tenants/tenants/acme/organization')
          .send({ settings: { sessionTimeoutMinutes: 1 } }),
      );
      expect(badTimeout.status).toBe(400);
      expect(badTimeout.body.error.message).toMatch(/sessionTimeoutMinutes/);
      // Integers past any sane bound are refused by the contract itself.
      for (const huge of [2 ** 53, 1e308]) {
        const tooBig = await tina(
          api()
            .put('/api/tenants/tenants/acme/organization')
            .send({ settings: { sessionTimeoutMinutes: huge } }),
        );
        expect(tooBig.status).toBe(400);
        expect(tooBig.body.error.message).toMatch(/sessionTimeoutMinutes/);
      }
      const longImpersonation = await ada(
        api()
          .post('/api/tenants/impersonations')
          .send({
            tenant: 'acme',
            userId: '00000000-0000-4000-8000-000000000000',
            reason: 'Support ticket',
            durationMinutes: 2 ** 53,
          }),
      );
      expect(longImpersonation.status).toBe(400);
      expect(longImpersonation.body.error.message).toMatch(/durationMinutes/);
      const badDomain = await tina(
        api()
          .put('/api/tenants/tenants/acme/organization')
          .send({ settings: { allowedDomains: ['nope'] } }),
      );
      expect(badDomain.status).toBe(400);
      expect(badDomain.body.error.message).toMatch(/"nope"/);
      expect(
        (await gus(api().get('/api/tenants/tenants/acme/organization'))).status,
      ).toBe(404);
      // Reset for later tests.
      await tina(
        api()
          .put('/api/tenants/tenants/acme/organization')
          .send({ settings: { allowedDomains: [] } }),
      ).expect(200);
    });

    // ------------------------------------------------------- impersonation

    it('impersonates time-boxed with a reason, audited at start and end', async () => {
      const owner = await tenantWithOwner('imp');
      const start = (who: typeof ada, body: object) =>
        who(api().post('/api/tenants/impersonations').send(body));
      expect(
        (
          await start(tina, {
            tenant: 'imp',
            userId: owner.id,
            reason: 'Ticket 1',
          })
        ).status,
      ).toBe(403);
      expect(
        (await start(ada, { tenant: 'imp', userId: owner.id })).status,
      ).toBe(400);
      const tooLong = await start(ada, {
        tenant: 'imp',
        userId: owner.id,
        reason: 'Ticket 1',
        durationMinutes: 31,
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toMatch(/1 to 30/);

      jest.clearAllMocks();
      const started = await start(ada, {
        tenant: 'imp',
        userId: owner.id,
        reason: 'Support ticket #456',
        durationMinutes: 15,
      });
      expect(started.status).toBe(201);
      expect(started.body.impersonation).toMatchObject({
        tenant: 'imp',
        userId: owner.id,
        actor: 'user:default/ada',
        reason: 'Support ticket #456',
        active: true,
      });
      const minutes =
        (Date.parse(started.body.impersonation.expiresAt) -
          Date.parse(started.body.impersonation.startedAt)) /
        60_000;
      expect(minutes).toBe(15);
      expect(await sessions.check(started.body.sessionToken)).toMatchObject({
        valid: true,
        impersonationId: started.body.impersonation.id,
      });
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledTimes(1);
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'impersonation-start',
          severityLevel: 'critical',
        }),
      );
      expect(JSON.stringify(ctx.audit.success.mock.calls)).not.toContain(
        started.body.sessionToken,
      );
      expect(ctx.audit.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          tenant: 'imp',
          reason: 'Support ticket #456',
        }),
      });

      const ids = (res: request.Response) =>
        res.body.items.map((i: { id: string }) => i.id);
      expect(
        ids(await ada(api().get('/api/tenants/impersonations'))),
      ).toContain(started.body.impersonation.id);
      expect(
        ids(await tina(api().get('/api/tenants/impersonations'))),
      ).not.toContain(started.body.impersonation.id);
      expect(
        (await nobody(api().get('/api/tenants/impersonations'))).status,
      ).toBe(403);

      const stopped = await ada(
        api().delete(
          `/api/tenants/impersonations/${started.body.impersonation.id}`,
        ),
      );
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({
        active: false,
        endReason: 'stopped',
      });
      expect(await sessions.check(started.body.sessionToken)).toEqual({
        valid: false,
        reason: 'revoked',
      });
      expect(
        (
          await ada(
            api().delete(
              `/api/tenants/impersonations/${started.body.impersonation.id}`,
            ),
          )
        ).status,
      ).toBe(409);

      // Expiry: reads treat it as ended at once; the task ends it and audits.
      const second = await start(ada, {
        tenant: 'imp',
        userId: owner.id,
        reason: 'Ticket 2',
      });
      expect(second.status).toBe(201);
      const id = second.body.impersonation.id;
      await ctx
        .knex('tenant_impersonations')
        .where({ id })
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      expect(
        ids(await ada(api().get('/api/tenants/impersonations'))),
      ).not.toContain(id);
      jest.clearAllMocks();
      await ctx.runTask('tenants-end-expired-impersonations');
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'impersonation-end',
          meta: expect.objectContaining({ resourceId: id, tenant: 'imp' }),
        }),
      );
      expect(ctx.audit.success).toHaveBeenCalledTimes(1);
      const row = await ctx.knex('tenant_impersonations').where({ id }).first();
      expect(row.end_reason).toBe('expired');
      // Running again ends nothing twice.
      jest.clearAllMocks();
      await ctx.runTask('tenants-end-expired-impersonations');
      expect(ctx.audit.auditor.createEvent).not.toHaveBeenCalled();
    });

    it('updates the tenant description within scope and refuses anonymous callers', async () => {
      const updated = await tina(
        api().patch('/api/tenants/tenants/acme').send({
          displayName: 'Acme Inc',
        }),
      );
      expect(updated.status).toBe(200);
      // No apps plugin in this backend: the applications are unknown.
      expect(updated.body).toMatchObject({
        displayName: 'Acme Inc',
        applicationsUnavailable: true,
      });
      expect(updated.body.applications).toBeUndefined();
      expect(ctx.audit.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          tenant: 'acme',
          after: { displayName: 'Acme Inc' },
        }),
      });
      // Changing the applications needs the apps plugin: 503, nothing changed.
      jest.clearAllMocks();
      const noApps = await tina(
        api()
          .patch('/api/tenants/tenants/acme')
          .send({
            displayName: 'Acme Again',
            applications: ['crm'],
          }),
      );
      expect(noApps.status).toBe(503);
      expect(noApps.body.error.message).toMatch(/apps plugin/);
      expect(ctx.audit.fail).toHaveBeenCalledTimes(1);
      expect(
        (await tina(api().get('/api/tenants/tenants/acme'))).body.displayName,
      ).toBe('Acme Inc');
      expect(
        (
          await gus(
            api().patch('/api/tenants/tenants/acme').send({ displayName: 'X' }),
          )
        ).status,
      ).toBe(404);
      expect(
        (await tina(api().patch('/api/tenants/tenants/acme').send({}))).status,
      ).toBe(400);
      const bad = mockCredentials.user.invalidHeader();
      expect(
        (await api().get('/api/tenants/tenants').set('Authorization', bad))
          .status,
      ).toBe(401);
      // An ordinary (mock) user is not a service.
      expect(
        (await api().post('/api/tenants/sessions/check').send({ token: 'x' }))
          .status,
      ).toBe(403);
    });

    it('serves the permission descriptions', async () => {
      const res = await api()
        .get('/api/tenants/.well-known/controlplane/permission-descriptions')
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.descriptions)).toHaveLength(21);
    });
  });
});
