/**
 * The database work of a staff action stays small: walking an outgoing letter (create, submit, two approvals,
 * signature, registration) through the API with the real worker, the projection of every action costs at
 * most PROJECTION_BUDGET database commands, the whole action — the HTTP request and every activity it sets
 * off — at most its ACTION_BUDGET, in at most ROUND_TRIP_LIMIT round-trips one after another, and no command
 * makes the embedded database read a whole collection (only
 * `{_id: <string>}` filters avoid that on FerretDB v1). Commands are counted by the driver's command
 * monitoring (db/command-counter.ts), so a new lookup on an action path fails this test rather than slowing
 * every click unnoticed. (Before the projection was batched: 31–43 commands per action, 27–33 of them in the
 * projection. A create cost 22 in 17 round-trips, 15 of them the API's, before its types, routes and people
 * were kept under version tokens and its draft number went into the card's insert.)
 */
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../client/dev-ca';
import { attachCommandCounter, type CommandCount, type CommandCounter } from '../../db/command-counter';
import { createCrlRevocationSource, createVerificationContext, verifyCms, iinControlDigit } from '../../signing';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { failuresOf } from '../../domain/signatures/signing-setup';
import { startTestSystem, type TestSystem } from '../support/system';

// Version tokens and sessions read once stay trusted through the walk (db/trusted-reads.ts): in a running
// system each is read at most once a second however many actions there are, so the counts below leave those
// reads out. The trust is made long here so that a slow machine cannot make the walk outlast it.
process.env.QUJAT_TOKEN_TRUST_MS = '600000';

/**
 * Commands of the projection (`recordTransition` with its hooks and the notifications it writes) of one
 * action, and 1 more for the audit chain's shared tip hint, written every 16 links, whichever action that
 * falls on. The card is read and written in one command (written only over an older state, it hands back what
 * it held). The create's is the draft's first projection: its card has no task, no notice and no feed trim yet.
 * A new task's notification costs 1 of them: the notification rows, followed in the same ordered command by the
 * heads that raise the live push (db/models/notification.ts; the people, their preferences and the substitutions come from the worker's copy, checked against a version
 * token that is trusted through the walk: db/people-cache-version.ts; the first walk fills the copy). The feed
 * entry's insert also tells whether the feed was trimmed past its number, so the feed costs 1. The
 * registration that ends the route also runs the end-of-route hooks (access application, receipt notice),
 * which read nothing for a letter: the projection hands them the card's type, and the receipt notice takes the
 * journal's direction from the registration's event. The registration's seq (for the search record) comes with
 * that event as well, and is kept on the card for later projections. Which action the hint falls on depends on
 * the order the tests of this file run in (they run in any).
 */
const PROJECTION_BUDGET: Record<string, number> = { 'content-to-sign': 0, create: 7, submit: 8, approve: 8, 'approve (last)': 8, sign: 8, register: 7 };
/**
 * Commands of one whole action, API and worker together (with the hint's 1). Every request pays 1: the card
 * (its session, which keeps the caller's roles, accepted agreement and IIN — db/session-actor.ts — was read by
 * the caller's earlier request and is trusted: db/models/session.ts). Entering a stage reads nothing more while
 * the employees' and the calendar's version tokens are trusted (the people, named on the card the submit
 * carried or holding a role, are kept under the first). Sign stores the signature with the content it covers
 * and the signer's IIN from the session's copy; its check reads the signature and writes the verdict; the
 * projection of its acceptance lists it on the card in the card's write (whose filter asks for a card that has the
 * list: only such a card gets it). Register reads the card and
 * the signatures the route accepted side by side (the journal is kept under the journals' version token:
 * db/journals-version.ts), and inserts the registration (the sequence's shared hint is
 * written every 8 numbers: not on this letter's number 2).
 *
 * The content to sign is built from the card the request reads anyway: 1.
 *
 * A create (its answer waits for the draft's first projection, so it is all counted) pays, besides the
 * projection: nothing for the route (the route each type starts is kept under the route catalogue's version
 * token: db/route-catalogue-version.ts) or the people named (whether each is active is kept under the
 * employees' token) while those tokens are trusted; the draft number's claim (one insert: this process's last
 * number is known taken, and the sequence's shared hint is written every 8 numbers, as registration's: not on
 * this letter's number 2); the card's insert, which carries the number. The answer is that card with the
 * workflow's state: the workflow's query says whether the first projection is written (when it is not yet,
 * the workflow is asked again, which reads nothing from the database). The projection writes the search record.
 */
