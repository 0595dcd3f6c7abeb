import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** Headers and decoded body text. */
  text: string;
}

export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** Resolves with the nth (by default the first) mail to `to` once it arrives (or if it has arrived). */
  waitFor(to: string, nth?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Headers plus the decoded body of a single-part text mail (quoted-printable or base64). */
function decodeMail(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*base64/i.test(head))
    return `${head}\n\n${Buffer.from(body, 'base64').toString('utf8')}`;
  const joined = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return `${head}\n\n${Buffer.from(joined, 'latin1').toString('utf8')}`;
}

/** A real SMTP server in this process, listening on a free port. */
export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const waiters: { to: string; nth: number; resolve: (m: ReceivedMail) => void }[] = [];
  const nthTo = (to: string, nth: number) => mails.filter((m) => m.to.includes(to))[nth - 1];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = {
          to: session.envelope.rcptTo.map((r) => r.address),
          text: decodeMail(Buffer.concat(chunks).toString('latin1')),
        };
        mails.push(mail);
        for (const w of waiters.splice(0)) {
          const found = nthTo(w.to, w.nth);
          if (found) w.resolve(found);
          else waiters.push(w);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitFor(to, nth = 1) {
      const found = nthTo(to, nth);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ to, nth, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function linkIn(mail: ReceivedMail, path: string): string {
  const m = new RegExp(`https?://[^\\s]+(${path}/[\\w-]+)`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in mail:\n${mail.text}`);
  return m[1]!;
}
