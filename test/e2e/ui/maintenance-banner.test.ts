/**
 * The maintenance banner in headless Chromium: an administrator announces a window (start, end, text in kk and
 * ru); another user, signing in afterwards, sees it above every screen in Kazakh, and in Russian after switching
 * the language, with the times in Astana time and no ids.
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
const ADMIN = 'admin';
const READER = 'legal-head';

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let tmpDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium, or set QUJAT_CHROMIUM.`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`node scripts/build-web.mjs`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-maintenance-e2e-'));
  sys = await startTestSystem({ withWorker: false });
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  await acceptCurrentAgreement(sys.models, READER);
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

it('an administrator announces a maintenance window and another user sees the banner in kk and ru', async () => {
  // The administrator announces through the API with their own session (the form is driven in oversight-screens.test.ts).
  const adminToken = await sys.tokenFor(ADMIN);
  const startsAt = new Date(Date.now() + 2 * 3_600_000);
  startsAt.setUTCMinutes(0, 0, 0);
  const endsAt = new Date(startsAt.getTime() + 3 * 3_600_000);
  const announced = await sys.http
    .post('/api/maintenance-windows')
    .set({ Authorization: `Bearer ${adminToken}` })
    .send({ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), text: { kk: 'Дерекқор серверін жаңарту', ru: 'Обновление сервера базы данных' } })
    .expect(201);

  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(baseUrl);
  await step(page, 'maintenance-sign-in', async () => {
    await page.getByTestId('signin-login').fill(READER);
    await page.getByTestId('signin-password').fill(demoPassword(READER));
    await page.getByTestId('signin-submit').click();
    await page.locator(`[data-testid=current-user][data-employee-id="${READER}"]`).waitFor();
  });
  const banner = page.getByTestId('maintenance-banner');
  await step(page, 'maintenance-banner-kk', async () => {
    await page.getByTestId('lang-kk').click();
    await banner.filter({ hasText: 'Дерекқор серверін жаңарту' }).waitFor();
  });
  const kk = await banner.innerText();
  expect(kk).toContain('Жоспарлы техникалық жұмыстар');
  expect(kk).toMatch(/\d\d\.\d\d\.\d{4} \d\d:\d\d – \d\d\.\d\d\.\d{4} \d\d:\d\d/);
  expect(kk).not.toContain(announced.body.id);
  await page.screenshot({ path: path.join(SHOTS, 'maintenance-banner-kk.png') });

  await step(page, 'maintenance-banner-ru', async () => {
    await page.getByTestId('lang-ru').click();
    await banner.filter({ hasText: 'Обновление сервера базы данных' }).waitFor();
  });
  const ru = await banner.innerText();
  expect(ru).toContain('Плановые технические работы');
  expect(ru).toContain('по времени Астаны');
  expect(ru).not.toContain('Дерекқор');
  await page.screenshot({ path: path.join(SHOTS, 'maintenance-banner-ru.png') });
  expect(pageErrors).toEqual([]);
});
