import { BlockList, isIP } from 'node:net';
import {
  AuthenticationError,
  CustomErrorBase,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  checkPassword,
  passwordExpiresAt,
  TENANT_ROLE_SCOPES,
  TenantUserRole,
  TokenResponse,
} from '@controlplane/plugin-tenants-common';
import { StoredTenant, toTenant } from '../database/rows';
import { RefreshableSession } from '../database/SessionStore';
import { SigninAccount } from '../database/SigninStore';
import { TenantsStores, TenantsStoreSet } from '../database/stores';
import {
  hashPassword,
  isReused,
  verifyNothing,
  verifyPassword,
} from './passwords';
import { MfaChallenge, MfaService, SecondFactorNeed } from './MfaService';
import { SigninThrottle } from './SigninThrottle';
import { SigningKeys } from './SigningKeys';

/** 429: too many failed attempts; try again after `retryAfterSeconds`. */
export class TooManyAttemptsError extends CustomErrorBase {
  name = 'TooManyAttemptsError' as const;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
  get statusCode(): number {
    return 429;
  }
}

/** A refresh token presented again after it was rotated: the session ends. */
export class RefreshReuseError extends AuthenticationError {
  // Private: error answers serialize an error's own fields, and the
  // session id is for the audit record, not for the caller.
  readonly #sessionId: string;
  constructor(sessionId: string) {
    super('This refresh token was already used: the session is revoked');
    this.#sessionId = sessionId;
  }
  get sessionId(): string {
    return this.#sessionId;
  }
}

/** A refused sign-in; `lockedOut` when this failure locked the account. */
export class SigninFailedError extends AuthenticationError {
  // Private, like RefreshReuseError's session id: not in the answer.
  readonly #lockedOut: boolean;
  constructor(message: string, lockedOut = false) {
    super(message);
    this.#lockedOut = lockedOut;
  }
  get lockedOut(): boolean {
    return this.#lockedOut;
  }
}

/** How a sign-in was completed. */
export type SigninMethod =
  | 'password'
  | 'totp'
  | 'recovery_code'
  | 'webauthn'
  | 'sso';

/** Where a request comes from, as sign-in records and checks it. */
export interface RequestContext {
  ip: string;
  userAgent?: string;
}

/** The claims of an access token this service signed. */
export interface TenantAccess {
  userId: string;
  tenant: string;
  role: TenantUserRole;
  sessionId: string;
}

export interface SigninServiceOptions {
  stores: TenantsStores;
  throttle: SigninThrottle;
  keys: SigningKeys;
  /** Second factors (TOTP, recovery codes) and when they are due. */
  mfa: MfaService;
  /** The `aud` of access tokens (what managed apps check). */
  audience: string;
  accessTokenTtlSeconds: number;
  now?: () => Date;
}

// One message for every refusal before the password is known to be right:
// no account enumeration.
const INVALID = 'Invalid e-mail address or password';

const domainOf = (email: string) => email.split('@')[1] ?? '';

/** Whether `ip` is inside one of the CIDR blocks or addresses of `list`. */
export function ipAllowed(ip: string, list: string[]): boolean {
  if (list.length === 0) return true;
  const address =
    ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(address);
  if (family === 0) return false;
  const blocks = new BlockList();
  for (const entry of list) {
    const [network, bits] = entry.split('/');
    const type = isIP(network) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) blocks.addAddress(network, type);
    else blocks.addSubnet(network, Number(bits), type);
  }
  return blocks.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Sign-in of tenant users with a password: the account from the e-mail
 * address (and the tenant, when the login URL names one), the throttle,
 * argon2id verification, the organization's settings, then a session in
 * the session store whose token is the refresh token, rotated on every use,
 * and a short-lived signed access token.
 */
export class SigninService {
  constructor(private readonly options: SigninServiceOptions) {}

