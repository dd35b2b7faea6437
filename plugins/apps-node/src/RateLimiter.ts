import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { createClient } from 'redis';

/** A token bucket: `burst` calls at once, refilled at `limitPerMinute`. */
export interface RateLimit {
  limitPerMinute: number;
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: whole seconds until the next call may pass, at least 1. */
  retryAfterSeconds: number;
}

/** Takes one token from the bucket `key` or refuses the call. */
export interface RateLimiter {
  consume(key: string, limit: RateLimit): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

function retryAfterSeconds(missingTokens: number, limit: RateLimit): number {
  const waitMs = (missingTokens * 60_000) / limit.limitPerMinute;
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** Buckets in this process's memory: each backend instance counts its own. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<
    string,
    { tokens: number; updatedAt: number }
  >();
  private readonly now: () => number;
  private sweptAt: number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    this.sweptAt = this.now();
  }

  async consume(key: string, limit: RateLimit): Promise<RateLimitDecision> {
    return this.consumeNow(key, limit);
  }

  consumeNow(key: string, limit: RateLimit): RateLimitDecision {
    const now = this.now();
    this.sweep(now);
    const perMs = limit.limitPerMinute / 60_000;
    const bucket = this.buckets.get(key) ?? {
      tokens: limit.burst,
      updatedAt: now,
    };
    if (now > bucket.updatedAt) {
      bucket.tokens += (now - bucket.updatedAt) * perMs;
      bucket.updatedAt = now;
    }
    bucket.tokens = Math.min(bucket.tokens, limit.burst);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return {
      allowed: false,
      retryAfterSeconds: retryAfterSeconds(1 - bucket.tokens, limit),
    };
  }

  /** Forgets buckets idle for ten minutes (full again by then in practice). */
  private sweep(now: number) {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt > 600_000) this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/**
 * Refills the bucket for the time passed, takes a token if there is one and
 * stores it back, atomically. Time comes from the caller (milliseconds), so
 * every instance uses the same rule; it never goes backwards for a bucket.
 * Returns {allowed, milliseconds until a token}.
 */
const TOKEN_BUCKET_SCRIPT = `
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 60000
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = tokens + (now - at) * perMs
  at = now
end
if tokens > burst then tokens = burst end
local allowed = 0
local waitMs = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  waitMs = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / perMs) + 60000)
return {allowed, waitMs}
`;
const TOKEN_BUCKET_SHA1 = createHash('sha1')
  .update(TOKEN_BUCKET_SCRIPT)
  .digest('hex');

export interface RedisRateLimiterOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, as `backend.cache.connection`. */
  url: string;
  logger: LoggerService;
  /** Prefix of every bucket key (default `controlplane:apps:ratelimit:`). */
  keyPrefix?: string;
  /** Give up on Redis for a call after this long (default 500 ms). */
  commandTimeoutMs?: number;
  /** The clock, for tests; every instance sharing buckets must agree on it. */
  now?: () => number;
}

/**
 * Buckets in Redis, shared by every backend instance; one Lua script per
 * call. While Redis cannot be reached, calls are counted in memory instead
 * (each instance on its own) and a warning is logged: a cache outage must
 * not refuse the apps' traffic.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly client: ReturnType<typeof createClient>;
  private readonly fallback: MemoryRateLimiter;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  private readonly logger: LoggerService;
  private readonly now: () => number;
  private readonly connecting: Promise<unknown>;
  private degraded = false;
  private closed = false;

  constructor(options: RedisRateLimiterOptions) {
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.keyPrefix = options.keyPrefix ?? 'controlplane:apps:ratelimit:';
    this.timeoutMs = options.commandTimeoutMs ?? 500;
    this.fallback = new MemoryRateLimiter({ now: this.now });
    this.client = createClient({
      url: options.url,
      // Fail a call at once while disconnected instead of queueing it.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        reconnectStrategy: retries => Math.min(200 * (retries + 1), 5000),
      },
    });
    this.client.on('error', error => this.degrade(error));
    this.client.on('ready', () => this.recover());
    this.connecting = this.client.connect().catch(error => this.degrade(error));
  }

  /** Whether Redis is connected within `timeoutMs` (tests, diagnostics). */
  async ready(timeoutMs = 2000): Promise<boolean> {
    await Promise.race([
      this.connecting,
      new Promise(resolve => setTimeout(resolve, timeoutMs).unref?.()),
    ]);
    return this.client.isReady;
  }

  async consume(key: string, limit: RateLimit): Promise<RateLimitDecision> {
    if (!this.client.isReady) {
      this.degrade(new Error('not connected'));
      return this.fallback.consume(key, limit);
    }
    try {
      const reply = (await this.withTimeout(
        this.runScript(`${this.keyPrefix}${key}`, limit),
      )) as [number, number];
      this.recover();
      const [allowed, waitMs] = reply.map(Number);
      return allowed === 1
        ? { allowed: true, retryAfterSeconds: 0 }
        : {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
          };
    } catch (error) {
      this.degrade(error);
      return this.fallback.consume(key, limit);
    }
  }

  private async runScript(key: string, limit: RateLimit): Promise<unknown> {
    const options = {
      keys: [key],
      arguments: [
        String(limit.burst),
        String(limit.limitPerMinute),
        String(Math.floor(this.now())),
      ],
    };
    try {
      return await this.client.evalSha(TOKEN_BUCKET_SHA1, options);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return await this.client.eval(TOKEN_BUCKET_SCRIPT, options);
    }
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from Redis in ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private degrade(error: unknown) {
    if (this.degraded || this.closed) return;
    this.degraded = true;
    this.logger.warn(
      `Rate limits of app credentials are counted in this instance's memory while Redis cannot be reached: ${error}`,
    );
  }

  private recover() {
    if (!this.degraded || this.closed) return;
    this.degraded = false;
    this.logger.info(
      'Rate limits of app credentials are counted in Redis again',
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    try {
      if (this.client.isReady) {
        await this.client.close();
      } else if (this.client.isOpen) {
        // Still trying to (re)connect: stop that.
        this.client.destroy();
      }
    } catch {
      // Closing a client that is already gone.
    }
    await this.fallback.close();
  }
}
