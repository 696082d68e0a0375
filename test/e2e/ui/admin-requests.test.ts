/**
 * Requests to the system administrator on a memo's card (002 §§7–9), in headless Chromium with the demo
 * organisation: the EDMS specialist raises one from her execution (in Kazakh), the Deputy Chairman agrees it (in
 * Russian), the system administrator sets its deadline by a date typed dd.mm.yyyy, adds a file and answers (in
 * Kazakh), and the specialist reads the answer and sees its file on her filed execution card (in Russian). Each
 * screen's section is read as the translation walk reads screens: no English, no codes, no ISO dates.
 * The memo's route up to the execution is walked through the API by the people whose tasks it is.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { seedDemoOrg } from '../../../db/seed/demo-org';
import { astanaDay } from '../../../domain/calendar/astana-zone';
import { memoInExecution, memoSigner } from '../../support/change-memo';
import { findingsIn } from '../../support/screen-text';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE = require.resolve('axe-core/axe.min.js');
const PEOPLE = ['lawyer', 'legal-head', 'registrar', 'it-head', 'edms-officer', 'deputy', 'admin'];

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let browser: Browser;
let tmpDir: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium, or set QUJAT_CHROMIUM.`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`node scripts/build-web.mjs`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ui-admin-requests-'));
  const signer = memoSigner();
  sys = await startTestSystem({ verifyCms: signer.verifier });
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  for (const who of PEOPLE) tokens[who] = await sys.tokenFor(who);
  const head = await sys.models.Employee.findById('legal-head').lean();
  walk = {
    http: sys.http,
    signer,
    token: (id) => tokens[id],
    author: 'lawyer',
    unitHead: { id: 'legal-head', key: signer.keyOf(head!.fullName, head!.iin!) },
    registrar: 'registrar',
    departmentHead: 'it-head',
    responsible: 'edms-officer',
  };
  server = await new Promise<Server>((resolve) => {
    const s = sys.app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

let walk: Parameters<typeof memoInExecution>[0];

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** The card as this person sees it in this language (signed in by the session's token, as the walk does). */
async function cardAs(who: string, lang: 'kk' | 'ru', documentId: string): Promise<Page> {
  // bypassCSP: the app's policy (script-src 'self') would refuse the injected axe-core script.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Almaty', bypassCSP: true });
  context.setDefaultTimeout(30_000);
  await context.addInitScript({ content: `sessionStorage.setItem('qujat.token', ${JSON.stringify(tokens[who])}); localStorage.setItem('qujat.lang', ${JSON.stringify(lang)});` });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
  await page.goto(`${baseUrl}/documents/${documentId}`);
  await page.getByTestId('document-page').waitFor();
  return page;
}
const pageErrors: string[] = [];

