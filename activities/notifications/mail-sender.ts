/**
 * Sends one queued mail over SMTP (nodemailer). Runs as an activity of mail-delivery-workflow, whose
 * retry policy keeps trying until the server takes it: a server that is down delays the mail, never loses it.
 *
 * Idempotent: a mail marked sent is not sent again. A crash between the server's "250 OK" and the mark
 * sends it once more; the Message-ID is derived from the mail id, so mail clients show one.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import type { Models } from '../../db/models';

export interface MailSenderDeps {
  models: Pick<Models, 'Mail'>;
  /** smtp://host:port (or smtps://user:pass@host:port). */
  smtpUrl: string;
  /** The From header, e.g. "Qujat <qujat@example.kz>". */
  from: string;
}

export function createMailSender(deps: MailSenderDeps) {
  // Short timeouts: a server that hangs fails the attempt, and the workflow's retry comes sooner.
  const url = new URL(deps.smtpUrl);
  for (const [k, v] of [['connectionTimeout', '10000'], ['greetingTimeout', '10000'], ['socketTimeout', '30000']]) if (!url.searchParams.has(k)) url.searchParams.set(k, v);
  const transport = nodemailer.createTransport(url.toString());
  const domain = deps.from.match(/@([^>\s]+)/)?.[1] ?? 'qujat.local';

  async function sendMail(input: { mailId: string }): Promise<{ sent: boolean; messageId?: string }> {
    const mail = await deps.models.Mail.findById(input.mailId).lean();
    if (!mail) throw ApplicationFailure.nonRetryable(`No queued mail ${input.mailId}`, 'MailMissing');
    if (mail.sentAt) return { sent: false, messageId: mail.smtpMessageId ?? undefined };
    const messageId = `<${createHash('sha256').update(input.mailId).digest('hex').slice(0, 32)}@${domain}>`;
    try {
      await transport.sendMail({ from: deps.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId, headers: { 'Content-Language': mail.language } });
    } catch (error) {
      // Recorded for the administrator; the retry is the workflow's.
      await deps.models.Mail.updateOne({ _id: mail._id }, { $set: { lastError: (error as Error).message, attempts: (mail.attempts ?? 0) + 1 } });
      throw error;
    }
    await deps.models.Mail.updateOne({ _id: mail._id }, { $set: { sentAt: new Date(), smtpMessageId: messageId, attempts: (mail.attempts ?? 0) + 1 }, $unset: { lastError: 1 } });
    return { sent: true, messageId };
  }

  return { sendMail, close: () => transport.close() };
}
