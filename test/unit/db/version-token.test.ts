/**
 * A version token read is used again for a short while instead of being read by every action; a write in this
 * process is seen at once, a write from elsewhere once the trust has run out, and reads asked at once share one.
 */
import { connectDatabase } from '../../../db/connection';
import { bumpVersionToken, readVersionToken } from '../../../db/version-token';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';
import { restoreTokenTrustAfterEach } from '../../support/token-trust';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.drop());

restoreTokenTrustAfterEach();

let n = 0;
/** A token collection of its own per test, so the tests run in any order. */
const collectionName = () => `test_version_${++n}`;
/** What another process does: writes the token document without this process knowing. */
const writeElsewhere = (collection: string, token: string) =>
  t.db.collection(collection).replaceOne({ _id: 'current' as never }, { token, at: new Date() }, { upsert: true });

/** Counts the finds this connection sends to `collection` while `work` runs. */
async function findsOf(collection: string, work: () => Promise<unknown>): Promise<number> {
  const finds = { n: 0 };
  const original = t.db.collection(collection).findOne.bind(t.db.collection(collection));
  const spy = jest.spyOn(t.db.collection(collection), 'findOne').mockImplementation(((...args: Parameters<typeof original>) => {
    finds.n += 1;
    return original(...args);
  }) as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return finds.n;
}

it('reads a token once while it is trusted, and again once the trust has run out', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '300';
  const c = collectionName();
  await writeElsewhere(c, 'one');
  expect(await readVersionToken(t.db, c)).toBe('one');
  await writeElsewhere(c, 'two');
  const reads = await findsOf(c, async () => {
    expect(await readVersionToken(t.db, c)).toBe('one'); // trusted: the other process's write is not seen yet
  });
  expect(reads).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 350));
  expect(await readVersionToken(t.db, c)).toBe('two');
});

it('sees a write made in this process at once, through any connection to the same database', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '60000';
  const c = collectionName();
  const first = await readVersionToken(t.db, c);
  expect(first).toBe('initial');
  const other = await connectDatabase(process.env.MONGODB_URI!, t.db.name);
  try {
    await bumpVersionToken(other, c);
    const moved = await readVersionToken(t.db, c);
    expect(moved).not.toBe('initial');
    expect(moved).toBe((await t.db.collection(c).findOne({ _id: 'current' as never }))?.token);
  } finally {
    await other.close();
  }
});

it('does not keep a read that was on its way while the token moved', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '60000';
  const c = collectionName();
  await writeElsewhere(c, 'old');
  // The read is sent and answered "old", but its answer arrives only after this process has moved the token.
  let answer!: (doc: { token: string }) => void;
  const spy = jest.spyOn(t.db.collection(c), 'findOne').mockImplementationOnce((() => new Promise((resolve) => (answer = resolve))) as never);
  const reading = readVersionToken(t.db, c);
  await bumpVersionToken(t.db, c);
  answer({ token: 'old' });
  expect(await reading).toBe('old'); // a right answer for a read running beside the write
  spy.mockRestore();
  const current = (await t.db.collection(c).findOne({ _id: 'current' as never }))?.token;
  expect(current).not.toBe('old');
  expect(await readVersionToken(t.db, c)).toBe(current);
});

it('lets reads asked at once share one command', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '0';
  const c = collectionName();
  await writeElsewhere(c, 'shared');
  const reads = await findsOf(c, async () => {
    expect(await Promise.all([readVersionToken(t.db, c), readVersionToken(t.db, c), readVersionToken(t.db, c)])).toEqual(['shared', 'shared', 'shared']);
  });
  expect(reads).toBe(1);
  // With no trust, the next read asks the database again.
  await writeElsewhere(c, 'next');
  expect(await readVersionToken(t.db, c)).toBe('next');
});

it('refuses a trust that is not a number of milliseconds, naming the setting', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = 'soon';
  await expect(readVersionToken(t.db, collectionName())).rejects.toThrow(/QUJAT_TOKEN_TRUST_MS/);
});
