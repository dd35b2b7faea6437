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

/** Sends invitation e-mails. Replace the default with a module. */
export interface InvitationMailer {
  /**
   * When true, the invite and resend answers include the accept link, so a
   * local UI can show it. Only the log mailer of local development does
   * this; a real mailer must leave it false.
   */
  readonly revealsLinkToInviter: boolean;
  send(message: InvitationMessage): Promise<void>;
}

/**
 * The default mailer for local development: writes the accept link to the
 * backend log instead of sending an e-mail. Do not use it in production.
 */
export class LogInvitationMailer implements InvitationMailer {
  readonly revealsLinkToInviter = true;
  constructor(private readonly logger: LoggerService) {}

  async send(message: InvitationMessage): Promise<void> {
    this.logger.info(
      `Invitation for ${message.email} to tenant ${message.tenant} as ${message.role} (expires ${message.expiresAt}): ${message.acceptUrl}`,
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
