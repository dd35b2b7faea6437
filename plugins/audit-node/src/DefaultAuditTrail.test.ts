import { mockServices } from '@backstage/backend-test-utils';
import { AuditEventInput } from '@controlplane/plugin-audit-common';
import { AuditEventWriter } from './auditTrail';
import { DefaultAuditTrail } from './DefaultAuditTrail';

function event(n: number): AuditEventInput {
  return {
    source: 'plugin:test',
    eventId: `e${n}`,
    timestamp: new Date().toISOString(),
    actorId: 'user:default/ada',
    actorType: 'user',
    action: `test.event-${n}`,
    outcome: 'success',
    severity: 'high',
    metadata: { secret: 'must-not-be-logged' },
  };
}

/** A writer that keeps what it wrote; each write waits `delayMs`. */
function fakeWriter(delayMs = 0) {
  const batches: AuditEventInput[][] = [];
  const writer: AuditEventWriter & { batches: typeof batches } = {
    batches,
    write: jest.fn(async (events: AuditEventInput[]) => {
      await new Promise(resolve => setTimeout(resolve, delayMs));
      batches.push([...events]);
    }),
  };
  return writer;
}

const written = (writer: { batches: AuditEventInput[][] }) =>
  writer.batches.flat().map(e => e.eventId);

describe('DefaultAuditTrail', () => {
  it('buffers events until a writer attaches, then writes them in order', async () => {
    const trail = new DefaultAuditTrail({ logger: mockServices.logger.mock() });
    let settled = 0;
    const records = [1, 2, 3].map(n =>
      trail.record(event(n)).then(() => settled++),
    );
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(settled).toBe(0);
    expect(trail.pendingCount).toBe(3);

    const writer = fakeWriter();
    trail.attachWriter(writer);
    await Promise.all(records);
    expect(written(writer)).toEqual(['e1', 'e2', 'e3']);
    // The buffered events go in one write.
    expect(writer.write).toHaveBeenCalledTimes(1);
  });

  it('batches events that arrive while a write is in flight, preserving order', async () => {
    const trail = new DefaultAuditTrail({ logger: mockServices.logger.mock() });
    const writer = fakeWriter(10);
    trail.attachWriter(writer);

    const records: Promise<void>[] = [];
    for (let n = 1; n <= 50; n++) {
      records.push(trail.record(event(n)));
      if (n % 10 === 0) {
        await new Promise(resolve => setTimeout(resolve, 3));
      }
    }
    await Promise.all(records);
    expect(written(writer)).toEqual(
      Array.from({ length: 50 }, (_, i) => `e${i + 1}`),
    );
    expect(writer.batches.length).toBeGreaterThan(1);
    expect(writer.batches.length).toBeLessThan(50);
  });

  it('caps the batch size', async () => {
    const trail = new DefaultAuditTrail({
      logger: mockServices.logger.mock(),
      maxBatchSize: 2,
    });
    const writer = fakeWriter();
    const records = [1, 2, 3, 4, 5].map(n => trail.record(event(n)));
    trail.attachWriter(writer);
    await Promise.all(records);
    expect(writer.batches.map(b => b.length)).toEqual([2, 2, 1]);
    expect(written(writer)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('retries a failed write', async () => {
    const logger = mockServices.logger.mock();
    const trail = new DefaultAuditTrail({ logger, retryDelayMs: 1 });
    const writer = fakeWriter();
    const write = writer.write as jest.Mock;
    write.mockRejectedValueOnce(new Error('connection reset'));
    trail.attachWriter(writer);
    await trail.record(event(1));
    expect(write).toHaveBeenCalledTimes(2);
    expect(written(writer)).toEqual(['e1']);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('rejects and logs the events (without metadata) when the writes keep failing', async () => {
    const logger = mockServices.logger.mock();
    const trail = new DefaultAuditTrail({
      logger,
      retryDelayMs: 1,
      writeAttempts: 3,
    });
    const write = jest.fn(async (_events: AuditEventInput[]): Promise<void> => {
      throw new Error('database is down');
    });
    trail.attachWriter({ write });
    await expect(trail.record(event(1))).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('test.event-1'),
    });
    expect(write).toHaveBeenCalledTimes(3);
    expect(logger.error).toHaveBeenCalledWith(
      'Audit event could not be stored',
      expect.objectContaining({
        action: 'test.event-1',
        actorId: 'user:default/ada',
        error: 'Error: database is down',
      }),
    );
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain(
      'must-not-be-logged',
    );

    // The trail keeps going with the next events.
    write.mockImplementation(async () => {});
    await expect(trail.record(event(2))).resolves.toBeUndefined();
  });

  it('falls back to log-only once, releasing the buffered events', async () => {
    const logger = mockServices.logger.mock();
    const trail = new DefaultAuditTrail({ logger });
    const buffered = trail.record(event(1));
    trail.fallBackToLogOnly('no audit plugin');
    trail.fallBackToLogOnly('no audit plugin');
    await expect(buffered).resolves.toBeUndefined();
    await expect(trail.record(event(2))).resolves.toBeUndefined();
    expect(trail.mode).toBe('log-only');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('no audit plugin'),
    );

    // A store that attaches late still gets the events from then on.
    const writer = fakeWriter();
    trail.attachWriter(writer);
    await trail.record(event(3));
    expect(written(writer)).toEqual(['e3']);
  });

  it('falls back to log-only when a buffered event waits too long', async () => {
    const logger = mockServices.logger.mock();
    const trail = new DefaultAuditTrail({ logger, maxWaitMs: 30 });
    const started = Date.now();
    await trail.record(event(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(trail.mode).toBe('log-only');
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('bounds the buffer: overflowing events are only logged, with one warning', async () => {
    const logger = mockServices.logger.mock();
    const trail = new DefaultAuditTrail({ logger, maxBufferedEvents: 2 });
    const records = [1, 2, 3, 4].map(n => trail.record(event(n)));
    await expect(records[2]).resolves.toBeUndefined();
    await expect(records[3]).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const writer = fakeWriter();
    trail.attachWriter(writer);
    await Promise.all(records);
    expect(written(writer)).toEqual(['e1', 'e2']);
  });

  it('accepts only one writer', () => {
    const trail = new DefaultAuditTrail({ logger: mockServices.logger.mock() });
    trail.attachWriter(fakeWriter());
    expect(() => trail.attachWriter(fakeWriter())).toThrow(/already attached/);
  });

  it('flush waits for the writes in flight', async () => {
    const trail = new DefaultAuditTrail({ logger: mockServices.logger.mock() });
    const writer = fakeWriter(20);
    trail.attachWriter(writer);
    const record = trail.record(event(1));
    await trail.flush();
    expect(written(writer)).toEqual(['e1']);
    await record;
  });
});