  #now() {
    return this.options.now?.() ?? new Date();
  }

  /**
   * The account an e-mail address signs into: of the tenant named, else
   * the only one, else the one whose domain is the address's. Undefined
   * when none or ambiguous (answered like a wrong password).
   */
  async account(
    email: string,
    tenant?: string,
  ): Promise<SigninAccount | undefined> {
    const accounts = await this.options.stores.signin.accountsByEmail(
      email,
      tenant,
    );
    if (accounts.length <= 1) return accounts[0];
    const domain = domainOf(email);
    const byDomain = accounts.filter(({ tenant: row }) => {
      const settings = toTenant(row).settings;
      return row.domain === domain || settings.allowedDomains.includes(domain);
    });
    return byDomain.length === 1 ? byDomain[0] : undefined;
  }

  /** Signs in with a password; every refusal is a SigninFailedError or 429. */
  async signIn(
    input: { email: string; password: string },
    account: SigninAccount | undefined,
    context: RequestContext,
  ): Promise<Change<TokenResponse | MfaChallenge>> {
    const { throttle } = this.options;
    const attempt = { email: input.email, ip: context.ip };
    const blocked = await throttle.blocked(attempt);
    if (blocked) {
      throw new TooManyAttemptsError(
        blocked.kind === 'locked'
          ? `Too many failed sign-ins: locked for ${blocked.retryAfterSeconds} seconds`
          : `Too many failed sign-ins: try again in ${blocked.retryAfterSeconds} seconds`,
        blocked.retryAfterSeconds,
      );
    }
    const hash = account?.user.password_hash;
    const good = hash
      ? await verifyPassword(hash, input.password)
      : await verifyNothing(input.password);
    if (!good || !account) {
      const { lockedOut } = await throttle.failed(attempt);
      throw new SigninFailedError(INVALID, lockedOut);
    }
    await throttle.succeeded(attempt);

    const tenant = toTenant(account.tenant);
    const { user } = account;
    this.assertMaySignIn(tenant, user, context);
    const expiresAt = user.password_changed_at
      ? passwordExpiresAt(
          tenant.passwordPolicy,
          new Date(user.password_changed_at),
        )
      : undefined;
    if (expiresAt && expiresAt <= this.#now()) {
      throw new NotAllowedError(
        'Your password has expired: set a new one (POST /auth/password)',
      );
    }
    const need = await this.options.mfa.need(user, tenant, context);
    if (need) {
      return {
        result: await this.options.mfa.challenge(user, need, context),
        audit: {
          tenant: tenant.name,
          resourceType: 'tenant-user',
          resourceId: user.id,
          after: { stage: 'password', next: need, ip: context.ip },
        },
      };
    }
    return this.startSession(tenant, user, context, 'password');
  }

  /**
   * The second step of a sign-in: a TOTP or recovery code for the challenge
   * a good password opened. Wrong codes count towards the throttle and the
   * challenge's five attempts.
   */
  async completeSecondFactor(
    input: { mfaToken: string; code: string },
    context: RequestContext,
  ): Promise<Change<TokenResponse>> {
    let method: SigninMethod = 'totp';
    return this.completeChallengeWith(
      { mfaToken: input.mfaToken, purpose: 'verify' },
      context,
      () => method,
      async ({ user }) => {
        const verified = await this.options.mfa.verify(user.id, input.code);
        method = verified.method ?? 'totp';
        return verified.ok;
      },
      'The code does not match',
    );
  }

  /**
   * The account of an open challenge, no attempt counted: for the options
   * of a passkey ceremony (its answer counts).
   */
  async challengeAccount(
    mfaToken: string,
    purpose: SecondFactorNeed,
    context: RequestContext,
  ): Promise<SigninAccount> {
    const pending = await this.options.mfa.pendingChallenge(mfaToken, purpose);
    return this.activeAccount(pending.userId, context);
  }

  /**
   * Completes a challenge of `purpose` with a factor `check` verifies (a
   * code, a passkey); `method` is how, known once checked. `check`
   * answering false counts towards the throttle and the challenge's
   * attempts; what it throws is answered as is.
   */
  async completeChallengeWith(
    input: { mfaToken: string; purpose: SecondFactorNeed },
    context: RequestContext,
    method: SigninMethod | (() => SigninMethod),
    check: (account: SigninAccount) => Promise<boolean>,
    refusal = 'The passkey was not accepted',
  ): Promise<Change<TokenResponse>> {
    const { mfa } = this.options;
    const { userId } = await mfa.openChallenge(input.mfaToken, input.purpose);
    const account = await this.activeAccount(userId, context);
    if (!(await check(account))) {
      const attempt = { email: account.user.email, ip: context.ip };
      const { lockedOut } = await this.options.throttle.failed(attempt);
      throw new SigninFailedError(refusal, lockedOut);
    }
    if (!(await mfa.closeChallenge(input.mfaToken))) {
      throw new AuthenticationError('This sign-in step was already used');
    }
    return this.startSession(
      toTenant(account.tenant),
      account.user,
      context,
      typeof method === 'function' ? method() : method,
    );
  }

  /** Starts TOTP enrolment for the user of an enrolment challenge. */
  async beginEnrolment(mfaToken: string, context: RequestContext) {
    const { userId } = await this.options.mfa.openChallenge(mfaToken, 'enroll');
    const account = await this.activeAccount(userId, context);
    return this.options.mfa.beginTotp(account.user);
  }

  /**
   * Finishes the enrolment an organization requires: the first code
   * confirms the authenticator, then the sign-in completes; the answer
   * carries the recovery codes, shown once.
   */
  async completeEnrolment(
    input: { mfaToken: string; code: string },
    context: RequestContext,
  ): Promise<Change<TokenResponse & { recovery_codes: string[] }>> {
    const { mfa } = this.options;
    const { userId } = await mfa.openChallenge(input.mfaToken, 'enroll');
    const account = await this.activeAccount(userId, context);
    const recoveryCodes = await mfa.confirmTotp(userId, input.code);
    if (!(await mfa.closeChallenge(input.mfaToken))) {
      throw new AuthenticationError('This sign-in step was already used');
    }
    const done = await this.startSession(
      toTenant(account.tenant),
      account.user,
      context,
      'totp',
    );
    return {
      result: { ...done.result, recovery_codes: recoveryCodes },
      audit: { ...done.audit, mfaEnrolled: 'totp' },
    };
  }

  /** Starts TOTP enrolment for a signed-in user who chooses to add one. */
  async beginEnrolmentOf(access: TenantAccess) {
    const account = await this.options.stores.signin.accountById(access.userId);
    if (!account) throw new AuthenticationError('Unknown user');
    return this.options.mfa.beginTotp(account.user);
  }

  /** Confirms a signed-in user's authenticator; answers recovery codes. */
  async completeEnrolmentOf(
    access: TenantAccess,
    code: string,
  ): Promise<Change<{ recovery_codes: string[] }>> {
    const recoveryCodes = await this.options.mfa.confirmTotp(
      access.userId,
      code,
    );
    return {
      result: { recovery_codes: recoveryCodes },
      audit: {
        tenant: access.tenant,
        resourceType: 'tenant-user',
        resourceId: access.userId,
        after: { mfaEnrolled: 'totp' },
      },
    };
  }

  /** The account of a user who may sign in now, or a refusal. */
  async activeAccount(userId: string, context: RequestContext) {
    const account = await this.options.stores.signin.accountById(userId);
    if (!account) throw new AuthenticationError('Unknown user');
    this.assertMaySignIn(toTenant(account.tenant), account.user, context);
    return account;
  }

  /**
   * A new session and its tokens for a user whose sign-in succeeded by
   * `method` (every check of that method done by the caller).
   */
  async startSession(
    tenant: StoredTenant,
    user: SigninAccount['user'],
    context: RequestContext,
    method: SigninMethod,
  ): Promise<Change<TokenResponse>> {
    const now = this.#now();
    const session = await this.options.stores.sessions.issue({
      userId: user.id,
      tenantId: tenant.id,
      ttlMs: tenant.settings.sessionTimeoutMinutes * 60_000,
      now,
      signin: {
        role: user.role,
        method: method === 'password' || method === 'sso' ? method : 'mfa',
        ip: context.ip,
        userAgent: context.userAgent,
      },
    });
    await this.options.mfa.rememberDevice(user.id, context);
    const result = await this.#tokens(tenant, user, session.id, session.token);
    return {
      result,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-session',
        resourceId: session.id,
        after: { userId: user.id, method, ip: context.ip },
      },
    };
  }

  /**
   * A new access token and refresh token for a refresh token. Refused when
   * the session was revoked or expired, its user is disabled, deleted or
   * has another role, its tenant is not active, or the address is outside
   * the allow-list; a refresh token used twice revokes its session.
   */
  async refresh(
    refreshToken: string,
    context: RequestContext,
    /** The OIDC client asking; a session issued to one refreshes for it only. */
    options: { clientId?: string } = {},
  ): Promise<Change<TokenResponse>> {
    const { stores } = this.options;
    const now = this.#now();
    // A refusal that revokes the session is committed, then thrown.
    const outcome = await stores.transaction(
      async (s): Promise<Change<TokenResponse> | Error> => {
        const session = await s.sessions.byRefreshToken(refreshToken);
        if (!session) {
          const reused = await s.sessions.sessionOfRotatedToken(refreshToken);
          if (!reused) {
            return new AuthenticationError('Unknown or revoked refresh token');
          }
          await s.sessions.revoke(reused, 'refresh-token-reuse', now);
          return new RefreshReuseError(reused);
        }
        if (session.clientId !== (options.clientId ?? null)) {
          return new AuthenticationError(
            'This refresh token was issued to another application',
          );
        }
        if (session.revoked) {
          return new AuthenticationError('The session was revoked');
        }
        if (new Date(session.expiresAt) <= now) {
          return new AuthenticationError('The session expired');
        }
        const ended = sessionEnd(session);
        if (ended) {
          await s.sessions.revoke(session.id, ended.reason, now);
          return new AuthenticationError(ended.message);
        }
        const account = await s.signin.accountById(session.userId);
        if (!account) return new AuthenticationError('Unknown user');
        const tenant = toTenant(account.tenant);
        if (!ipAllowed(context.ip, tenant.settings.ipAllowList)) {
          return new NotAllowedError(
            `Your organization does not allow access from ${context.ip}`,
          );
        }
        const expiresAt = new Date(
          now.getTime() + tenant.settings.sessionTimeoutMinutes * 60_000,
        ).toISOString();
        const token = await s.sessions.rotateRefreshToken(
          session.id,
          refreshToken,
          { expiresAt, now: now.toISOString() },
        );
        if (!token) {
          // Another refresh with the same token won the race: reuse.
          await s.sessions.revoke(session.id, 'refresh-token-reuse', now);
          return new RefreshReuseError(session.id);
        }
        return {
          result: await this.#tokens(tenant, account.user, session.id, token),
          audit: {
            tenant: tenant.name,
            resourceType: 'tenant-session',
            resourceId: session.id,
          },
        };
      },
    );
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /** Ends the session of an access token. */
  async signOut(access: TenantAccess): Promise<Change<{ revoked: number }>> {
    const revoked = (await this.options.stores.sessions.revoke(
      access.sessionId,
      'signed-out',
      this.#now(),
    ))
      ? 1
      : 0;
    return {
      result: { revoked },
      audit: {
        tenant: access.tenant,
        resourceType: 'tenant-session',
        resourceId: access.sessionId,
        after: { revoked },
      },
    };
  }

  /**
   * Changes a password with the current one (also when it expired): the
   * policy and its history apply, and every session of the user ends.
   */
  async changePassword(
    input: { email: string; currentPassword: string; newPassword: string },
    account: SigninAccount | undefined,
    context: RequestContext,
  ): Promise<Change<{ sessionsRevoked: number }>> {
    const attempt = { email: input.email, ip: context.ip };
    const blocked = await this.options.throttle.blocked(attempt);
    if (blocked) {
      throw new TooManyAttemptsError(
        `Too many failed attempts: try again in ${blocked.retryAfterSeconds} seconds`,
        blocked.retryAfterSeconds,
      );
    }
    const hash = account?.user.password_hash;
    const good = hash
      ? await verifyPassword(hash, input.currentPassword)
      : await verifyNothing(input.currentPassword);
    if (!good || !account) {
      const { lockedOut } = await this.options.throttle.failed(attempt);
      throw new SigninFailedError(INVALID, lockedOut);
    }
    await this.options.throttle.succeeded(attempt);
    const tenant = toTenant(account.tenant);
    this.assertMaySignIn(tenant, account.user, context);
    const sessionsRevoked = await this.setPassword(
      tenant,
      account.user,
      input.newPassword,
    );
    return passwordSet(tenant, account.user.id, sessionsRevoked);
  }

  /**
   * Sets a user's password under the tenant's policy (length, classes, not
   * one of the last `historyCount`), ending all their sessions; answers
   * how many ended. For a change, a reset and an accepted invitation.
   */
  async setPassword(
    tenant: StoredTenant,
    user: { id: string; email: string; password_hash: string | null },
    password: string,
    /**
     * Runs first in the transaction that sets it (e.g. uses up a reset
     * token); when it answers false nothing is written.
     */
    consume?: (s: TenantsStoreSet) => Promise<boolean>,
  ): Promise<number> {
    const policy = tenant.passwordPolicy;
    assertPolicy(password, tenant);
    const { stores } = this.options;
    const earlier = [
      ...(user.password_hash ? [user.password_hash] : []),
      ...(await stores.signin.passwordHistory(user.id, policy.historyCount)),
    ].slice(0, Math.max(policy.historyCount, 1));
    if (policy.historyCount > 0 && (await isReused(password, earlier))) {
      throw new InputError(
        `The password must differ from the last ${policy.historyCount} passwords`,
      );
    }
    const hash = await hashPassword(password);
    const now = this.#now();
    return stores.transaction(async s => {
      if (consume && !(await consume(s))) {
        throw new InputError('This link was already used or has expired');
      }
      await s.signin.setPassword(user.id, hash, {
        previous: user.password_hash,
        keep: policy.historyCount,
        now: now.toISOString(),
      });
      return s.sessions.revokeAllForUser(user.id, 'password-changed', now);
    });
  }

  /** The hash of a first password (invitation), checked against the policy. */
  async firstPasswordHash(
    tenant: StoredTenant,
    password: string,
  ): Promise<string> {
    assertPolicy(password, tenant);
    return hashPassword(password);
  }

  /** The tenant user an access token names, verified offline. */
  async verifyAccessToken(token: string): Promise<TenantAccess> {
    const payload = await this.options.keys.verify(token, {
      audience: this.options.audience,
    });
    const { sub, tenant, role, sid } = payload as Record<string, unknown>;
    if (
      typeof sub !== 'string' ||
      typeof tenant !== 'string' ||
      typeof role !== 'string' ||
      typeof sid !== 'string'
    ) {
      throw new AuthenticationError('Not a tenant access token');
    }
    // Signing out ends access at once for the portal's own routes.
    if (
      !(await this.options.stores.sessions.isActive(
        sid,
        this.#now().toISOString(),
      ))
    ) {
      throw new AuthenticationError('The session has ended');
    }
    return {
      userId: sub,
      tenant,
      role: role as TenantUserRole,
      sessionId: sid,
    };
  }

  /** The public keys of access tokens (JWKS). */
  jwks() {
    return this.options.keys.jwks();
  }

  /** What the user's role may do in managed apps (seed 000's list). */
  permissionsOf(access: TenantAccess): { permissions: string[] } {
    return { permissions: [...(TENANT_ROLE_SCOPES[access.role] ?? [])] };
  }

  /** Refuses a sign-in the organization's settings or the account's state forbid. */
  assertMaySignIn(
    tenant: StoredTenant,
    user: { status: string; email: string },
    context: RequestContext,
  ) {
    if (tenant.status !== 'active') {
      throw new NotAllowedError('The organization is not active');
    }
    if (user.status !== 'active') {
      throw new NotAllowedError('The account is disabled');
    }
    const domains = tenant.settings.allowedDomains;
    if (domains.length > 0 && !domains.includes(domainOf(user.email))) {
      throw new NotAllowedError(
        'The organization does not allow sign-in from this e-mail domain',
      );
    }
    if (!ipAllowed(context.ip, tenant.settings.ipAllowList)) {
      throw new NotAllowedError(
        `Your organization does not allow sign-in from ${context.ip}`,
      );
    }
  }

  async #tokens(
    tenant: StoredTenant,
    user: {
      id: string;
      email: string;
      display_name: string | null;
      role: string;
    },
    sessionId: string,
    refreshToken: string,
  ): Promise<TokenResponse> {
    const expiresIn = this.options.accessTokenTtlSeconds;
    const accessToken = await this.options.keys.sign(
      {
        sub: user.id,
        email: user.email,
        name: user.display_name ?? user.email,
        tenant: tenant.name,
        tenant_id: tenant.id,
        role: user.role,
        sid: sessionId,
      },
      { audience: this.options.audience, expiresInSeconds: expiresIn },
    );
    return {
      user: {
        id: user.id,
        email: user.email,
        name: user.display_name ?? user.email,
        organization_id: tenant.id,
        tenant: tenant.name,
        role: user.role as TenantUserRole,
      },
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: expiresIn,
    };
  }
}

