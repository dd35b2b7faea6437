import { KnexStore } from '@controlplane/backend-common';
import { hashToken } from './SessionStore';

/** What a client asked for at the authorization endpoint. */
export interface AuthorizationRequestFields {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  nonce?: string;
  /** PKCE S256 challenge. */
  codeChallenge?: string;
  /** The tenant the client names (skips the address lookup). */
  tenantHint?: string;
  loginHint?: string;
}

/** A stored authorization request and, once signed in, its code. */
export interface AuthorizationRow extends AuthorizationRequestFields {
  idHash: string;
  expiresAt: string;
  codeHash?: string;
  sessionId?: string;
  tokensEncrypted?: string;
  authTime?: string;
  codeExpiresAt?: string;
  usedAt?: string;
}

const optional = (value: unknown) =>
  value === null || value === undefined ? undefined : String(value);
const optionalTime = (value: unknown) =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string).toISOString();

function toAuthorization(row: Record<string, unknown>): AuthorizationRow {
  return {
    idHash: String(row.id_hash),
    clientId: String(row.client_id),
    redirectUri: String(row.redirect_uri),
    scope: String(row.scope),
    state: optional(row.state),
    nonce: optional(row.nonce),
    codeChallenge: optional(row.code_challenge),
    tenantHint: optional(row.tenant_hint),
    loginHint: optional(row.login_hint),
    expiresAt: new Date(row.expires_at as string).toISOString(),
    codeHash: optional(row.code_hash),
    sessionId: optional(row.session_id),
    tokensEncrypted: optional(row.tokens_encrypted),
    authTime: optionalTime(row.auth_time),
    codeExpiresAt: optionalTime(row.code_expires_at),
    usedAt: optionalTime(row.used_at),
  };
}

/**
 * All SQL of the OpenID Connect authorization server: authorization
 * requests (by the SHA-256 of their id), the one code each may get, its
 * single redemption, and the client a session belongs to.
 */
export class OidcStore extends KnexStore {
  async insertRequest(
    id: string,
    fields: AuthorizationRequestFields,
    times: { now: string; expiresAt: string },
  ): Promise<void> {
    await this.db('tenant_oidc_authorizations').insert({
      id_hash: hashToken(id),
      client_id: fields.clientId,
      redirect_uri: fields.redirectUri,
      scope: fields.scope,
      state: fields.state ?? null,
      nonce: fields.nonce ?? null,
      code_challenge: fields.codeChallenge ?? null,
      tenant_hint: fields.tenantHint ?? null,
      login_hint: fields.loginHint ?? null,
      created_at: times.now,
      expires_at: times.expiresAt,
    });
  }

  /** A request by its id, whatever its state. */
  async request(id: string): Promise<AuthorizationRow | undefined> {
    const row = await this.db('tenant_oidc_authorizations')
      .where({ id_hash: hashToken(id) })
      .first();
    return row ? toAuthorization(row) : undefined;
  }

  /**
   * Gives an unexpired request without a code its code; false when the
   * request already has one (a second sign-in on the same request) or
   * expired.
   */
  async attachCode(
    id: string,
    code: {
      code: string;
      sessionId: string;
      tokensEncrypted: string;
      authTime: string;
      expiresAt: string;
      now: string;
    },
  ): Promise<boolean> {
    const updated = await this.db('tenant_oidc_authorizations')
      .where({ id_hash: hashToken(id) })
      .whereNull('code_hash')
      .andWhere('expires_at', '>', code.now)
      .update({
        code_hash: hashToken(code.code),
        session_id: code.sessionId,
        tokens_encrypted: code.tokensEncrypted,
        auth_time: code.authTime,
        code_expires_at: code.expiresAt,
      });
    return updated === 1;
  }

  /**
   * Redeems a code once: answers its request with `redeemed` true for the
   * one call that marked it used, false for any later one (a replay), and
   * undefined for an unknown code. The waiting tokens are erased with the
   * redemption.
   */
  async redeemCode(
    code: string,
    now: string,
  ): Promise<{ row: AuthorizationRow; redeemed: boolean } | undefined> {
    const codeHash = hashToken(code);
    const row = await this.db('tenant_oidc_authorizations')
      .where({ code_hash: codeHash })
      .first();
    if (!row) return undefined;
    const updated = await this.db('tenant_oidc_authorizations')
      .where({ code_hash: codeHash })
      .whereNull('used_at')
      .update({ used_at: now, tokens_encrypted: null });
    return { row: toAuthorization(row), redeemed: updated === 1 };
  }

  /** Binds a session to the client its code was redeemed by. */
  async bindSessionToClient(
    sessionId: string,
    clientId: string,
  ): Promise<void> {
    await this.db('tenant_sessions')
      .where({ id: sessionId })
      .update({ client_id: clientId });
  }

  /** The client a session was issued to; null for first-party sessions. */
  async clientOfSession(sessionId: string): Promise<string | null> {
    const row = await this.db('tenant_sessions')
      .where({ id: sessionId })
      .first('client_id');
    return row?.client_id ?? null;
  }

  /** Forgets requests that expired before `before`, used or not. */
  async deleteExpired(before: string): Promise<number> {
    return this.db('tenant_oidc_authorizations')
      .where('expires_at', '<', before)
      .delete();
  }
}