const ACTION_BUDGET: Record<string, number> = { 'content-to-sign': 1, create: 9, submit: 9, approve: 9, 'approve (last)': 9, sign: 12, register: 11 };
/*
 * The budgets above are what the code costs today, so that it cannot grow unseen. In commands, 8 per action is
 * reached by a create, submit and approval (9 when the chain's hint falls on them), not by sign and register.
 * The inbox entries are numbered (domain/documents/inbox-projection.ts), so a task that closes as the next opens
 * rewrites one entry: no removal.
 */
/**
 * Round-trips one after another (db/command-counter.ts: commands sent side by side share one), what an action's
 * latency waits for: at most 8 for every action. Today 3 for a submit or approval, 4 for a create, 5–6 for sign and
 * register.
 */
const ROUND_TRIP_LIMIT = 8;
/** Scans still on the action path, each with its reason; any other fails the test. */
const KNOWN_SCANS = new Set<string>([]);

const BOSS_IIN = `75031230012${iinControlDigit('75031230012')}`;

let sys: TestSystem;
let ca: TestCa;
let bossKey: Credential;
let counter: CommandCounter;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  ca = createTestCa({ keyType: 'ec' });
  bossKey = issueEndEntity(ca, { fullName: 'Ахметов Данияр', iin: BOSS_IIN, roles: ['first-head'] }, { purpose: 'sign' });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, context);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  sys = await startTestSystem({ verifyCms: verifier, monitorCommands: true });
  counter = attachCommandCounter(sys.db);
  await sys.addPeople([{ id: 'author' }, { id: 'a1' }, { id: 'a2' }, { id: 'boss', iin: BOSS_IIN }, { id: 'reg', roles: ['employee', 'registrar'] }]);
  for (const id of ['author', 'a1', 'a2', 'boss', 'reg']) tokens[id] = await sys.tokenFor(id);
  // A session's first requests keep the person's copy and the accepted agreement on it (writes, after which it
  // is read once more): as with anyone working in a running system, that has happened before the walks.
  for (const id of Object.keys(tokens)) await sys.http.get('/api/inbox/counts').set(auth(id)).expect(200);
});
afterAll(async () => {
  await sys?.stop();
});

/** Runs one action and returns its response body and the commands it cost, once its consequences are done. */
async function counted(run: () => Promise<{ body: Record<string, unknown> }>): Promise<{ body: Record<string, unknown>; count: CommandCount }> {
  // Reads made before the action (the content to sign) are logged off the request path: written now, not inside the count.
  await sys.app.services.readLog.flush();
  counter.reset();
  const res = await run();
  // The answer is the state after the action's consequences (the projection included), so all is counted.
  return { body: res.body, count: counter.count() };
}

