import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InvitationMailer, LogInvitationMailer } from './InvitationMailer';
import {
  readSmtpSettings,
  SmtpInvitationMailer,
  SmtpMailTransport,
} from './SmtpInvitationMailer';

/** NODE_ENV development or test: the only places the log mailer may run. */
export function isLocalEnvironment(): boolean {
  return ['development', 'test'].includes(process.env.NODE_ENV ?? '');
}

/** Why a production backend does not start without a real mailer. */
export const NO_MAILER_ERROR =
  'tenants: no mailer for invitations. Set tenants.mailer.smtp (host, port, ' +
  'from; auth.user and auth.password from the environment) or install a ' +
  'module that sets one through tenantsInvitationMailerExtensionPoint. The ' +
  'log mailer, which writes single-use accept links to the log, runs only ' +
  'with NODE_ENV development or test.';

/**
 * The invitation mailer: a module's, else SMTP from `tenants.mailer.smtp`,
 * else (local development and tests only) the log mailer. Anywhere else
 * the backend refuses to start, so accept links never end up in logs.
 */
export function selectInvitationMailer(options: {
  config: Config;
  logger: LoggerService;
  moduleMailer?: InvitationMailer;
}): { mailer: InvitationMailer; close?: () => void } {
  const { config, logger, moduleMailer } = options;
  if (moduleMailer) return { mailer: moduleMailer };
  const smtp = readSmtpSettings(config);
  if (smtp) {
    const transport = new SmtpMailTransport(smtp);
    logger.info(
      `Invitations are sent by e-mail through ${smtp.host}:${smtp.port}`,
    );
    return {
      mailer: new SmtpInvitationMailer(transport),
      close: () => transport.close(),
    };
  }
  if (!isLocalEnvironment()) throw new Error(NO_MAILER_ERROR);
  logger.info(
    'tenants.mailer.smtp is not set: invitation links are written to the log and returned to the inviter (local development only)',
  );
  return { mailer: new LogInvitationMailer(logger) };
}
