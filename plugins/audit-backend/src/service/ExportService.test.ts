import { mockServices } from '@backstage/backend-test-utils';
import { isPostgres } from '@controlplane/backend-common';
import {
  AuditEventInput,
  verifyExportText,
} from '@controlplane/plugin-audit-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import fc from 'fast-check';
import { Knex } from 'knex';
import { connectAuditStores } from '../database/stores';
import { CheckpointSigner, nodeSha256 } from './CheckpointSigner';
import { ExportFormat, ExportService } from './ExportService';
import { RecordFilter } from '../database/AuditStore';

jest.setTimeout(120_000);

const FORMATS: Array<{ format: ExportFormat; includeDetails: boolean }> = [
  { format: 'csv', includeDetails: true },
  { format: 'csv', includeDetails: false },
  { format: 'json', includeDetails: true },
  { format: 'json', includeDetails: false },
];

let counter = 0;
function event(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  counter += 1;
  return {
    source: 'plugin:test',
    eventId: `e-${counter}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, counter)).toISOString(),
    actorId: `user:default/u${counter % 3}`,
    actorType: 'user',
    action: 'tenants.update',
    resourceType: 'tenant',
    resourceId: `t${counter}`,
    tenant: counter % 2 ? 'acme' : 'globex',
    outcome: 'success',
    severity: 'high',
    metadata: { n: counter, after: { plan: 'pro' } },
    ip: '10.0.0.1',
    ...overrides,
  };
}

/** Text that CSV and JSON must quote or escape, and text they must not. */
const TRICKY: Array<Partial<AuditEventInput>> = [
  { actorId: 'a,b', resourceId: 'say "hi"', tenant: 'line\nbreak' },
  { userAgent: 'cr\rlf\r\n', requestId: 'tab\there', ip: '' },
  { actorId: 'Zoë 😀 日本語', resourceId: '\u2028\u2029', tenant: '\\back\\' },
  // (An empty actor id would not verify: the export cannot tell it from none.)
  { resourceType: '', resourceId: '', requestId: '', eventId: undefined },
  { actorId: '\u0001\u001f\u007f', userAgent: '"', requestId: ',' },
  { metadata: { '10': 'ten', '9': 'nine', a: { '0': [1, { '2': 'x' }] } } },
  { metadata: { __proto__: 'p', '01': 1, '-1': 2, '4294967295': 3 } },
  { metadata: { text: 'a,b\n"c"\r\\d', n: -0, big: 1e21, small: 5e-324 } },
  { metadata: { emoji: '😀', nested: { deep: { deeper: [null, true] } } } },
  { metadata: {} },
  { tenant: undefined, ip: undefined, userAgent: undefined },
];

describe('ExportService', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const stores = await connectAuditStores(mockServices.database({ knex }), {
        signer: CheckpointSigner.ephemeral(),
        checkpointInterval: 5,
        sha256: nodeSha256,
      });
      return { knex, stores, exports: new ExportService(stores) };
    }

    async function exportText(
      exports: ExportService,
      options: {
        format: ExportFormat;
        includeDetails: boolean;
        filter?: RecordFilter;
        via?: 'copy' | 'pages';
      },
    ) {
      const header = await exports.header({
        range: {},
        filters: {},
        includeDetails: options.includeDetails,
      });
      // The same header for both paths: only the rows may differ.
      header.generatedAt = '2026-01-01T00:00:00.000Z';
      const chunks: Buffer[] = [];
      const trailer = await exports.write({
        filter: options.filter ?? {},
        header,
        format: options.format,
        via: options.via,
        write: async chunk => {
          chunks.push(Buffer.from(chunk));
        },
      });
      return { text: Buffer.concat(chunks).toString('utf8'), trailer };
    }

    it('writes through COPY the same bytes as page by page, for any text', async () => {
      const { stores, exports } = await setup();
      await stores.audit.append(TRICKY.map(event));
      for (const options of FORMATS) {
        const copied = await exportText(exports, options);
        const paged = await exportText(exports, { ...options, via: 'pages' });
        expect(copied.text).toBe(paged.text);
        expect(copied.trailer).toEqual(paged.trailer);
        expect(copied.trailer.count).toBe(TRICKY.length);
        const result = verifyExportText(copied.text, { sha256: nodeSha256 });
        expect(result.firstBroken).toBeUndefined();
        expect(result).toMatchObject({ ok: true, checked: TRICKY.length });
      }
    });

    it('writes the same bytes for filters, empty selections and many chunks', async () => {
      const { stores, exports } = await setup();
      const events = Array.from({ length: 1500 }, () =>
        event({ metadata: { text: 'x'.repeat(200), list: [1, 2, 3] } }),
      );
      for (let i = 0; i < events.length; i += 100) {
        await stores.audit.append(events.slice(i, i + 100));
      }
      const filters: RecordFilter[] = [
        {},
        { tenant: 'acme' },
        { tenant: "o'brien" },
        { action: 'tenants.', actionPrefix: true, severity: 'high' },
        { from: '2026-01-01T12:00:00.500Z', toExclusive: '2026-01-02' },
        { actor: 'nobody' },
      ];
      for (const filter of filters) {
        for (const options of FORMATS) {
          const copied = await exportText(exports, { ...options, filter });
          const paged = await exportText(exports, {
            ...options,
            filter,
            via: 'pages',
          });
          expect(copied.text).toBe(paged.text);
          expect(copied.trailer).toEqual(paged.trailer);
        }
      }
    });

    it('writes the same bytes for any text and metadata', async () => {
      const { stores, exports } = await setup();
      const anyText = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.constantFrom('', ',', '"', '\r\n', '😀', '\\', '\u0000'),
      );
      const anyKey = fc.oneof(anyText, fc.nat().map(String));
      const anyValue = fc.letrec(tie => ({
        value: fc.oneof(
          { depthSize: 'small' },
          anyText,
          fc.double(),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(tie('value'), { maxLength: 3 }),
          fc.dictionary(anyKey, tie('value'), { maxKeys: 3 }),
        ),
      })).value;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              actorId: anyText,
              resourceId: anyText,
              userAgent: anyText,
              metadata: fc.dictionary(anyKey, anyValue, { maxKeys: 4 }),
            }),
            { minLength: 1, maxLength: 5 },
          ),
          async overrides => {
            await stores.audit.append(overrides.map(event));
            for (const options of FORMATS) {
              const copied = await exportText(exports, options);
              const paged = await exportText(exports, {
                ...options,
                via: 'pages',
              });
              expect(copied.text).toBe(paged.text);
            }
          },
        ),
        { numRuns: 25 },
      );
    });

    it('stops when the reader has gone and leaves the pool usable', async () => {
      const { knex, stores, exports } = await setup();
      // A connection the pool had to drop would be reported here.
      const knexWarnings = jest.spyOn(
        (knex.client as { logger: { warn(message: string): void } }).logger,
        'warn',
      );
      for (let i = 0; i < 3000; i += 100) {
        await stores.audit.append(
          Array.from({ length: 100 }, () =>
            event({ metadata: { text: 'y'.repeat(500) } }),
          ),
        );
      }
      for (const format of ['csv', 'json'] as const) {
        let writes = 0;
        const header = await exports.header({
          range: {},
          filters: {},
          includeDetails: true,
        });
        const trailer = await exports.write({
          filter: {},
          header,
          format,
          write: async () => {
            writes += 1;
          },
          stopped: () => writes >= 3,
        });
        expect(trailer.count).toBeLessThan(3000);
      }
      // Every connection of the pool still answers.
      const counts = await Promise.all(
        Array.from({ length: 8 }, () => stores.audit.count({})),
      );
      expect(counts).toEqual(Array(8).fill(3000));
      expect(knexWarnings).not.toHaveBeenCalled();
    });

    it('writes an altered row as stored, and the verifier names it', async () => {
      const { knex, stores, exports } = await setup();
      await stores.audit.append([event(), event(), event()]);
      const [, second] = await stores.audit.page(
        {},
        { order: 'asc', limit: 3 },
      );
      await tamper(knex, tx =>
        tx('audit_events')
          .where({ seq: second.seq })
          .update({ resource_id: 'changed' }),
      );
      for (const options of FORMATS) {
        const { text } = await exportText(exports, options);
        const result = verifyExportText(text, { sha256: nodeSha256 });
        expect(result.ok).toBe(false);
        expect(result.firstBroken).toMatchObject({
          seq: second.seq,
          reason: 'content-altered',
        });
      }
      // Metadata alone altered (same meaning or not) is found as well.
      await tamper(knex, tx =>
        tx('audit_events')
          .where({ seq: second.seq })
          .update({ metadata: '{"n": 999}', resource_id: second.resourceId }),
      );
      for (const options of FORMATS.filter(o => o.includeDetails)) {
        const { text } = await exportText(exports, options);
        const result = verifyExportText(text, { sha256: nodeSha256 });
        expect(result.firstBroken).toMatchObject({
          seq: second.seq,
          reason: 'metadata-altered',
        });
      }
    });
  });
});

/** Runs a statement past the immutability guard, as an attacker with SQL access. */
async function tamper(
  knex: Knex,
  work: (tx: Knex.Transaction) => Promise<unknown>,
) {
  await knex.transaction(async tx => {
    if (isPostgres(knex)) {
      await tx.raw(`SET LOCAL audit.purge = 'on'`);
    } else {
      await tx('audit_purge_permit').insert({ id: 1 });
    }
    await work(tx);
    if (!isPostgres(knex)) {
      await tx('audit_purge_permit').delete();
    }
  });
}
