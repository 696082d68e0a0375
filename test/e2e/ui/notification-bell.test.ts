/**
 * The bell in headless Chromium: the approver's counter goes up without a reload when the author sends
 * them a letter (the live stream), the notifications page names the document in Kazakh with an Astana
 * time and no ids, and a click opens the document and marks the notification read.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { demoPassword, seedDemoOrg } from '../../../db/seed/demo-org';
import { acceptCurrentAgreement } from '../../support/accept-agreement';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const AUTHOR = 'lawyer';
const APPROVER = 'legal-head';
const SIGNER = 'deputy';

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let tmpDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium, or set QUJAT_CHROMIUM.`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`npm run build:web`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-bell-e2e-'));
  sys = await startTestSystem();
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  await acceptCurrentAgreement(sys.models, APPROVER);
  server = await new Promise<Server>((resolve) => {
    const s = sys.app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 1440, height: 900 },
    locale: 'kk-KZ',
    timezoneId: 'Asia/Almaty',
  });
  context.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  sys?.app.services.notificationStream.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `failed-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

const bellCount = async (page: Page) => Number(await page.getByTestId('bell-count').textContent());


it('the bell counts up without a reload when another user acts, and a click opens the document and marks it read', async () => {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(baseUrl);
  await step(page, 'bell-sign-in', async () => {
    await page.getByTestId('signin-login').fill(APPROVER);
    await page.getByTestId('signin-password').fill(demoPassword(APPROVER));
    await page.getByTestId('signin-submit').click();
    await page.locator(`[data-testid=current-user][data-employee-id="${APPROVER}"]`).waitFor();
  });
  await page.getByTestId('bell-count').waitFor();
  const before = await bellCount(page);
  // A mark that a reload would wipe out.
  await page.evaluate(() => ((globalThis as unknown as { qujatNoReload: boolean }).qujatNoReload = true));

  // Another user acts: the author sends the approver a letter (through the API, as their own browser would).
  const title = `Кеңсе жиһазы туралы ${Date.now()}`;
  const authorToken = await sys.tokenFor(AUTHOR);
  const created = await sys.http
    .post('/api/documents')
    .set({ Authorization: `Bearer ${authorToken}` })
    .send({ type: 'outgoing-letter', title, participants: { approvers: [APPROVER], signer: SIGNER } })
    .expect(201);
  const documentId = created.body.id as string;
  await sys.http.post(`/api/documents/${documentId}/actions/submit`).set({ Authorization: `Bearer ${authorToken}` }).send({}).expect(200);

  await step(page, 'bell-counts-up', async () => {
    await page.waitForFunction((n) => Number((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid=bell-count]')?.textContent) === n, before + 1, { timeout: 60_000 });
  });
  expect(await page.evaluate(() => (globalThis as unknown as { qujatNoReload?: boolean }).qujatNoReload)).toBe(true);

  await step(page, 'bell-page', async () => {
    await page.getByTestId('bell-count').click();
    await page.getByTestId('notifications-page').waitFor();
    await page.getByTestId('notification').filter({ hasText: title }).waitFor();
  });
  const text = await page.getByTestId('notifications-page').innerText();
  expect(text).toContain('Жаңа тапсырма');
  expect(text).toMatch(/\d\d\.\d\d\.\d{4} \d\d:\d\d/);
  expect(text).not.toContain(documentId);
  expect(text).not.toContain('task.assigned');
  await page.screenshot({ path: path.join(SHOTS, 'notifications-page.png'), fullPage: true });

  await step(page, 'bell-open', async () => {
    await page.getByTestId('notification').filter({ hasText: title }).click();
    await page.waitForURL(`**/documents/${documentId}`);
    await page.getByTestId('document-page').waitFor();
    await page.waitForFunction((n) => Number((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid=bell-count]')?.textContent) === n, before, { timeout: 30_000 });
  });
  expect(pageErrors).toEqual([]);
});