async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `failed-admin-requests-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * The section's words as a reader sees them, held to the walk's rule. File names are left out: they are what the
 * administrator uploaded (data, like an e-mail address), not words of the interface.
 */
async function sectionFindings(page: Page): Promise<string[]> {
  const text = (await page.evaluate(`(() => {
    const section = document.querySelector('[data-testid="admin-requests"]').cloneNode(true);
    for (const f of section.querySelectorAll('[data-testid="admin-request-file"]')) f.remove();
    const texts = [section.innerText || section.textContent];
    for (const el of section.querySelectorAll('[placeholder], [aria-label], option')) texts.push(el.getAttribute('placeholder') || el.getAttribute('aria-label') || el.textContent || '');
    return texts;
  })()`)) as string[];
  return findingsIn(text);
}

/** Serious or critical accessibility violations inside the section, as the translation walk judges whole screens. */
async function sectionAxe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(`axe.run('[data-testid="admin-requests"]', { resultTypes: ['violations'] }).then((r) => r.violations)`)) as Array<{ id: string; impact?: string; help: string; nodes: Array<{ target: unknown[] }> }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

it('the specialist raises a request, the Deputy Chairman agrees it, the administrator times and answers it, and the card shows the answer', async () => {
  const memo = await memoInExecution(walk, 'Іздеуге жіберушінің БСН сүзгісін қосу');

  const officer = await cardAs('edms-officer', 'kk', memo.id);
  await step(officer, 'raise', async () => {
    await officer.getByTestId('admin-request-raise').click();
    const form = officer.getByTestId('admin-request-form');
    await form.waitFor();
    expect(await sectionAxe(officer)).toEqual([]);
    await form.locator('textarea[name=change]').fill('Іздеу терезесіне БСН бойынша сүзгі қосу');
    await form.locator('textarea[name=reason]').fill('Іздеу модулін тек жеткізуші өзгерте алады');
    await officer.getByTestId('admin-request-send').click();
    await officer.locator('[data-testid=admin-request][data-state=awaiting-agreement]').waitFor();
    await officer.getByTestId('admin-requests').getByText('Төрағаның орынбасарының келісуінде').waitFor();
  });
  expect(await sectionFindings(officer)).toEqual([]);
  await officer.screenshot({ path: path.join(SHOTS, 'kk-admin-request-raised.png'), fullPage: true });
  await officer.context().close();

  const deputy = await cardAs('deputy', 'ru', memo.id);
  await deputy.getByTestId('admin-request-agree-form').waitFor();
  expect(await sectionAxe(deputy)).toEqual([]);
  await step(deputy, 'agree', async () => {
    await deputy.getByTestId('admin-request-agree').click();
    await deputy.locator('[data-testid=admin-request][data-state=with-administrator]').waitFor();
    await deputy.getByTestId('admin-request-agreement').getByText('Согласовал(а)').waitFor();
  });
  expect(await sectionFindings(deputy)).toEqual([]);
  await deputy.context().close();

  const admin = await cardAs('admin', 'kk', memo.id);
  const today = astanaDay(new Date());
  const [y, m, d] = today.split('-');
  await step(admin, 'deadline', async () => {
    const form = admin.getByTestId('admin-request-deadline-form');
    await form.locator('select[name=mode]').selectOption('date');
    expect(await sectionAxe(admin)).toEqual([]);
    await admin.getByTestId('admin-request-due-on').fill(`${d}.${m}.${y}`);
    await admin.getByTestId('admin-request-deadline-save').click();
    await admin.locator('[data-testid=admin-request][data-state=in-work]').waitFor();
    await admin.getByTestId('admin-request-deadline').getByText(`${d}.${m}.${y}`).waitFor();
  });
  await step(admin, 'answer', async () => {
    await admin.getByTestId('admin-request-file-upload').setInputFiles({ name: 'жауап.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% answer\n%%EOF\n') });
    await admin.getByTestId('admin-request-file').getByText('жауап.pdf').waitFor();
    await admin.getByTestId('admin-request-answer-form').locator('textarea[name=text]').fill('Сүзгі келесі нұсқада қосылады');
    await admin.getByTestId('admin-request-answer-send').click();
    await admin.locator('[data-testid=admin-request][data-state=answered]').waitFor();
  });
  expect(await sectionFindings(admin)).toEqual([]);
  await admin.screenshot({ path: path.join(SHOTS, 'kk-admin-request-answered.png'), fullPage: true });
  await admin.context().close();

  // The specialist files her card; it carries the answer's file, shown on the card.
  await sys.http.post(`/api/documents/${memo.id}/actions/file-card`).set({ Authorization: `Bearer ${tokens['edms-officer']}` }).send({ resolutionId: memo.resolutionId, text: 'Жүйелік әкімшінің жауабы қоса берілді', attachmentIds: [] }).expect(200);
  const reader = await cardAs('edms-officer', 'ru', memo.id);
  await step(reader, 'read', async () => {
    await reader.getByTestId('admin-request-answer').getByText('Сүзгі келесі нұсқада қосылады').waitFor();
    await reader.getByTestId('admin-requests').getByText('Ответ получен').waitFor();
    await reader.getByTestId('execution-card-files').getByText('жауап.pdf').waitFor();
  });
  expect(await sectionFindings(reader)).toEqual([]);
  await reader.screenshot({ path: path.join(SHOTS, 'ru-admin-request-on-card.png'), fullPage: true });
  await reader.getByTestId('doc-execution').screenshot({ path: path.join(SHOTS, 'ru-admin-request-execution.png') });
  await reader.getByTestId('admin-requests').screenshot({ path: path.join(SHOTS, 'ru-admin-request-section.png') });
  await reader.context().close();
  expect(pageErrors).toEqual([]);
});
