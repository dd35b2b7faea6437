import { useLocation } from 'react-router-dom';
import { createRenderWithApi } from '@controlplane/frontend-common/testUtils';
import {
  AuditRecord,
  CheckpointPage,
  GENESIS_HASH,
  VerifyReport,
} from '@controlplane/plugin-audit-common';
import { AuditApi, auditApiRef } from '../api';

/**
 * Renders with the given fake audit API and a permission mock: everything
 * allowed unless `deny` names the permission.
 */
export const renderWithApis = createRenderWithApi(auditApiRef);

/** Shows the current location's query, to check what the page puts in the URL. */
export const LocationSearch = () => {
  const { search } = useLocation();
  return <div data-testid="location-search">{search}</div>;
};

let seq = 0;

/** An audit record with plausible defaults. */
export const record = (overrides: Partial<AuditRecord> = {}): AuditRecord => {
  seq += 1;
  return {
    id: `rec-${seq}`,
    seq,
    source: 'plugin:rbac',
    timestamp: '2026-03-01T10:00:00.000Z',
    actorId: 'user:default/ada',
    actorType: 'user',
    action: 'rbac.role-grant',
    resourceType: 'rbac-role',
    resourceId: 'operator',
    outcome: 'success',
    severity: 'high',
    metadata: {},
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    contentHash: 'c'.repeat(64),
    metadataHash: 'd'.repeat(64),
    ...overrides,
  };
};

/** A fake audit API: every method is a jest mock over the given data. */
export function fakeAuditApi(
  data: {
    records?: AuditRecord[];
    nextCursor?: string;
    /** The report of `verifyChain`; an intact chain's by default. */
    verification?: Partial<VerifyReport>;
    checkpoints?: CheckpointPage;
    /** Permission names the user lacks, as in renderWithApis's `deny`. */
    deny?: string[];
  } = {},
): jest.Mocked<AuditApi> {
  const records = data.records ?? [];
  return {
    listRecords: jest.fn(async (_filters, _page) => ({
      records,
      nextCursor: data.nextCursor,
      total: records.length,
    })),
    getRecord: jest.fn(async id => {
      const found = records.find(r => r.id === id);
      if (!found) throw new Error(`no record ${id}`);
      return found;
    }),
    getResourceTimeline: jest.fn(async (type, id) => ({
      records: records.filter(
        r => r.resourceType === type && r.resourceId === id,
      ),
    })),
    exportRecords: jest.fn(async (_filters, options) => ({
      blob: new Blob(['id\n'], { type: 'text/csv' }),
      filename: `audit.${options.format}`,
    })),
    getAccess: jest.fn(async () => ({
      read: !data.deny?.includes('audit.log.read'),
      export: !data.deny?.includes('audit.log.export'),
      verify: !data.deny?.includes('audit.chain.verify'),
    })),
    verifyChain: jest.fn(async () => ({
      ok: true,
      checked: records.length || 1,
      contentPurged: 0,
      anchor: { seq: 0, hash: GENESIS_HASH, status: 'genesis' as const },
      head: { seq: records.length, hash: 'b'.repeat(64) },
      checkpoints: { checked: 0, invalid: 0 },
      ...data.verification,
    })),
    acknowledgeBrokenRange: jest.fn(
      async (range: { fromSeq: number; toSeq: number; reason: string }) => ({
        ...range,
        id: 'ack-1',
        acknowledgedBy: 'user:default/ada',
        acknowledgedAt: '2026-03-03T12:00:00.000Z',
        rangeDigest: 'd'.repeat(64),
        signature: 'sig',
        keyId: 'key-1',
        publicKey: 'PEM',
      }),
    ),
    listCheckpoints: jest.fn(
      async (_page?: { limit?: number; cursor?: string }) =>
        data.checkpoints ?? {
          checkpoints: [],
          signingKey: { keyId: 'k1', publicKey: 'PEM', ephemeral: false },
        },
    ),
  };
}
