import { randomUUID } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import {
  MemoryRateLimiter,
  RateLimiter,
  RedisRateLimiter,
} from './RateLimiter';
import { connectTestRedis, testRedisStatus, TEST_REDIS_URL } from './testUtils';

const limit = { limitPerMinute: 60, burst: 3 };
/** Keeps this run's Redis keys apart from any other's. */
const prefix = `test:apps:ratelimit:${randomUUID()}:`;

/** Takes `count` tokens; returns how many calls passed. */
async function drain(limiter: RateLimiter, key: string, count: number) {
  let allowed = 0;
  for (let i = 0; i < count; i++) {
    if ((await limiter.consume(key, limit)).allowed) allowed += 1;
  }
  return allowed;
}

describe('MemoryRateLimiter', () => {
  it('lets a burst through, then refuses with Retry-After until it refills', async () => {
    let time = 1_000_000;
    const limiter = new MemoryRateLimiter({ now: () => time });
    expect(await drain(limiter, 'app-1:default', 3)).toBe(3);
    expect(await limiter.consume('app-1:default', limit)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    // Other buckets are not affected.
    expect(await drain(limiter, 'app-2:default', 1)).toBe(1);

    // 60 per minute: one token per second.
    time += 999;
    expect((await limiter.consume('app-1:default', limit)).allowed).toBe(false);
    time += 1;
    expect((await limiter.consume('app-1:default', limit)).allowed).toBe(true);
    // Never more than the burst, however long it rests.
    time += 3_600_000;
    expect(await drain(limiter, 'app-1:default', 5)).toBe(3);
  });

  it('says how many whole seconds to wait for slow limits', async () => {
    const time = 0;
    const limiter = new MemoryRateLimiter({ now: () => time });
    const slow = { limitPerMinute: 2, burst: 1 };
    await limiter.consume('k', slow);
    expect(await limiter.consume('k', slow)).toEqual({
      allowed: false,
      retryAfterSeconds: 30,
    });
  });
});

// Without Redis: skipped with the reason in the name, or failing when
// Redis is required (CI).
const redis = testRedisStatus();
// eslint-disable-next-line jest/no-disabled-tests
(redis.run ? describe : describe.skip)(`RedisRateLimiter${redis.note}`, () => {
  let admin: Awaited<ReturnType<typeof connectTestRedis>>;

  beforeAll(async () => {
    admin = await connectTestRedis();
  });

  afterAll(async () => {
    if (admin) {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.del(keys);
      await admin.close();
    }
  });

  it('shares one bucket between two instances and refills it', async () => {
    let time = 1_000_000;
    const logger = mockServices.logger.mock();
    const options = {
      url: TEST_REDIS_URL,
      logger,
      keyPrefix: prefix,
      now: () => time,
    };
    const first = new RedisRateLimiter(options);
    const second = new RedisRateLimiter(options);
    try {
      expect(await first.ready()).toBe(true);
      expect(await second.ready()).toBe(true);

      expect(await drain(first, 'app-1:default', 2)).toBe(2);
      // The other instance sees the same bucket: one token left.
      expect(await drain(second, 'app-1:default', 2)).toBe(1);
      expect(await first.consume('app-1:default', limit)).toEqual({
        allowed: false,
        retryAfterSeconds: 1,
      });

      time += 1000;
      expect(await drain(second, 'app-1:default', 2)).toBe(1);
      expect(await admin.exists(`${prefix}app-1:default`)).toBe(1);
      expect(logger.warn).not.toHaveBeenCalled();
    } finally {
      await first.close();
      await second.close();
    }
  });
});

// Needs no Redis: nothing listens where it points.
describe('RedisRateLimiter without a reachable Redis', () => {
  it('counts in memory with a warning when Redis is unreachable', async () => {
    const logger = mockServices.logger.mock();
    // Nothing listens on port 1.
    const limiter = new RedisRateLimiter({
      url: 'redis://127.0.0.1:1',
      logger,
      keyPrefix: prefix,
      now: () => 0,
    });
    try {
      expect(await drain(limiter, 'app-1:default', 4)).toBe(3);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Rate limits of app credentials are counted in this instance's memory while Redis cannot be reached/,
        ),
      );
    } finally {
      await limiter.close();
    }
  });
});
