/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectInputError"] }] */
import { mockCredentials } from '@backstage/backend-test-utils';
import auditPlugin from '@controlplane/plugin-audit-backend';
import {
  auditorServiceFactory,
  auditTrailServiceFactory,
} from '@controlplane/plugin-audit-node';
import tenantsPlugin from '@controlplane/plugin-tenants-backend';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import { Knex } from 'knex';
import request from 'supertest';

jest.setTimeout(90_000);

const user = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/** Sends bytes as they are (superagent would JSON-encode a Buffer). */
const asIs = (body: string | Buffer) => body as unknown as string;

/**
 * Input hygiene at the edge (issue 11, findings 1, 2 and 8) against the real
 * tenants and audit plugins with the portal's auditor: malformed input is a
 * 4xx before any plugin sees it, nothing is stored or audited, and the audit
 * chain still verifies afterwards. Good Unicode passes unchanged.
 */
describe('edge hygiene in front of the plugins', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let server: any;
    let knex: Record<string, Knex>;

    beforeAll(async () => {
      const backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          auditTrailServiceFactory,
          auditorServiceFactory,
          auditPlugin,
          tenantsPlugin,
        ],
        pluginDatabases: ['audit', 'tenants'],
        initialMembers: {
          'platform-admin': ['user:default/ada'],
          developer: ['user:default/devon'],
        },
        catalogUsers: ['ada', 'devon'],
        keepOboActor: true,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          tenants: { secretKey: Buffer.alloc(32, 7).toString('base64') },
          backend: { inputLimits: { bodyBytes: 256 * 1024 } },
        },
      });
      server = backend.server;
      knex = backend.knex;
      const acme = await request(server)
        .post('/api/tenants/tenants')
        .set('Authorization', user('ada'))
        .send({
          name: 'acme',
          domain: 'acme.example',
          plan: 'starter',
          ownerEmail: 'owner@acme.example',
        });
      if (acme.status !== 201) {
        throw new Error(`Creating acme failed: ${JSON.stringify(acme.body)}`);
      }
    });

    /** What a refused request must leave unchanged. */
    const snapshot = async () => ({
      auditEvents: (await knex.audit('audit_events').count({ n: '*' }))[0].n,
      invitations: (
        await knex.tenants('tenant_invitations').count({ n: '*' })
      )[0].n,
      tenants: (await knex.tenants('tenants').count({ n: '*' }))[0].n,
    });

    const expectInputError = (res: request.Response, message: RegExp) => {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: { name: 'InputError', message: expect.stringMatching(message) },
        request: expect.objectContaining({ method: expect.any(String) }),
        response: { statusCode: 400 },
      });
    };

    const invite = (caller: string, body: string | Buffer) =>
      request(server)
        .post('/api/tenants/tenants/acme/invitations')
        .set('Authorization', user(caller))
        .set('content-type', 'application/json')
        .serialize(asIs)
        .send(body);

    it.each([['ada'], ['devon']])(
      'refuses a lone surrogate in an invitation by %s: nothing stored, nothing audited',
      async caller => {
        const before = await snapshot();
        const res = await invite(
          caller,
          '{"email":"x-\\ud800@acme.example","role":"user"}',
        );
        expectInputError(res, /\$\.email is not well-formed Unicode/);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('refuses NUL and invalid UTF-8 bytes in a body', async () => {
      const before = await snapshot();
      expectInputError(
        await invite('ada', '{"email":"a\\u0000@acme.example","role":"user"}'),
        /contains a NUL character/,
      );
      expectInputError(
        await invite(
          'ada',
          Buffer.concat([
            Buffer.from('{"email":"a'),
            Buffer.from([0xc3, 0x28]),
            Buffer.from('@acme.example","role":"user"}'),
          ]),
        ),
        /not valid UTF-8/,
      );
      expect(await snapshot()).toEqual(before);
    });

    it.each([5_000, 100_000])(
      'answers audit events with metadata %i levels deep with 400, not 500',
      async levels => {
        const before = await snapshot();
        const metadata = `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}`;
        const res = await request(server)
          .post('/api/audit/events')
          .set('Authorization', mockCredentials.service.header())
          .set('content-type', 'application/json')
          .send(
            `{"events":[{"eventId":"e1","timestamp":"${new Date().toISOString()}","actorId":"a","eventType":"login.success","outcome":"success","metadata":${metadata}}]}`,
          );
        expectInputError(res, /nested more than 64 levels/);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('answers a body over backend.inputLimits.bodyBytes with 413', async () => {
      const before = await snapshot();
      const res = await request(server)
        .post('/api/tenants/tenants')
        .set('Authorization', user('ada'))
        .send({
          name: 'big',
          domain: 'big.example',
          plan: 'starter',
          ownerEmail: 'owner@big.example',
          displayName: 'x'.repeat(300 * 1024),
        });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        error: {
          name: 'PayloadTooLargeError',
          message: 'The request body is larger than the limit of 262144 bytes',
        },
        request: { method: 'POST', url: '/api/tenants/tenants' },
        response: { statusCode: 413 },
      });
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['path', '/api/tenants/tenants/a%ED%A0%80'],
      ['query', '/api/tenants/tenants?cursor=%ED%A0%80'],
      ['path (NUL)', '/api/tenants/tenants/a%00'],
    ])(
      'refuses a percent-encoded lone surrogate or NUL in the %s',
      async (_part, url) => {
        const res = await request(server)
          .get(url)
          .set('Authorization', user('ada'));
        expectInputError(res, /^The URL /);
      },
    );

    it('passes emoji and non-Latin text through unchanged, into the database', async () => {
      const displayName = 'Ελληνικά 東京 عربى Zoë 👩🏽‍💻🚀';
      const created = await request(server)
        .post('/api/tenants/tenants')
        .set('Authorization', user('ada'))
        .send({
          name: 'unicode',
          domain: 'unicode.example',
          plan: 'starter',
          ownerEmail: 'owner@unicode.example',
          displayName,
        });
      expect(created.status).toBe(201);
      const read = await request(server)
        .get('/api/tenants/tenants/unicode')
        .set('Authorization', user('ada'));
      expect(read.body).toMatchObject({ name: 'unicode' });
      expect(read.body.displayName).toBe(displayName);
      const [row] = await knex
        .tenants('tenants')
        .where({ name: 'unicode' })
        .select('display_name');
      expect(row.display_name).toBe(displayName);
    });

    it('still lets the OpenAPI validator check the parsed body', async () => {
      const before = await snapshot();
      const res = await request(server)
        .post('/api/tenants/tenants/acme/invitations')
        .set('Authorization', user('ada'))
        .send({ email: 'x@acme.example', role: 'user', extra: true });
      expectInputError(res, /additional properties/i);
      expect(await snapshot()).toEqual(before);
    });

    it('leaves the audit chain verifiable', async () => {
      const res = await request(server)
        .get('/api/audit/verify')
        .set('Authorization', user('ada'));
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
    });
  });
});
