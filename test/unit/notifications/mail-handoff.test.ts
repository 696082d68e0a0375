/** New mail leaves from the process that queued it, not waited for; what it cannot send goes to its workflow. */
import { createMailHandoff } from '../../../activities/notifications/mail-handoff';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the mail hand-off', () => {
  it('returns at once and sends each mail once, at most `concurrency` at a time', async () => {
    const pending = new Map<string, ReturnType<typeof deferred>>();
    let inFlight = 0;
    let most = 0;
    const started: string[] = [];
    const handoff = createMailHandoff({
      concurrency: 2,
      send: async ({ mailId }) => {
        started.push(mailId);
        inFlight++;
        most = Math.max(most, inFlight);
        const d = deferred();
        pending.set(mailId, d);
        await d.promise.finally(() => inFlight--);
      },
      startMail: async () => {
        throw new Error('not expected');
      },
    });
    handoff.handOff(['m1', 'm2', 'm3']);
    expect(started).toEqual(['m1', 'm2']); // the third waits for a free place
    let idle = false;
    const done = handoff.idle().then(() => (idle = true));
    pending.get('m1')!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['m1', 'm2', 'm3']);
    pending.get('m2')!.resolve();
    pending.get('m3')!.resolve();
    await done;
    expect(idle).toBe(true);
    expect(most).toBe(2);
  });

  it('hands a mail it could not send to its workflow, and reports one it could not hand over either', async () => {
    const durable: string[] = [];
    const errors: Array<[string, string]> = [];
    const handoff = createMailHandoff({
      send: async ({ mailId }) => {
        if (mailId !== 'ok') throw new Error('connection refused');
      },
      startMail: async (mailId) => {
        if (mailId === 'lost') throw new Error('Temporal unavailable');
        durable.push(mailId);
      },
      onError: (mailId, error) => errors.push([mailId, (error as Error).message]),
    });
    handoff.handOff(['ok', 'refused', 'lost']);
    await handoff.idle();
    expect(durable).toEqual(['refused']);
    expect(errors).toEqual([['lost', 'Temporal unavailable']]);
  });

  it('is idle at once when it has nothing in hand', async () => {
    const handoff = createMailHandoff({ send: async () => undefined, startMail: async () => undefined });
    await expect(handoff.idle()).resolves.toBeUndefined();
  });
});
