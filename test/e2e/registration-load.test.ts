/**
 * Gapless numbering under faults: 1,000 documents registered concurrently into one journal through the API,
 * while the worker process is SIGKILLed and restarted twice: the numbers are exactly 1..1000, with no
 * duplicates and no gaps. CI runs a bounded version (60 documents, the same two kills); QUJAT_FULL=1 runs
 * the full 1,000, which takes minutes on a 2-core machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { seedJournals } from '../../db/seed/journals';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const FULL = process.env.QUJAT_FULL === '1';
const TOTAL = Number(process.env.QUJAT_LOAD_DOCUMENTS ?? (FULL ? 1000 : 60));
/**
 * Concurrent API clients. Registration itself takes 32 in stride (bench/registration.ts); what limits
 * this test on the embedded database is the audit chain, whose appends contend for the chain's tip.
 */
const CLIENTS = Number(process.env.QUJAT_LOAD_CLIENTS ?? 8);
const repoRoot = path.resolve(__dirname, '..', '..');

let sys: TestSystem;
let token = '';
const children: ChildProcess[] = [];

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      MONGODB_DB: sys.db.name,
      TEMPORAL_TASK_QUEUE: sys.taskQueue,
      LOG_LEVEL: 'warn',
      QUJAT_TRUST_DIR: path.join(repoRoot, 'test-artifacts', 'no-trust'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Runs `total` jobs on `clients` concurrent loops. */
async function pool(total: number, clients: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => { for (let i = next++; i < total; i = next++) await job(i); }));
}

describe(`${TOTAL} registrations through the API while the worker is killed twice`, () => {
  beforeAll(async () => {
    sys = await startTestSystem({ withWorker: false });
    await seedJournals(sys.models);
    await sys.addPeople([{ id: 'reg', roles: ['employee', 'registrar'] }, { id: 'head' }]);
    token = await sys.tokenFor('reg');
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sys?.stop();
  });

  it(`numbers exactly 1..${TOTAL} in the incoming journal`, async () => {
    const auth = { Authorization: `Bearer ${token}` };
    let worker = spawnWorker();
    const ids: string[] = [];
    await pool(TOTAL, CLIENTS, async (i) => {
      const created = await sys.http
        .post('/api/documents')
        .set(auth)
        .send({ type: 'incoming-paper', title: `Load ${i}`, correspondent: 'Load Ltd', participants: { executor: 'head' }, fields: { senderNumber: `L-${i}`, senderDate: '2026-11-20' } })
        .expect(201);
      await sys.http.post(`/api/documents/${created.body.id}/actions/submit`).set(auth).send({}).expect(200);
      ids[i] = created.body.id as string;
    });

    let registered = 0;
    const kills: Array<Promise<void>> = [];
    await pool(TOTAL, CLIENTS, async (i) => {
      const res = await sys.http.post(`/api/documents/${ids[i]}/actions/register`).set(auth).send({});
      // 202: accepted while the worker was down; the registration completes once a worker is back.
      expect([200, 202]).toContain(res.status);
      registered++;
      if (registered === Math.round(TOTAL * 0.3) || registered === Math.round(TOTAL * 0.65)) {
        // Kill the worker mid-flight (registrations are in every stage of their activity) and restart.
        const dying = worker;
        dying.kill('SIGKILL');
        kills.push(exited(dying));
        worker = spawnWorker();
      }
    });
    await Promise.all(kills);
    expect(kills).toHaveLength(2);
    // Every accepted registration finishes, card included (those answered 202 a little later).
    await eventually(async () => {
      expect(await sys.models.Registration.countDocuments({ journal: 'incoming' })).toBe(TOTAL);
      const projected = await sys.models.Document.find({ _id: { $in: ids } }, { registration: 1 }).lean();
      expect(projected.filter((c) => c.registration?.number)).toHaveLength(TOTAL);
    }, 300_000);

    const stored = await sys.models.Registration.find({ journal: 'incoming' }).lean();
    expect(stored).toHaveLength(TOTAL);
    expect(stored.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    const cards = await sys.models.Document.find({ _id: { $in: ids } }, { registration: 1 }).lean();
    expect(new Set(cards.map((c) => c.registration?.number)).size).toBe(TOTAL);
    expect(cards.every((c) => /^01-12\/\d+$/.test(c.registration?.number ?? ''))).toBe(true);
  }, 1_800_000);
});
