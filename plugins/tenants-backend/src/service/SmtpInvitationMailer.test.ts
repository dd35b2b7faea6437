import { AddressInfo } from 'node:net';
import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { as, startTenantsBackend } from '../__testUtils__/harness';
import { NO_MAILER_ERROR } from './selectInvitationMailer';

jest.setTimeout(60_000);

const ada = as('ada');

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps what it receives (no TLS, no sign-in). */
async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const waiting: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', chunk => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : '',
          to: session.envelope.rcptTo.map(rcpt => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        waiting.splice(0).forEach(resolve => resolve());
        callback();
      });
    },
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** The body of a plain-text mail, quoted-printable decoded. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (!/content-transfer-encoding: quoted-printable/i.test(raw)) return body;
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
}

/** A root logger that keeps every line (message and fields) as text. */
function recordingLogger() {
  const lines: string[] = [];
  const make = (fields: JsonObject): RootLoggerService => {
    const log = (message: string, meta?: Error | JsonObject) =>
      lines.push(`${message} ${JSON.stringify({ ...fields, ...meta })}`);
    return {
      error: log,
      warn: log,
      info: log,
      debug: log,
      child: meta => make({ ...fields, ...meta }),
    };
  };
  const logger = make({});
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => logger,
    }),
  };
}

describe('invitations by e-mail', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    const logs = recordingLogger();
    const api = () => request(ctx.server);

    beforeAll(async () => {
      smtp = await startSmtpServer();
      ctx = await startTenantsBackend(
        databases,
        databaseId,
        {
          mailer: {
            smtp: {
              host: '127.0.0.1',
              port: smtp.port,
              secure: false,
              from: 'Control Plane <no-reply@portal.example>',
            },
          },
        },
        [logs.factory],
      );
    });
    afterAll(async () => {
      await ctx?.backend.stop();
      await smtp?.close();
    });

    it('sends the invitation to the invitee; the link works and is neither answered nor logged', async () => {
      const provisioned = await ada(
        api().post('/api/tenants/tenants').send({
          name: 'mailco',
          displayName: 'Mail Co',
          domain: 'mailco.example',
          plan: 'starter',
          ownerEmail: 'owner@mailco.example',
        }),
      );
      expect(provisioned.status).toBe(201);
      expect(provisioned.body.invitation.acceptUrl).toBeUndefined();
      expect(smtp.received.map(mail => mail.to)).toEqual([
        ['owner@mailco.example'],
      ]);

      const invited = await ada(
        api()
          .post('/api/tenants/tenants/mailco/invitations')
          .send({ email: 'sam@mailco.example', role: 'user' }),
      );
      expect(invited.status).toBe(201);
      expect(invited.body.acceptUrl).toBeUndefined();
      expect(invited.body).toMatchObject({ status: 'pending' });

      const toSam = smtp.received.filter(mail =>
        mail.to.includes('sam@mailco.example'),
      );
      expect(toSam).toHaveLength(1);
      expect(toSam[0].from).toBe('no-reply@portal.example');
      expect(toSam[0].raw).toMatch(/^Subject: You are invited to Mail Co/m);
      const link = bodyOf(toSam[0].raw).match(
        /http:\/\/[\w.:]+\/api\/tenants\/auth\/signin\/invitation\?token=([\w-]+)/,
      );
      expect(link).not.toBeNull();
      const token = link![1];

      const accepted = await api()
        .post('/api/tenants/invitations/accept')
        .send({ token, displayName: 'Sam' });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({
        tenant: 'mailco',
        email: 'sam@mailco.example',
        role: 'user',
      });

      // The single-use token went to the invitee only: not into any log.
      expect(logs.lines.length).toBeGreaterThan(0);
      expect(logs.lines.filter(line => line.includes(token))).toEqual([]);
      expect(
        logs.lines.filter(line => line.includes('/signin/invitation?token')),
      ).toEqual([]);
    });

    it('keeps the invitation when the mail server is down (it can be resent)', async () => {
      const down = await startSmtpServer();
      await down.close();
      const offline = await startTenantsBackend(databases, databaseId, {
        mailer: {
          smtp: {
            host: '127.0.0.1',
            port: down.port,
            from: 'no-reply@portal.example',
          },
        },
      });
      try {
        const res = await ada(
          request(offline.server).post('/api/tenants/tenants').send({
            name: 'downco',
            domain: 'downco.example',
            plan: 'starter',
            ownerEmail: 'owner@downco.example',
          }),
        );
        expect(res.status).toBe(201);
        expect(res.body.invitation).toMatchObject({ status: 'pending' });
        expect(res.body.invitation.acceptUrl).toBeUndefined();
      } finally {
        await offline.backend.stop();
      }
    });
  });
});

describe('the mailer in production', () => {
  const databases = createPortalTestDatabases();
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('refuses to start without tenants.mailer.smtp (no log mailer)', async () => {
    process.env.NODE_ENV = 'production';
    await expect(startTenantsBackend(databases, 'SQLITE_3')).rejects.toThrow(
      NO_MAILER_ERROR,
    );
  });

  it('refuses to start with an SMTP host but no sender', async () => {
    process.env.NODE_ENV = 'production';
    await expect(
      startTenantsBackend(databases, 'SQLITE_3', {
        mailer: { smtp: { host: '127.0.0.1', port: 2525 } },
      }),
    ).rejects.toThrow('tenants.mailer.smtp needs from as well as host');
  });
});
