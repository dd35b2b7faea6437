import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import { toTenant } from '../database/rows';
import { hashToken, newToken } from '../database/SessionStore';
import { SigninAccount } from '../database/SigninStore';
import { TenantsStores } from '../database/stores';
import { InvitationMailer } from '../service/InvitationMailer';
import { passwordSet, SigninService } from './SigninService';

/** One answer whether or not the address has an account (no enumeration). */
export const RESET_REQUESTED =
  'If the address belongs to an account, a link to choose a new password is on its way.';

/** A reset link is not sent more often than this per account. */
const MIN_INTERVAL_MS = 60_000;

/**
 * Password reset by e-mail (FR-AUTH-004): a single-use link that expires,
 * sent through the tenants plugin's mailer; the new password meets the
 * policy and its history, and every session of the user ends.
 */
export class PasswordResets {
  constructor(
    private readonly options: {
      stores: TenantsStores;
      signin: SigninService;
      mailer: InvitationMailer;
      logger: LoggerService;
      /** The page that reads `?token=` and asks for the new password. */
      resetUrl: string;
      ttlMinutes: number;
      now?: () => Date;
    },
  ) {}

  #now() {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Sends a reset link to an active account of an active tenant (at most
   * one a minute); answers the same for every address. The mail goes out
   * after the answer, so its time tells nothing either.
   */
  async request(
    account: SigninAccount | undefined,
  ): Promise<Change<{ message: string }>> {
    const answer = { message: RESET_REQUESTED };
    const tenant = account && toTenant(account.tenant);
    if (
      !account ||
      !tenant ||
      tenant.status !== 'active' ||
      account.user.status !== 'active'
    ) {
      return { result: answer, audit: { sent: false } };
    }
    const { stores, mailer, logger } = this.options;
    const now = this.#now();
    const newest = await stores.signin.newestResetAt(account.user.id);
    if (newest && now.getTime() - Date.parse(newest) < MIN_INTERVAL_MS) {
      return { result: answer, audit: { sent: false, reason: 'too-soon' } };
    }
    const token = newToken();
    const expiresAt = new Date(
      now.getTime() + this.options.ttlMinutes * 60_000,
    ).toISOString();
    await stores.signin.insertResetToken({
      token_hash: hashToken(token),
      user_id: account.user.id,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    });
    const url = new URL(this.options.resetUrl);
    url.searchParams.set('token', token);
    mailer
      .sendPasswordReset({
        tenant: tenant.name,
        tenantDisplayName: tenant.displayName,
        email: account.user.email,
        resetUrl: url.toString(),
        expiresAt,
      })
      .catch(error =>
        logger.error(
          `Could not send the password reset e-mail of a user of tenant ${tenant.name}`,
          error,
        ),
      );
    return {
      result: answer,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-user',
        resourceId: account.user.id,
        after: { sent: true, expiresAt },
      },
    };
  }

  /** The account of an unused, unexpired reset token (for the audit). */
  async accountOfToken(token: string): Promise<SigninAccount | undefined> {
    const { signin } = this.options.stores;
    const userId = await signin.resetTokenUser(
      hashToken(token),
      this.#now().toISOString(),
    );
    return userId ? signin.accountById(userId) : undefined;
  }

  /** Sets a new password with a reset token, which is then used up. */
  async reset(
    token: string,
    newPassword: string,
  ): Promise<Change<{ sessionsRevoked: number }>> {
    const { signin } = this.options;
    const now = this.#now().toISOString();
    const tokenHash = hashToken(token);
    const account = await this.accountOfToken(token);
    if (!account) {
      throw new InputError('This link was already used or has expired');
    }
    const tenant = toTenant(account.tenant);
    if (tenant.status !== 'active' || account.user.status !== 'active') {
      throw new InputError('This account cannot sign in now');
    }
    const sessionsRevoked = await signin.setPassword(
      tenant,
      account.user,
      newPassword,
      s => s.signin.useResetToken(tokenHash, now),
    );
    return passwordSet(tenant, account.user.id, sessionsRevoked);
  }
}
