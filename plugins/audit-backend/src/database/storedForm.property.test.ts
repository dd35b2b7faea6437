import { mockServices } from '@backstage/backend-test-utils';
import {
  AuditEventInput,
  canonicalMetadata,
  IngestEvent,
  storableText,
} from '@controlplane/plugin-audit-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import fc from 'fast-check';
import { CheckpointSigner, nodeSha256 } from '../service/CheckpointSigner';
import { IngestionService } from '../service/IngestionService';
import { QueryService } from '../service/QueryService';
import { VerificationService } from '../service/VerificationService';
import { connectAuditStores } from './stores';

jest.setTimeout(120_000);

/** Any UTF-16 text: lone surrogates, emoji, control characters and NUL. */
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.constantFrom('\ud800', 'a\udc00b', '\u0000', '😀\ud83d', '\u0007\r\n'),
  );

/** Numbers JSON text and the databases might disagree on. */
const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(-0, 1e21, 1.0, 5e-324, 2 ** 53 + 2, -(2 ** 60), 1e308),
  fc.integer(),
);

const anyMetadata = fc.dictionary(
  anyText(12),
  fc.letrec(tie => ({
    value: fc.oneof(
      { depthSize: 'small' },
      anyText(24),
      anyNumber,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(anyText(8), tie('value'), { maxKeys: 3 }),
    ),
  })).value,
  { maxKeys: 5 },
);

const nonEmpty = (text: string) => (text.trim() === '' ? 'x' : text);

describe('the canonical stored form', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const stores = await connectAuditStores(mockServices.database({ knex }), {
        signer: CheckpointSigner.ephemeral(),
        checkpointInterval: 7,
        sha256: nodeSha256,
      });
      return {
        ingestion: new IngestionService(stores),
        query: new QueryService(stores),
        verification: new VerificationService(stores, { sha256: nodeSha256 }),
      };
    }

    it('auditor events with any text and metadata read back as hashed and verify', async () => {
      const { ingestion, query, verification } = await setup();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          anyText(40),
          anyText(40),
          anyText(40),
          anyMetadata,
          async (actorId, resourceId, tenant, metadata) => {
            n += 1;
            const event: AuditEventInput = {
              source: 'plugin:tenants',
              eventId: `auditor-${n}`,
              timestamp: new Date().toISOString(),
              actorId,
              actorType: 'user',
              action: 'tenants.invitation-create',
              resourceType: 'tenant-invitation',
              resourceId,
              tenant,
              outcome: 'failure',
              severity: 'medium',
              metadata,
              userAgent: actorId,
            };
            await ingestion.write([event]);
            const [stored] = (await query.list({}, { order: 'desc', limit: 1 }))
              .records;
            expect(stored.eventId).toBe(`auditor-${n}`);
            expect(stored.actorId).toBe(storableText(actorId));
            expect(stored.resourceId ?? '').toBe(storableText(resourceId));
            expect(stored.tenant ?? '').toBe(storableText(tenant));
            expect(stored.metadata).toEqual(canonicalMetadata(metadata).value);
            const report = await verification.verify();
            expect(report.firstBroken).toBeUndefined();
            expect(report.ok).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('ingested events with any text and metadata read back as hashed and verify', async () => {
      const { ingestion, query, verification } = await setup();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          anyText(40),
          anyText(40),
          anyMetadata,
          async (actorId, resourceId, metadata) => {
            n += 1;
            const event: IngestEvent = {
              eventId: `ingested-${n}`,
              timestamp: new Date().toISOString(),
              actorId: nonEmpty(actorId),
              actorType: 'app',
              eventType: 'login.failed',
              resourceId: nonEmpty(resourceId),
              outcome: 'success',
              metadata,
            };
            await ingestion.ingest({ source: 'service:external-scanner' }, [
              event,
            ]);
            const [stored] = (await query.list({}, { order: 'desc', limit: 1 }))
              .records;
            expect(stored.eventId).toBe(`ingested-${n}`);
            expect(stored.actorId).toBe(storableText(event.actorId));
            expect(stored.resourceId).toBe(storableText(event.resourceId!));
            expect(stored.metadata).toEqual(canonicalMetadata(metadata).value);
            const report = await verification.verify();
            expect(report.firstBroken).toBeUndefined();
            expect(report.ok).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
