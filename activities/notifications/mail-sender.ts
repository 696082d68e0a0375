/**
 * Sends one queued mail over SMTP (nodemailer): once at once from the worker that queued it (mail-handoff.ts),
 * and, when that fails, as the activity of mail-delivery-workflow, whose retry policy keeps trying until the
 * server takes it: a server that is down delays the mail, never loses it.
 *
 * Idempotent: a sent mail leaves the outbox for `mail_sent` (copied there first, then removed), and a mail found
 * there is not sent again, also when a retried queueing has put it back in the outbox. A crash between the
 * server's "250 OK" and the copy sends it once more; the Message-ID is derived from the mail id, so mail clients
 * show one.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import type { Models } from '../../db/models';
import type { MailRecord } from '../../db/models/notification';

export interface MailSenderDeps {
  models: Pick<Models, 'Mail' | 'SentMail'>;
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
    const [mail, sent] = await Promise.all([deps.models.Mail.findById(input.mailId).lean(), deps.models.SentMail.findById(input.mailId, { smtpMessageId: 1 }).lean()]);
    if (sent) {
      // Sent before: an outbox row is a copy left by a crash after the move's first half, or put back by a retried queueing.
      if (mail) await deps.models.Mail.deleteOne({ _id: mail._id });
      return { sent: false, messageId: sent.smtpMessageId ?? undefined };
    }
    if (!mail) throw ApplicationFailure.nonRetryable(`No queued mail ${input.mailId}`, 'MailMissing');
    if (mail.sentAt) {
      // Sent before sent mail left the outbox: it leaves now.
      await moveOut(mail);
      return { sent: false, messageId: mail.smtpMessageId ?? undefined };
    }
    const messageId = `<${createHash('sha256').update(input.mailId).digest('hex').slice(0, 32)}@${domain}>`;
    try {
      await transport.sendMail({ from: deps.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId, headers: { 'Content-Language': mail.language } });
    } catch (error) {
      // Recorded for the administrator; the retry is the workflow's.
      await deps.models.Mail.updateOne({ _id: mail._id }, { $set: { lastError: (error as Error).message, attempts: (mail.attempts ?? 0) + 1 } });
      throw error;
    }
    const { lastError: _lastError, ...unfailed } = mail;
    await moveOut({ ...unfailed, sentAt: new Date(), smtpMessageId: messageId, attempts: (mail.attempts ?? 0) + 1 });
    return { sent: true, messageId };
  }

  const moveOut = (mail: MailRecord & { _id: string }) => moveSentMail(deps.models, mail);

  return { sendMail, close: () => transport.close() };
}

/** A sent mail to `mail_sent`, copied there first (a retry finds the copy and does not send it again), then out of the outbox. */
export async function moveSentMail(models: Pick<Models, 'Mail' | 'SentMail'>, mail: MailRecord & { _id: string }): Promise<void> {
  try {
    await models.SentMail.collection.insertOne(mail as never);
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error; // copied by an earlier attempt
  }
  await models.Mail.deleteOne({ _id: mail._id });
}
