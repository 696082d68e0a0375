/**
 * A mail just queued leaves from the process that queued it: one SMTP attempt here, at once, in the background,
 * instead of a workflow per mail. A workflow's start, its two workflow tasks and its activity cost the Temporal
 * server about 20 ms of CPU per mail, more than twice a staff action's, and a letter's route queues four mails
 * (docs/performance.md, thirteenth round). Nothing durable is given up:
 *
 * - the mail is in the outbox (`mail_outbox`) before it is handed here: the queue is the collection, not this process;
 * - an attempt that fails hands the mail to its workflow (`startMail`), which retries until the server takes it;
 * - a process that dies with mails in hand leaves them unsent, and the minute's sweep starts the workflow of
 *   every mail unsent for a minute (delivery.ts, `sweepNotifications`).
 *
 * The one cost is the one the workflow's own activity has: a crash between the server's "250 OK" and the mail's
 * move to `mail_sent` sends it once more, under the same Message-ID. At most `concurrency` mails are on their way
 * at once, so that a mass mailing does not open a connection per person.
 */
import type { MailStarter } from './delivery';

export interface MailHandoffDeps {
  /** One attempt to send a queued mail (mail-sender.ts): moves it to the sent mail, or throws. */
  send: (input: { mailId: string }) => Promise<unknown>;
  /** The durable way: the mail's workflow, retried until it is sent. */
  startMail: MailStarter;
  concurrency?: number;
  /** Neither the attempt nor the workflow's start went through; the sweep will start it. */
  onError?: (mailId: string, error: unknown) => void;
}

export function createMailHandoff(deps: MailHandoffDeps) {
  const concurrency = deps.concurrency ?? 16;
  const waiting: string[] = [];
  let active = 0;
  let idleWaiters: Array<() => void> = [];

  function pump(): void {
    while (active < concurrency && waiting.length) {
      const mailId = waiting.shift()!;
      active++;
      deps
        .send({ mailId })
        .catch(() => deps.startMail(mailId))
        .catch((error: unknown) => deps.onError?.(mailId, error))
        .finally(() => {
          active--;
          pump();
        });
    }
    if (active === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  return {
    /** Queued mails to send; returns at once. */
    handOff(mailIds: string[]): void {
      waiting.push(...mailIds);
      pump();
    },
    /** Resolves once every mail handed over has been sent or handed to its workflow (for a clean stop). */
    idle(): Promise<void> {
      if (active === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

export type MailHandoff = ReturnType<typeof createMailHandoff>;
