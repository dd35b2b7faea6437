import { createPortalTestDatabases } from '@controlplane/test-utils';
import {
  PromotionsHarness,
  startPromotionsBackend,
} from '../__testUtils__/harness';

jest.setTimeout(60_000);

type Listed = { id: string; tenant: string; status: string };
const idsOf = (body: { items: Listed[] }) => body.items.map(r => r.id);

/**
 * The questions of the home page's promotion cards, one request each:
 * what waits for my decision (`decidable=true`), what I asked for that is
 * still open (`mine=true`), what was decided today (`decidedSince`).
 */
describe('the home cards of promotions', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: PromotionsHarness;
    /** Devon's request for acme, then globex; Ada's own for billing-sync. */
    let acme: Listed;
    let globex: Listed;
    let adas: Listed;
    let startedAt: string;

    beforeAll(async () => {
      h = await startPromotionsBackend(databases, databaseId);
      startedAt = new Date(Date.now() - 1000).toISOString();
      acme = (await h.askProduction('devon')).body;
      globex = (await h.askProduction('devon', { tenant: 'globex' })).body;
      adas = (
        await h.as('ada').post('/requests', {
          target: 'app:billing-sync',
          tenant: 'acme',
          sourceEnvironment: 'staging',
          version: '2.0.0',
        })
      ).body;
      // All three wait: production needs one approval.
      if ([acme, globex, adas].some(r => r.status !== 'requested')) {
        throw new Error('The requests of the tests did not start requested');
      }
    });

    afterAll(async () => {
      await h.backend.stop();
    });

    it('offers an approver the requests waiting for them, oldest first; a tenant-scoped approver only those of their tenant', async () => {
      const april = await h.as('april').get('/requests?decidable=true');
      expect(april.status).toBe(200);
      expect(idsOf(april.body)).toEqual([acme.id, globex.id, adas.id]);

      // Abe approves in acme only.
      const abe = await h.as('abe').get('/requests?decidable=true');
      expect(idsOf(abe.body)).toEqual([acme.id, adas.id]);
      expect((await h.as('abe').get(`/requests/${globex.id}`)).status).toBe(
        404,
      );
    });

    it('never offers anyone their own request, not even a platform admin', async () => {
      const ada = await h.as('ada').get('/requests?decidable=true');
      expect(idsOf(ada.body)).toEqual([acme.id, globex.id]);
      expect(
        idsOf((await h.as('pat').get('/requests?decidable=true')).body),
      ).toContain(adas.id);
    });

    it('offers nothing to those who may not approve, and refuses those who may not read', async () => {
      // A developer reads requests but decides none: an empty inbox.
      const devon = await h.as('devon').get('/requests?decidable=true');
      expect(devon.status).toBe(200);
      expect(devon.body.items).toEqual([]);
      // An operator neither.
      expect(
        (await h.as('oscar').get('/requests?decidable=true')).body.items,
      ).toEqual([]);
      for (const query of [
        'decidable=true',
        'mine=true',
        `decidedSince=${encodeURIComponent(startedAt)}`,
      ]) {
        expect((await h.as('nobody').get(`/requests?${query}`)).status).toBe(
          403,
        );
      }
    });

    it("fills the inbox's pages from the requests the approver groups allow (no short or empty page)", async () => {
      // Staging names its approvers: pat only, from now on.
      await h.as('ada').put('/policies/staging', {
        approvalsRequired: 1,
        approverGroups: ['user:default/pat'],
      });
      try {
        const patsOnly = await h.as('dora').post('/requests', {
          target: 'agent:support-triage',
          tenant: 'acme',
          sourceEnvironment: 'development',
          version: '1.5.0',
        });
        expect(patsOnly.status).toBe(201);
        // April pages one by one: her three, and no page after the third
        // (Pat's newer request is not hers to decide).
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 3; page++) {
          const res = await h
            .as('april')
            .get(
              `/requests?decidable=true&limit=1${
                cursor ? `&cursor=${cursor}` : ''
              }`,
            );
          seen.push(...idsOf(res.body));
          cursor = res.body.nextCursor;
        }
        expect(seen).toEqual([acme.id, globex.id, adas.id]);
        expect(cursor).toBeUndefined();
        const pat = await h.as('pat').get('/requests?decidable=true');
        expect(idsOf(pat.body)).toEqual([
          acme.id,
          globex.id,
          adas.id,
          patsOnly.body.id,
        ]);
        await h.as('dora').post(`/requests/${patsOnly.body.id}/withdraw`, {});
      } finally {
        await h.as('ada').put('/policies/staging', {
          approvalsRequired: 1,
          approverGroups: [],
        });
      }
    });

    it("lists a requester's open requests", async () => {
      const devon = await h
        .as('devon')
        .get('/requests?mine=true&status=requested,approved');
      expect(idsOf(devon.body)).toEqual([acme.id, globex.id]);
      expect(
        (await h.as('april').get('/requests?mine=true')).body.items,
      ).toEqual([]);
    });

    it('lists the requests decided since a time, the latest first, within the reader’s tenants', async () => {
      const decided = `status=approved,applied,rejected&decidedSince=${encodeURIComponent(
        startedAt,
      )}`;
      expect((await h.as('april').get(`/requests?${decided}`)).body).toEqual({
        items: [],
      });
      await h
        .as('april')
        .post(`/requests/${globex.id}/reject`, { reason: 'not this week' });
      await h.as('april').post(`/requests/${acme.id}/approve`, {});

      const april = await h.as('april').get(`/requests?${decided}`);
      expect(april.body.items.map((r: Listed) => [r.id, r.status])).toEqual([
        [acme.id, 'applied'],
        [globex.id, 'rejected'],
      ]);
      // Abe reads acme only.
      expect(
        idsOf((await h.as('abe').get(`/requests?${decided}`)).body),
      ).toEqual([acme.id]);
      // Devon's pending ones are down to none.
      expect(
        (
          await h
            .as('devon')
            .get('/requests?mine=true&status=requested,approved')
        ).body.items,
      ).toEqual([]);
      // Decided since a later time: none; a time that is not one: 400.
      const later = new Date(Date.now() + 60_000).toISOString();
      expect(
        (
          await h
            .as('april')
            .get(`/requests?decidedSince=${encodeURIComponent(later)}`)
        ).body.items,
      ).toEqual([]);
      expect(
        (await h.as('april').get('/requests?decidedSince=yesterday')).status,
      ).toBe(400);
      // Another time zone's offset is the same moment.
      const offset = startedAt.replace('Z', '+00:00');
      expect(
        idsOf(
          (
            await h
              .as('april')
              .get(
                `/requests?status=approved,applied,rejected&decidedSince=${encodeURIComponent(
                  offset,
                )}`,
              )
          ).body,
        ),
      ).toEqual([acme.id, globex.id]);
    });
  });
});