async function walkLetter(): Promise<Record<string, CommandCount>> {
  const counts: Record<string, CommandCount> = {};
  const created = await counted(() =>
    sys.http
      .post('/api/documents')
      .set(auth('author'))
      .send({ type: 'outgoing-letter', title: 'Round trips', participants: { approvers: ['a1', 'a2'], signer: 'boss' } })
      .expect(201),
  );
  const id = created.body.id as string;
  // The create is answered once the workflow's first projection is written, so the count above holds it all.
  counter.pause();
  expect((await sys.models.Document.findById(id, { projectedSeq: 1 }).lean())?.projectedSeq).toBeGreaterThanOrEqual(0);
  counter.resume();
  counts.create = created.count;
  counts.submit = (await counted(() => sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200))).count;
  counts.approve = (await counted(() => sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200))).count;
  const lastApproval = await counted(() => sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a2')).send({}).expect(200));
  expect(lastApproval.body.status).toBe('on-signing');
  counts['approve (last)'] = lastApproval.count;
  const toSign = await counted(() => sys.http.get(`/api/documents/${id}/content-to-sign`).set(auth('boss')).expect(200));
  counts['content-to-sign'] = toSign.count;
  const cms = await signCms({ content: Buffer.from(toSign.body.contentBase64 as string, 'base64'), keyPem: bossKey.keyPem, certPem: bossKey.certPem, chainPems: [ca.intermediate.certPem], pem: true });
  const signed = await counted(() => sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms }).expect(201));
  expect((signed.body.document as { status: string }).status).toBe('on-registration');
  counts.sign = signed.count;
  // The projection of the sign listed the accepted signature on the card (registration checks it by that list).
  counter.pause();
  expect((await sys.models.Document.findById(id, { signatureIds: 1 }).lean())?.signatureIds).toEqual([signed.body.signatureId]);
  counter.resume();
  const registered = await counted(() => sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({}).expect(200));
  expect(registered.body.status).toBe('executed');
  counts.register = registered.count;
  return counts;
}

it('a refused signature is listed on the card by _id, reading no whole collection', async () => {
  const created = await sys.http.post('/api/documents').set(auth('author')).send({ type: 'outgoing-letter', title: 'Refused', participants: { approvers: ['a1', 'a2'], signer: 'boss' } }).expect(201);
  const id = created.body.id as string;
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a2')).send({}).expect(200);
  // Signed over other bytes than the document's content: the check refuses it.
  const cms = await signCms({ content: Buffer.from('not this document'), keyPem: bossKey.keyPem, certPem: bossKey.certPem, chainPems: [ca.intermediate.certPem], pem: true });
  const refused = await counted(() => sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms }).expect(422));
  expect(refused.count.scans).toEqual([]);
  counter.pause();
  const [stored] = await sys.models.Signature.find({ documentId: id }, { status: 1 }).lean();
  expect(stored.status).toBe('invalid');
  expect((await sys.models.Document.findById(id, { signatureIds: 1 }).lean())?.signatureIds).toEqual([stored._id]);
  counter.resume();
}, 120_000);

it('every action of a letter stays within its database budget, waits for at most 8 round-trips and reads no whole collection', async () => {
  await walkLetter(); // the first letter fills the per-process caches (types' routes, people, calendar, journals)
  const counts = await walkLetter();
  const projectionOf = (c: CommandCount) => Object.entries(c.byKind).filter(([k]) => k.startsWith('activity recordTransition ')).reduce((n, [, v]) => n + v, 0);
  const report = Object.fromEntries(Object.entries(counts).map(([action, c]) => [action, { total: c.total, roundTrips: c.roundTrips, projection: projectionOf(c), byKind: c.byKind }]));
  // ROUND_TRIPS_REPORT=1 prints the breakdown of a passing run too, to see where an action's commands go.
  if (process.env.ROUND_TRIPS_REPORT) console.log(JSON.stringify(report, null, 1));
  for (const [action, c] of Object.entries(counts)) {
    // The request's card read is the one started beside the session's (api/middleware/card-prefetch.ts), not a second.
    const cardReads = c.byKind['api find documents'] ?? 0;
    const within = c.total <= ACTION_BUDGET[action] && c.roundTrips <= ROUND_TRIP_LIMIT && projectionOf(c) <= PROJECTION_BUDGET[action] && cardReads <= 1;
    // The whole report on failure: which action, which activity, which collection.
    expect({ action, within, scans: c.scans.filter((scan) => !KNOWN_SCANS.has(scan.collection)), report: within ? undefined : report }).toEqual({ action, within: true, scans: [], report: undefined });
  }
  // Reads the card and the registration's answer make unnecessary: an outgoing letter has no access application,
  // and its registration's seq is known without the registration record.
  const registerReads = Object.keys(counts.register.byKind).filter((k) => /^activity recordTransition find (access_applications|registrations|journals)$/.test(k));
  expect(registerReads).toEqual([]);
}, 120_000);
