import { SigninStore } from '../database/SigninStore';

/** How failed sign-ins slow down, then stop, further attempts. */
export interface ThrottlePolicy {
  /** Failures older than this are forgotten. */
  windowSeconds: number;
  /** Failures of one account before each further one waits (doubling). */
  accountFreeFailures: number;
  /** Failures of one account that lock it for `lockoutSeconds`. */
  accountLockoutFailures: number;
  /** The same for one network address (many accounts tried from it). */
  addressFreeFailures: number;
  addressLockoutFailures: number;
  lockoutSeconds: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowSeconds: 900,
  accountFreeFailures: 3,
  accountLockoutFailures: 10,
  addressFreeFailures: 10,
  addressLockoutFailures: 50,
  lockoutSeconds: 900,
};

/** Who is attempting: the account named (by e-mail, known or not) and from where. */
export interface Attempt {
  /** The e-mail address, lowercased; unknown addresses are throttled alike. */
  email: string;
  ip: string;
}

/** Why an attempt may not run now. */
export interface Blocked {
  /** `locked` after the lockout count, `slowed` while a backoff runs. */
  kind: 'locked' | 'slowed';
  /** Whole seconds until another attempt may run. */
  retryAfterSeconds: number;
}

const keysOf = (attempt: Attempt) => ({
  account: `account:${attempt.email}`,
  address: `ip:${attempt.ip}`,
});

/**
 * Failed sign-ins per account and per address, in the database so every
 * instance counts the same: after a few, each further attempt waits a
 * doubling delay (answered with Retry-After, never a server-side sleep);
 * after more, a lockout. A good sign-in clears the account's count.
 */
export class SigninThrottle {
  constructor(
    private readonly options: {
      store: SigninStore;
      policy?: ThrottlePolicy;
      now?: () => Date;
    },
  ) {}

  get #policy() {
    return this.options.policy ?? DEFAULT_THROTTLE_POLICY;
  }

  #now() {
    return this.options.now?.() ?? new Date();
  }

  /** Whether the attempt must wait, and how long; undefined when it may run. */
  async blocked(attempt: Attempt): Promise<Blocked | undefined> {
    const keys = keysOf(attempt);
    const now = this.#now().getTime();
    let longest: Blocked | undefined;
    for (const row of await this.options.store.throttles([
      keys.account,
      keys.address,
    ])) {
      if (!row.blocked_until) continue;
      const wait = new Date(row.blocked_until).getTime() - now;
      if (wait <= 0) continue;
      const lockout =
        row.key === keys.account
          ? this.#policy.accountLockoutFailures
          : this.#policy.addressLockoutFailures;
      const blocked: Blocked = {
        kind: row.failures >= lockout ? 'locked' : 'slowed',
        retryAfterSeconds: Math.ceil(wait / 1000),
      };
      if (!longest || blocked.retryAfterSeconds > longest.retryAfterSeconds) {
        longest = blocked;
      }
    }
    return longest;
  }

  /**
   * Counts a failed attempt for its account and address; answers whether
   * the account is now locked out (an event worth its own audit record).
   */
  async failed(attempt: Attempt): Promise<{ lockedOut: boolean }> {
    const policy = this.#policy;
    const keys = keysOf(attempt);
    const now = this.#now();
    const windowStart = new Date(
      now.getTime() - policy.windowSeconds * 1000,
    ).toISOString();
    let lockedOut = false;
    for (const [key, free, lockout] of [
      [keys.account, policy.accountFreeFailures, policy.accountLockoutFailures],
      [keys.address, policy.addressFreeFailures, policy.addressLockoutFailures],
    ] as const) {
      const failures = await this.options.store.addFailure(
        key,
        now.toISOString(),
        windowStart,
      );
      let seconds = 0;
      if (failures >= lockout) {
        seconds = policy.lockoutSeconds;
        if (key === keys.account && failures === lockout) lockedOut = true;
      } else if (failures >= free) {
        seconds = Math.min(2 ** (failures - free), policy.lockoutSeconds);
      }
      if (seconds > 0) {
        await this.options.store.block(
          key,
          new Date(now.getTime() + seconds * 1000).toISOString(),
        );
      }
    }
    return { lockedOut };
  }

  /** A good sign-in: the account starts afresh (the address does not). */
  async succeeded(attempt: Attempt): Promise<void> {
    await this.options.store.clearThrottle(keysOf(attempt).account);
  }
}
