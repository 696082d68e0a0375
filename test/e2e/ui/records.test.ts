/**
 * The records screens in headless Chromium (Debian's `chromium`, driven by playwright-core), as the demo
 * organisation's registrar: edit an incoming letter's registration-control card and see the change in the
 * card's edits, write a reply (an outgoing draft linked "in reply to", shown on both cards), file the executed
 * letter into the file the nomenclature suggests, and print the control card (a PDF from the server).
 * The route up to Executed is walked through the API by the people whose tasks it is. Then the file goes to
 * the archive from the nomenclature screen and a re-verification of the archive is started.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { demoPassword, seedDemoOrg } from '../../../db/seed/demo-org';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const REGISTRAR = 'registrar';

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let tmpDir: string;
const pageErrors: string[] = [];
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium, or set QUJAT_CHROMIUM.`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`npm run build:web`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ui-records-'));
  sys = await startTestSystem();
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  for (const who of [REGISTRAR, 'legal-head', 'lawyer', 'controller']) tokens[who] = await sys.tokenFor(who);
  server = await new Promise<Server>((resolve) => {
    const s = sys.app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 }, locale: 'kk-KZ', timezoneId: 'Asia/Almaty' });
  context.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `failed-records-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

/** An incoming paper letter walked to Executed: registered, resolved to the lawyer, reported, removed from control. */
async function executedIncoming(): Promise<{ id: string; number: string }> {
  const created = await sys.http
    .post('/api/documents')
    .set(auth(REGISTRAR))
    .send({ type: 'incoming-paper', title: 'Шарт жобасы туралы сұрау', correspondent: '«Альфа» ЖШС', participants: { executor: 'legal-head' }, fields: { senderNumber: '12/345', senderDate: '2026-11-20' } })
    .expect(201);
  const id = created.body.id as string;
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth(REGISTRAR)).send({}).expect(200);
  const registered = await sys.http.post(`/api/documents/${id}/actions/register`).set(auth(REGISTRAR)).send({}).expect(200);
  await sys.http.post(`/api/documents/${id}/actions/write-resolution`).set(auth('legal-head')).send({ text: 'Жауап дайындаңыз', responsibleExecutorId: 'lawyer', controllerId: 'controller', dueAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString() }).expect(200);
  const resolutionId = (await sys.http.get(`/api/documents/${id}`).set(auth('lawyer')).expect(200)).body.workflow.resolutions[0].id as string;
  await sys.http.post(`/api/documents/${id}/actions/file-card`).set(auth('lawyer')).send({ resolutionId, text: 'Жауап дайындалды', attachmentIds: [] }).expect(200);
  const done = await sys.http.post(`/api/documents/${id}/actions/remove-from-control`).set(auth('controller')).send({}).expect(200);
  expect(done.body.status).toBe('executed');
  return { id, number: registered.body.registration.number as string };
}

it('the registrar edits a card, writes a linked reply, files the letter and prints its control card', async () => {
  const letter = await executedIncoming();
  const year = Number(new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 4));
  await sys.http
    .post('/api/nomenclature')
    .set(auth(REGISTRAR))
    .send({ year, index: '04-07', unitId: 'chancellery', title: { kk: 'Кіріс хаттар', ru: 'Входящие письма' }, retentionYears: 5, medium: 'electronic', journals: ['incoming'] })
    .expect(201);

  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(baseUrl);
  await page.getByTestId('signin-login').fill(REGISTRAR);
  await page.getByTestId('signin-password').fill(demoPassword(REGISTRAR));
  await page.getByTestId('signin-submit').click();
  await page.locator(`[data-testid=current-user][data-employee-id="${REGISTRAR}"]`).waitFor();

  await step(page, 'edit', async () => {
    await page.goto(`${baseUrl}/documents/${letter.id}`);
    await page.getByTestId('doc-records').waitFor();
    await page.getByTestId('card-edit').click();
    const form = page.getByTestId('card-edit-form');
    await form.locator('input[name=issueNature]').fill('Шарт жобасын келісу');
    await form.locator('input[name=sheetsMain]').fill('4');
    await form.locator('select[name=paperForm]').selectOption('original');
    await page.getByTestId('card-save').click();
    await page.getByTestId('card-edits').getByText('Шарт жобасын келісу').waitFor();
    await page.getByTestId('doc-records').getByText('4', { exact: true }).first().waitFor();
  });
  const stored = await sys.models.Document.findById(letter.id).lean();
  expect(stored?.registrationCard).toMatchObject({ issueNature: 'Шарт жобасын келісу', sheetsMain: 4, paperForm: 'original' });

  await step(page, 'print', async () => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/documents/${letter.id}/forms/control-card`)),
      page.getByTestId('print-control-card').click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
  });

  await step(page, 'file', async () => {
    await page.getByTestId('file-into').click();
    await page.getByTestId('filed-in').getByText('04-07').waitFor();
  });
  expect((await sys.models.Filing.findById(letter.id).lean())?.fileId).toBe(`${year}:04-07`);

  const replyId = await step(page, 'reply', async () => {
    await page.getByTestId('write-reply').click();
    await page.waitForURL((url) => url.pathname.startsWith('/documents/') && !url.pathname.endsWith(letter.id));
    await page.getByTestId('link-row').getByText(`№ ${letter.number}`).waitFor();
    return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  });
  const reply = await sys.models.Document.findById(replyId).lean();
  expect(reply?.links).toEqual([expect.objectContaining({ kind: 'in-reply-to', documentId: letter.id, number: letter.number })]);

  await step(page, 'linked-from', async () => {
    await page.goto(`${baseUrl}/documents/${letter.id}`);
    await page.getByTestId('linked-from-row').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'records-card.png'), fullPage: true });
  });

  // The reports screen draws the discipline chart: the lawyer's resolution was executed on time.
  await step(page, 'reports', async () => {
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('reports-page').waitFor();
    // The term is three days ahead: a period to the end of next year includes it.
    await page.getByTestId('reports-to').fill(`31.12.${year + 1}`);
    await page.getByTestId('discipline-chart').locator('svg .recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('reports-page').getByText('Серіков Бауыржан Әсетұлы').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'records-reports.png'), fullPage: true });
  });

  // Year end for this file: closed, handed to the archive from the nomenclature screen; the card then says the
  // document is archived, and a re-verification of the archive is started from the archive screen.
  await sys.http.post(`/api/nomenclature/${encodeURIComponent(`${year}:04-07`)}/close`).set(auth(REGISTRAR)).expect(200);
  await step(page, 'archive', async () => {
    await page.getByTestId('nav-nomenclature').click();
    await page.getByTestId('nomenclature-page').waitFor();
    await page.getByTestId('archive-file').click();
    await page.getByTestId('archive-file').waitFor({ state: 'detached' });
    await page.goto(`${baseUrl}/documents/${letter.id}`);
    await page.getByTestId('archive-state').waitFor();
    await page.getByTestId('nav-archive').click();
    await page.getByTestId('archive-page').waitFor();
    await page.getByTestId('start-check').click();
    await page.getByTestId('archive-check').first().waitFor();
    // The run finishes in the background and the screen follows it without a reload.
    await page.getByTestId('archive-check').getByText('аяқталды').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'records-archive.png'), fullPage: true });
  });
  expect((await sys.models.ArchiveRecord.findById(letter.id).lean())?.state).toBe('archived');
  expect(await sys.models.ArchiveCheck.countDocuments({ startedBy: REGISTRAR })).toBe(1);
  expect(pageErrors).toEqual([]);
});
