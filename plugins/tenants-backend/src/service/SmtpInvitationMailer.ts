import { Config } from '@backstage/config';
import nodemailer, { Transporter } from 'nodemailer';
import {
  InvitationMailer,
  InvitationMessage,
  PasswordResetMessage,
} from './InvitationMailer';

/** `tenants.mailer.smtp`: the SMTP server that sends the portal's e-mail. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure: boolean;
  auth?: { user: string; password: string };
  /** The sender, e.g. `Control Plane <no-reply@portal.example>`. */
  from: string;
}

/** One plain-text e-mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Reads `tenants.mailer.smtp`; undefined without a host (production reads
 * each field from the environment, so an unset SMTP_HOST leaves it empty).
 */
export function readSmtpSettings(config: Config): SmtpSettings | undefined {
  const smtp = config.getOptionalConfig('tenants.mailer.smtp');
  const host = smtp?.getOptionalString('host');
  if (!smtp || !host) return undefined;
  const missing = ['port', 'from'].filter(key => !smtp.has(key));
  if (missing.length > 0) {
    throw new Error(
      `tenants.mailer.smtp needs ${missing.join(' and ')} as well as host`,
    );
  }
  const port = smtp.getNumber('port');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error('tenants.mailer.smtp.port must be a port number, 1..65535');
  }
  const user = smtp.getOptionalString('auth.user');
  const password = smtp.getOptionalString('auth.password');
  if (Boolean(user) !== Boolean(password)) {
    throw new Error(
      'tenants.mailer.smtp.auth needs both user and password (or neither)',
    );
  }
  return {
    host,
    port,
    secure: smtp.getOptionalBoolean('secure') ?? port === 465,
    ...(user && password ? { auth: { user, password } } : {}),
    from: smtp.getString('from'),
  };
}

/**
 * Sends e-mail through an SMTP server (nodemailer). Kept apart from the
 * invitation text so other mail (password resets) can use it too.
 */
export class SmtpMailTransport {
  readonly #transporter: Transporter;
  readonly #from: string;

  constructor(settings: SmtpSettings) {
    this.#from = settings.from;
    this.#transporter = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.auth
        ? { auth: { user: settings.auth.user, pass: settings.auth.password } }
        : {}),
      // A request that sends an invitation waits for the server: not minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.#transporter.sendMail({
      from: this.#from,
      to: message.to,
      // Subjects carry user-chosen names: one line only.
      subject: message.subject.replace(/\s+/g, ' ').trim(),
      text: message.text,
    });
  }

  close(): void {
    this.#transporter.close();
  }
}

/** Invitations as real e-mail; the link goes to the invitee only. */
export class SmtpInvitationMailer implements InvitationMailer {
  readonly revealsLinkToInviter = false;

  constructor(private readonly transport: SmtpMailTransport) {}

  async send(message: InvitationMessage): Promise<void> {
    await this.transport.send({
      to: message.email,
      subject: `You are invited to ${message.tenantDisplayName}`,
      text: [
        `You have been invited to join ${message.tenantDisplayName} (${message.tenant}) as ${message.role}.`,
        '',
        'Accept the invitation here:',
        message.acceptUrl,
        '',
        `The link can be used once and expires at ${message.expiresAt}.`,
        'If you did not expect this invitation, ignore this e-mail.',
      ].join('\n'),
    });
  }

  async sendPasswordReset(message: PasswordResetMessage): Promise<void> {
    await this.transport.send({
      to: message.email,
      subject: `Reset your password for ${message.tenantDisplayName}`,
      text: [
        `Someone asked to reset the password of ${message.email} at ${message.tenantDisplayName} (${message.tenant}).`,
        '',
        'Choose a new password here:',
        message.resetUrl,
        '',
        `The link can be used once and expires at ${message.expiresAt}.`,
        'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      ].join('\n'),
    });
  }
}
