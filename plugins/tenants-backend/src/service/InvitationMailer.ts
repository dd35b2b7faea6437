import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { TenantUserRole } from '@controlplane/plugin-tenants-common';

/** What a mailer gets to send one invitation. */
export interface InvitationMessage {
  tenant: string;
  tenantDisplayName: string;
  email: string;
  role: TenantUserRole;
  /** Contains the single-use token: treat as a secret. */
  acceptUrl: string;
  expiresAt: string;
}

/** What a mailer gets to send one password reset link. */
export interface PasswordResetMessage {
  tenant: string;
  tenantDisplayName: string;
  email: string;
  /** Contains the single-use token: treat as a secret. */
  resetUrl: string;
  expiresAt: string;
}

/**
 * Sends the e-mail of tenant users: invitations and password resets.
 * Replace the default with a module.
 */
export interface InvitationMailer {
  /**
   * When true, the invite and resend answers include the accept link, so a
   * local UI can show it. Only the log mailer of local development does
   * this; a real mailer must leave it false.
   */
  readonly revealsLinkToInviter: boolean;
  send(message: InvitationMessage): Promise<void>;
  sendPasswordReset(message: PasswordResetMessage): Promise<void>;
}

/**
 * The default mailer for local development: writes the accept link to the
 * backend log instead of sending an e-mail. Do not use it in production.
 */
/** A message the log mailer sent, for the local dev inbox page. */
export interface DevInboxMessage {
  kind: 'invitation' | 'password-reset';
  to: string;
  tenant: string;
  link: string;
  expiresAt: string;
  sentAt: string;
}

const DEV_INBOX_SIZE = 50;

export class LogInvitationMailer implements InvitationMailer {
  readonly revealsLinkToInviter = true;
  readonly #inbox: DevInboxMessage[] = [];
  constructor(private readonly logger: LoggerService) {}

  /** The newest messages first (at most 50), for the dev inbox page. */
  inbox(): DevInboxMessage[] {
    return [...this.#inbox].reverse();
  }

  #keep(message: Omit<DevInboxMessage, 'sentAt'>) {
    this.#inbox.push({ ...message, sentAt: new Date().toISOString() });
    if (this.#inbox.length > DEV_INBOX_SIZE) this.#inbox.shift();
  }

  async send(message: InvitationMessage): Promise<void> {
    this.#keep({
      kind: 'invitation',
      to: message.email,
      tenant: message.tenant,
      link: message.acceptUrl,
      expiresAt: message.expiresAt,
    });
    this.logger.info(
      `Invitation for ${message.email} to tenant ${message.tenant} as ${message.role} (expires ${message.expiresAt}): ${message.acceptUrl}`,
    );
  }

  async sendPasswordReset(message: PasswordResetMessage): Promise<void> {
    this.#keep({
      kind: 'password-reset',
      to: message.email,
      tenant: message.tenant,
      link: message.resetUrl,
      expiresAt: message.expiresAt,
    });
    this.logger.info(
      `Password reset for ${message.email} of tenant ${message.tenant} (expires ${message.expiresAt}): ${message.resetUrl}`,
    );
  }
}

/** Lets a backend module replace the invitation mailer. */
export interface TenantsInvitationMailerExtensionPoint {
  setInvitationMailer(mailer: InvitationMailer): void;
}

export const tenantsInvitationMailerExtensionPoint =
  createExtensionPoint<TenantsInvitationMailerExtensionPoint>({
    id: 'tenants.invitation-mailer',
  });