/** The answer and audit record of a password set (changed or reset). */
export function passwordSet(
  tenant: StoredTenant,
  userId: string,
  sessionsRevoked: number,
): Change<{ sessionsRevoked: number }> {
  return {
    result: { sessionsRevoked },
    audit: {
      tenant: tenant.name,
      resourceType: 'tenant-user',
      resourceId: userId,
      after: { sessionsRevoked },
    },
  };
}

function assertPolicy(password: string, tenant: StoredTenant) {
  const { problems } = checkPassword(tenant.passwordPolicy, password);
  if (problems.length > 0) {
    throw new InputError(
      `The password does not meet the organization's policy: it ${problems.join(
        ', ',
      )}`,
    );
  }
}

/** Why a session may not go on although unexpired and unrevoked. */
function sessionEnd(
  session: RefreshableSession,
): { reason: string; message: string } | undefined {
  if (session.userStatus !== 'active') {
    return { reason: 'user-disabled', message: 'The user is disabled' };
  }
  if (session.tenantStatus !== 'active') {
    return {
      reason: 'tenant-inactive',
      message: 'The organization is not active',
    };
  }
  if (session.roleAtSignin && session.roleAtSignin !== session.userRole) {
    return {
      reason: 'role-changed',
      message: 'The user has another role now: sign in again',
    };
  }
  return undefined;
}
