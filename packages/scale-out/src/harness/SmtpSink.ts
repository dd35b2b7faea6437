import { once } from 'node:events';
import { createServer, Server, Socket } from 'node:net';

/** One message the portal handed to the mail server. */
export interface SentMail {
  from: string;
  to: string[];
  data: string;
}

/**
 * The mail server of the tenants' invitations: outside the system, so a
 * minimal SMTP receiver stands in for it and keeps every message.
 */
export class SmtpSink {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    /** Every message received so far, in order. */
    readonly messages: SentMail[],
  ) {}

  static async start(): Promise<SmtpSink> {
    const messages: SentMail[] = [];
    const server = createServer(socket => serve(socket, messages));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (!address || typeof address === 'string') {
      throw new Error('SMTP sink has no port');
    }
    return new SmtpSink(server, address.port, messages);
  }

  async close(): Promise<void> {
    await new Promise(resolve => this.server.close(resolve));
  }
}

function serve(socket: Socket, messages: SentMail[]) {
  let buffer = '';
  let inData = false;
  let mail: SentMail = { from: '', to: [], data: '' };
  const reply = (line: string) => socket.write(`${line}\r\n`);
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  reply('220 sink ESMTP');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        mail.data = buffer.slice(0, end);
        buffer = buffer.slice(end + 5);
        inData = false;
        messages.push(mail);
        mail = { from: '', to: [], data: '' };
        reply('250 OK');
        continue;
      }
      const lineEnd = buffer.indexOf('\r\n');
      if (lineEnd < 0) return;
      const line = buffer.slice(0, lineEnd);
      buffer = buffer.slice(lineEnd + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') reply('250 sink');
      else if (verb === 'MAIL') {
        mail.from = line.slice(10).replace(/[<>]/g, '').trim();
        reply('250 OK');
      } else if (verb === 'RCPT') {
        mail.to.push(line.slice(8).replace(/[<>]/g, '').trim());
        reply('250 OK');
      } else if (verb === 'DATA') {
        inData = true;
        reply('354 End with <CRLF>.<CRLF>');
      } else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
        return;
      } else reply('250 OK');
    }
  });
}
