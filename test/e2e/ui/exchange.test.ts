/**
 * Electronic exchange in headless Chromium, with two real organisations (test/support/two-orgs.ts): A's
 * letter, registered with B as electronic addressee, is seen arriving at B on the registrar's screen with
 * the verdict of its signatures; the registrar registers it there through the UI; A's author then sees B's
 * number and date on the letter's card, from B's signed receipt. B's registrar, with the application already
 * open, sees the bell count the arrival without a reload. The letter itself is prepared through the
 * API (the walk of an outgoing letter through the UI is test/e2e/ui/outgoing-letter.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { signedInTab } from '../../support/signed-in-tab';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { eventually } from '../../support/system';
import { arrivedAt, BIN_B, exchangeOf, registeredLetter, startTwoOrgs, type Org, type TwoOrgs } from '../../support/two-orgs';

jest.setTimeout(360_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let orgs: TwoOrgs;
let context: BrowserContext;
let tmpDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set QUJAT_CHROMIUM).`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`npm run build:web`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-exchange-ui-'));
  orgs = await startTwoOrgs();
  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'ru-RU',
    timezoneId: 'Asia/Almaty',
  });
  context.setDefaultTimeout(60_000);
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  await orgs?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** A tab of `who` at `org`, signed in with a real session (the token the sign-in form would store). */
async function tabOf(org: Org, who: string, route: string): Promise<Page> {
  return signedInTab(context, { url: `${org.url}${route}`, token: org.tokens[who], lang: 'ru', onPageError: (m) => pageErrors.push(`${org.name}/${who}: ${m}`) });
}

it('a letter from A arrives at B, is registered there through the UI, and B’s receipt shows on A’s card', async () => {
  const { A, B, ca } = orgs;
  // B's registrar has the application open before the letter is sent: the bell must count it without a reload.
  const registrar = await tabOf(B, 'reg', '/');
  await registrar.getByTestId('bell-count').waitFor();
  const bellBefore = Number(await registrar.getByTestId('bell-count').textContent());

  const letter = await registeredLetter(ca, A, 'О поставке оборудования', { exchangeAddressees: BIN_B });
  const incomingId = await arrivedAt(A, B, letter.id);
  await registrar.waitForFunction(
    (n) => Number((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid=bell-count]')?.textContent) > n,
    bellBefore,
    { timeout: 90_000 },
  );

  await registrar.goto(`${B.url}/documents/${encodeURIComponent(incomingId)}`);
  await registrar.locator('[data-testid=document-page][data-status="on-registration"]').waitFor();
  const panel = registrar.getByTestId('doc-exchange');
  await panel.waitFor();
  expect(await panel.innerText()).toContain('ЭЦП действительна');
  expect(await panel.innerText()).toContain(letter.number);
  await registrar.screenshot({ path: path.join(SHOTS, 'exchange-01-arrived-at-b.png'), fullPage: true });
  await registrar.getByTestId('action-register').click();
  await registrar.getByTestId('action-confirm').click();
  await registrar.getByTestId('action-done').waitFor();
  const theirNumber = await eventually(async () => {
    const card = (await B.sys.http.get(`/api/documents/${incomingId}`).set({ Authorization: `Bearer ${B.tokens.reg}` }).expect(200)).body;
    expect(card.registration?.number).toBeTruthy();
    return card.registration.number as string;
  });

  await eventually(async () => expect((await exchangeOf(A, letter.id)).outgoing.addressees[0].status).toBe('registered'), 60_000);
  const author = await tabOf(A, 'author', `/documents/${encodeURIComponent(letter.id)}`);
  const receipt = author.getByTestId('exchange-receipt');
  await receipt.waitFor();
  expect(await receipt.innerText()).toContain(`№ ${theirNumber}`);
  expect(await author.getByTestId('exchange-addressee-registered').innerText()).toContain('Зарегистрировано');
  await author.screenshot({ path: path.join(SHOTS, 'exchange-02-receipt-at-a.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
});
