import type { Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** No mail server: each mail goes to the log, so a page must not say it was sent. */
  readonly toLog?: boolean;
}

/** SMTP when SMTP_URL is set; otherwise the mail, link included, is written to the log for the operator. */
export function createMailer(config: Config, log: Pick<FastifyBaseLogger, 'warn'>): Mailer {
  if (!config.smtpUrl) {
    return {
      toLog: true,
      async send(mail) {
        log.warn(
          { to: mail.to, subject: mail.subject, text: mail.text },
          'SMTP_URL is not set: mail written to the log instead',
        );
      },
    };
  }
  const smtpUrl = config.smtpUrl;
  // nodemailer is loaded with the first mail, not at start: most requests never send one.
  let transport: Promise<Transporter> | undefined;
  return {
    async send(mail) {
      transport ??= import('nodemailer').then((m) => m.default.createTransport(smtpUrl));
      await (await transport).sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
