/**
 * The office's daily screens in headless Chromium (Debian's `chromium`, driven by playwright-core), reached
 * from the sidebar as the demo organisation's people: the registrar browses a journal, narrows it and prints
 * it, then sends an outgoing document and records its receipt on the dispatch desk (Kazakh); the administrator
 * registers an employee, finds them in the list and blocks them (Russian); an employee applies for access and
 * the administrator decides within the 24-hour deadline shown beside the application (Kazakh).
 * Registrations are written directly (the registration workflow has its own tests); screenshots of each
 * screen go to test-artifacts/screenshots.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { demoPassword, seedDemoOrg } from '../../../db/seed/demo-org';
import { findingsIn } from '../../support/screen-text';
import { eventually, startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let tmpDir: string;
const pageErrors: string[] = [];
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const astanaYear = () => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', year: 'numeric' }).format(new Date()));

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium, or set QUJAT_CHROMIUM.`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`npm run build:web`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ui-office-'));
  sys = await startTestSystem();
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  for (const who of ['registrar', 'admin', 'lawyer', 'legal-head']) tokens[who] = await sys.tokenFor(who);
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
    await page.screenshot({ path: path.join(SHOTS, `failed-office-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

/** A fresh page signed in as `who`, in `lang`. */
async function signIn(who: string, lang: 'kk' | 'ru'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(baseUrl);
  await page.evaluate((l) => {
    const g = globalThis as unknown as { sessionStorage: { clear(): void }; localStorage: { setItem(k: string, v: string): void } };
    g.sessionStorage.clear();
    g.localStorage.setItem('qujat.lang', l);
  }, lang);
  await page.reload();
  await page.getByTestId('signin-login').fill(who);
  await page.getByTestId('signin-password').fill(demoPassword(who));
  await page.getByTestId('signin-submit').click();
  await page.locator(`[data-testid=current-user][data-employee-id="${who}"]`).waitFor();
  return page;
}

/** A registered outgoing letter as the registry has it: the card and its line in the outgoing journal. */
async function registeredOutgoing(id: string, seq: number, title: string, correspondent: string): Promise<string> {
  const number = `01-13/${seq}`;
  const registeredAt = new Date();
  await sys.models.Document.create({
    _id: id,
    type: 'outgoing-letter',
    title,
    correspondent,
    authorId: 'lawyer',
    workflowId: `document-${id}`,
    route: { key: 'outgoing-letter', version: 1 },
    status: 'registered',
    registration: { journal: 'outgoing', number, registeredAt },
  });
  await sys.models.Registration.create({ _id: id, journal: 'outgoing', year: astanaYear(), seq, suffix: 0, number, registrarId: 'registrar', registeredAt });
  return number;
}

it('the registrar browses, narrows and prints a journal, then sends a letter and records its receipt', async () => {
  const number = await registeredOutgoing('office-out-1', 901, 'Кеңсе жиһазы туралы', '«Әлем» ЖШС');
  await registeredOutgoing('office-out-2', 902, 'Оқу семинары туралы', '«Бета» АҚ');
  const page = await signIn('registrar', 'kk');

  await step(page, 'journal', async () => {
    await page.getByTestId('nav-journals').click();
    await page.getByTestId('journals-page').waitFor();
    await page.getByTestId('journal-tab-outgoing').click();
    await page.getByTestId('journal-table').getByText(`№ ${number}`).waitFor();
    await page.getByTestId('journal-words').fill('жиһаз');
    await eventually(async () => expect(await page.getByTestId('journal-row').count()).toBe(1));
    await page.getByTestId('journal-row').getByText('«Әлем» ЖШС').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-journal-kk.png'), fullPage: true });
    // Printing is the browser's dialog: count the calls instead of opening it.
    await page.evaluate(() => {
      const g = globalThis as unknown as { printed: number; print(): void };
      g.printed = 0;
      g.print = () => {
        g.printed += 1;
      };
    });
    await page.getByTestId('journal-print').click();
    expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
  });

  await step(page, 'dispatch', async () => {
    await page.getByTestId('nav-dispatch').click();
    await page.getByTestId('dispatch-page').waitFor();
    const row = page.getByTestId('dispatch-row').filter({ hasText: `№ ${number}` });
    await row.getByTestId('dispatch-open').click();
    await row.getByTestId('dispatch-recipient').fill('«Әлем» ЖШС, Астана');
    await row.getByTestId('dispatch-send').click();
    await page.getByTestId('dispatch-row').filter({ hasText: `№ ${number}` }).waitFor({ state: 'detached' });
    await page.getByTestId('dispatch-tab-awaiting-receipt').click();
    const sent = page.getByTestId('dispatch-row').filter({ hasText: `№ ${number}` });
    await sent.getByText('«Әлем» ЖШС, Астана').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-dispatch-kk.png'), fullPage: true });
    await sent.getByTestId('dispatch-open').click();
    await sent.getByTestId('receipt-number').fill('ВХ-321');
    await sent.getByTestId('receipt-save').click();
    await page.getByTestId('dispatch-tab-receipt-received').click();
    await page.getByTestId('dispatch-row').filter({ hasText: `№ ${number}` }).getByText('№ ВХ-321').waitFor();
  });
  expect(await sys.models.Delivery.findById('office-out-1').lean()).toMatchObject({ recipient: '«Әлем» ЖШС, Астана', sentBy: 'registrar', receipt: { recipientNumber: 'ВХ-321', recordedBy: 'registrar' } });
  expect(await sys.models.Delivery.exists({ _id: 'office-out-2' })).toBeNull();

  await step(page, 'notices', async () => {
    await page.getByTestId('dispatch-notices').click();
    await page.getByTestId('notices-tab-all').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-notices-kk.png'), fullPage: true });
  });
  await page.close();
  expect(pageErrors).toEqual([]);
});

it('the administrator registers an employee, finds them in the list, blocks the account, and keeps units and positions', async () => {
  const page = await signIn('admin', 'ru');
  await step(page, 'create', async () => {
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-page').waitFor();
    await page.getByTestId('employee-new-name').fill('Жұмабаев Нұрлан Серікұлы');
    await page.getByTestId('employee-new-unit').selectOption('legal-department');
    await page.getByTestId('employee-new-roles').locator('input[data-role=registrar]').check();
    await page.getByTestId('employee-create').click();
    await page.getByTestId('people-table').getByText('Жұмабаев Нұрлан Серікұлы').waitFor();
    await page.getByTestId('person-card').getByTestId('employee-edit').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-people-ru.png'), fullPage: true });
  });
  const created = await sys.models.Employee.findOne({ fullName: 'Жұмабаев Нұрлан Серікұлы' }).lean();
  expect(created).toMatchObject({ unitId: 'legal-department', roles: ['employee', 'registrar'], status: 'active' });

  await step(page, 'block', async () => {
    await page.getByTestId('employee-block').click();
    await page.getByTestId('employee-unblock').waitFor();
  });
  expect((await sys.models.Employee.findById(created!._id).lean())?.status).toBe('blocked');

  await step(page, 'find', async () => {
    await page.getByTestId('people-status').selectOption('blocked');
    await page.getByTestId('people-find').fill('Жұмабаев');
    await page.getByTestId('person-row').filter({ hasText: 'Жұмабаев Нұрлан Серікұлы' }).getByText('заблокирован').waitFor();
    // The consent records of someone who has accepted the agreement.
    await page.getByTestId('people-status').selectOption('active');
    await page.getByTestId('people-find').fill('Серіков');
    await page.getByTestId('person-row').getByRole('button', { name: 'Серіков Бауыржан Әсетұлы' }).click();
    await page.getByTestId('consent-records').getByTestId('consent-row').first().waitFor();
  });

  await step(page, 'units', async () => {
    await page.getByTestId('people-tab-units').click();
    await page.getByTestId('unit-new-kk').fill('Сатып алу бөлімі');
    await page.getByTestId('unit-new-ru').fill('Отдел закупок');
    await page.getByTestId('unit-create').click();
    await page.getByTestId('units').getByRole('cell', { name: 'Отдел закупок' }).waitFor();
    // Moved under the legal department, with a head picked by name.
    const unitRow = () => page.getByTestId('unit-row').filter({ has: page.getByRole('cell', { name: 'Отдел закупок', exact: true }) });
    await unitRow().getByTestId('unit-edit').click();
    await page.getByTestId('unit-edit-parent').selectOption({ label: 'Юридический департамент' });
    await page.getByTestId('unit-edit-head').selectOption({ label: 'Серіков Бауыржан Әсетұлы' });
    await page.getByTestId('unit-save').click();
    await unitRow().getByText('Серіков Бауыржан Әсетұлы').waitFor();
    await unitRow().getByText('Юридический департамент').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-units-ru.png'), fullPage: true });
  });
  expect(await sys.models.Unit.findOne({ 'name.ru': 'Отдел закупок' }).lean()).toMatchObject({ parentId: 'legal-department', headEmployeeId: 'lawyer' });

  await step(page, 'unit-delete', async () => {
    // A unit with people in it stays, and the refusal says why; the empty new one goes.
    const units = page.getByTestId('units');
    await page.getByTestId('unit-row').filter({ has: page.getByRole('cell', { name: 'Канцелярия', exact: true }) }).getByTestId('unit-delete').click();
    await units.getByTestId('problem').getByText('Подразделение не пусто', { exact: false }).waitFor();
    await page.getByTestId('unit-row').filter({ has: page.getByRole('cell', { name: 'Отдел закупок', exact: true }) }).getByTestId('unit-delete').click();
    await units.getByRole('cell', { name: 'Отдел закупок', exact: true }).waitFor({ state: 'detached' });
  });
  expect(await sys.models.Unit.findOne({ 'name.ru': 'Отдел закупок' }).lean()).toBeNull();

  await step(page, 'positions', async () => {
    await page.getByTestId('people-tab-positions').click();
    const positions = page.getByTestId('positions');
    // A blank title is refused by the server and said in words beside the field, not as the API's English.
    await page.getByTestId('position-new-kk').fill(' ');
    await page.getByTestId('position-new-ru').fill('Специалист по закупкам');
    await page.getByTestId('position-new-unit').selectOption({ label: 'Юридический департамент' });
    await page.getByTestId('position-create').click();
    await positions.getByTestId('problem').getByText('Форма заполнена неверно').waitFor();
    await positions.getByTestId('position-new').getByTestId('field-error').first().waitFor();
    // Created with a title in both languages in a unit picked by its name.
    await page.getByTestId('position-new-kk').fill('Сатып алу маманы');
    await page.getByTestId('position-create').click();
    const row = () => positions.getByTestId('position-row').filter({ hasText: 'Специалист по закупкам' });
    await row().getByText('Юридический департамент').waitFor();
    await expect(positions.getByTestId('problem').count()).resolves.toBe(0);
    // Renamed and moved to another unit.
    await row().getByTestId('position-edit').click();
    await positions.getByTestId('position-edit-ru').fill('Ведущий специалист по закупкам');
    await positions.getByTestId('position-edit-unit').selectOption({ label: 'Канцелярия' });
    await positions.getByTestId('position-save').click();
    await positions.getByTestId('position-row').filter({ hasText: 'Ведущий специалист по закупкам' }).getByText('Канцелярия').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-positions-ru.png'), fullPage: true });
    expect(findingsIn([await positions.innerText()])).toEqual([]);
    // A position someone holds is not deleted: the refusal says why, in Russian. (The chief accountant's: the
    // lawyer's own may have been emptied by the access test, which moves the lawyer to the chancellery.)
    await positions.getByTestId('position-row').filter({ hasText: 'Главный бухгалтер' }).getByTestId('position-delete').click();
    await positions.getByTestId('problem').getByText('Эту должность занимают сотрудники', { exact: false }).waitFor();
    await positions.getByTestId('position-row').filter({ hasText: 'Ведущий специалист по закупкам' }).getByTestId('position-delete').click();
    await eventually(async () => expect(await positions.getByTestId('position-row').filter({ hasText: 'Ведущий специалист по закупкам' }).count()).toBe(0));
  });
  expect(await sys.models.Position.findOne({ 'title.kk': 'Сатып алу маманы' }).lean()).toBeNull();
  const events = await sys.models.AuditEvent.find({ type: { $in: ['org.position.created', 'org.position.updated', 'org.position.deleted'] }, actorId: 'admin' }).lean();
  expect(events.map((e) => e.type).sort()).toEqual(['org.position.created', 'org.position.deleted', 'org.position.updated']);

  // The reports screen asks for discipline now over the period's Astana days, and the server accepts the question.
  await step(page, 'discipline', async () => {
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/reports/discipline')), page.getByTestId('nav-reports').click()]);
    expect(response.status()).toBe(200);
    const asked = new URL(response.url()).searchParams;
    // 1 January 00:00 in Astana (UTC+5 since 2024) is 31 December 19:00 UTC.
    expect(asked.get('from')).toBe(`${astanaYear() - 1}-12-31T19:00:00.000Z`);
    await page.getByTestId('discipline-now').waitFor();
  });
  await page.close();
  expect(pageErrors).toEqual([]);
});

it('an employee applies for access; the administrator sees the 24-hour deadline and grants it', async () => {
  const lawyer = await signIn('lawyer', 'kk');
  await step(lawyer, 'apply', async () => {
    await lawyer.getByTestId('nav-access').click();
    await lawyer.getByTestId('access-page').waitFor();
    await lawyer.getByTestId('access-action').selectOption('move');
    await lawyer.getByTestId('access-subject').selectOption('lawyer');
    await lawyer.getByTestId('access-unit').selectOption('chancellery');
    await lawyer.getByTestId('access-reason').fill('Кеңсеге ауысу туралы бұйрық');
    await lawyer.getByTestId('access-submit').click();
    await lawyer.getByTestId('access-row').first().waitFor();
    await lawyer.screenshot({ path: path.join(SHOTS, 'office-access-kk.png'), fullPage: true });
  });
  await lawyer.close();
  const [application] = (await sys.http.get('/api/access-applications').set(auth('lawyer')).expect(200)).body as Array<{ id: string; decision: string }>;
  expect(application.decision).toBe('awaiting-head');

  // The head signs through the API; the administrator's task then carries the 24-hour deadline.
  await eventually(async () => {
    await sys.http.post(`/api/documents/${application.id}/actions/approve`).set(auth('legal-head')).send({}).expect(200);
  }, 60_000);
  const task = await eventually(async () => {
    const inbox = await sys.http.get('/api/inbox').query({ view: 'for-approval' }).set(auth('admin')).expect(200);
    const found = (inbox.body.items as Array<{ documentId: string; dueAt?: string }>).find((i) => i.documentId === application.id);
    expect(found?.dueAt).toBeDefined();
    return found!;
  }, 60_000);

  const admin = await signIn('admin', 'kk');
  await step(admin, 'decide', async () => {
    await admin.getByTestId('nav-access').click();
    const row = admin.getByTestId('access-waiting-row');
    await row.first().waitFor();
    const shown = await row.getByTestId('access-deadline').innerText();
    expect(shown).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    const due = new Date(task.dueAt!);
    const astana = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Almaty', day: '2-digit', month: '2-digit', year: 'numeric' }).format(due);
    expect(shown).toContain(astana);
    await admin.screenshot({ path: path.join(SHOTS, 'office-access-decide-kk.png'), fullPage: true });
    await row.getByTestId('access-approve').click();
    // The decision lands once the workflow has moved on: reload until the list says so.
    await eventually(async () => {
      await admin.reload();
      await admin.locator(`[data-testid=access-row][data-decision=granted]`).first().waitFor({ timeout: 5_000 });
    }, 90_000);
  });
  const moved = await eventually(async () => {
    const found = await sys.models.Employee.findById('lawyer').lean();
    expect(found?.unitId).toBe('chancellery');
    return found!;
  }, 60_000);
  expect(moved.status).toBe('active');
  await admin.close();
  expect(pageErrors).toEqual([]);
});

it("the administrator loads next year's decree table and sees its days off", async () => {
  const next = astanaYear() + 1;
  // A weekday early in January made a day off, and the Saturday after it made a working day.
  const day = new Date(Date.UTC(next, 0, 5));
  while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  const saturday = new Date(day);
  while (saturday.getUTCDay() !== 6) saturday.setUTCDate(saturday.getUTCDate() + 1);
  const label = (d: Date) => d.toISOString().slice(0, 10).split('-').reverse().join('.');

  const page = await signIn('admin', 'kk');
  await step(page, 'calendar-year', async () => {
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-calendar').click();
    await page.getByTestId('calendar-year').fill(String(next));
    await page.getByTestId('calendar-basis').fill(`ҚР Үкіметінің ${next} жылғы демалыс күндерін ауыстыру туралы қаулысы`);
    await page.getByTestId('calendar-days-off-input').fill(`${label(day)} Ауыстырылған демалыс`);
    await page.getByTestId('calendar-working-input').fill(`${label(saturday)} Жұмыс сенбісі`);
    await page.getByTestId('calendar-year-load').click();
    await page.getByTestId('calendar-days-off').getByText(label(day)).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-calendar-year-kk.png'), fullPage: true });
  });
  const calendar = await sys.http.get('/api/calendar').query({ year: next }).set(auth('admin')).expect(200);
  expect(calendar.body).toMatchObject({ loaded: true, loadedBy: 'admin' });
  expect(calendar.body.daysOff).toContain(day.toISOString().slice(0, 10));
  expect(calendar.body.workingWeekends).toContain(saturday.toISOString().slice(0, 10));
  await page.close();
  expect(pageErrors).toEqual([]);
});

it('the auditor reads the card as it was at an instant: status, registration, who acted on whose behalf, and whether the snapshot verifies', async () => {
  for (const who of ['finance-head', 'accountant', 'auditor']) tokens[who] ??= await sys.tokenFor(who);
  // The finance director is away; the chief accountant writes the resolution in their stead.
  await fetchOk(
    sys.http
      .post('/api/substitutions')
      .set(auth('finance-head'))
      .send({ absentId: 'finance-head', substituteId: 'accountant', from: new Date(Date.now() - 1000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }),
    201,
  );
  const created = await fetchOk(
    sys.http
      .post('/api/documents')
      .set(auth('registrar'))
      .send({ type: 'incoming-paper', title: 'Қаржылық есеп туралы сұрау', correspondent: '«Гамма» ЖШС', participants: { executor: 'finance-head' }, fields: { senderNumber: '7-1/12', senderDate: '2026-11-20' } }),
    201,
  );
  const id = created.body.id as string;
  await fetchOk(sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('registrar')).send({}), 200);
  const registered = await fetchOk(sys.http.post(`/api/documents/${id}/actions/register`).set(auth('registrar')).send({}), 200);
  const number = registered.body.registration.number as string;
  const snapshots = () => sys.models.DocumentSnapshot.countDocuments({ documentId: id });
  await eventually(async () => expect(await snapshots()).toBeGreaterThanOrEqual(3));
  const beforeResolution = await snapshots();
  // T: a second after the registration's snapshot, a second before the resolution (the screen takes seconds).
  await new Promise((r) => setTimeout(r, 1100));
  const t = new Date();
  await new Promise((r) => setTimeout(r, 1100));
  await fetchOk(
    sys.http.post(`/api/documents/${id}/actions/write-resolution`).set(auth('accountant')).send({ onBehalfOf: 'finance-head', text: 'Жауап дайындаңыз', responsibleExecutorId: 'accountant' }),
    200,
  );
  await eventually(async () => expect(await snapshots()).toBeGreaterThan(beforeResolution));
  const astana = (d: Date, parts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', ...parts }).formatToParts(d);
  const part = (d: Date, type: string) => astana(d, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).find((p) => p.type === type)!.value;
  const day = `${part(t, 'day')}.${part(t, 'month')}.${part(t, 'year')}`;
  const time = `${part(t, 'hour')}:${part(t, 'minute')}:${part(t, 'second')}`;

  const page = await signIn('auditor', 'ru');
  const card = page.getByTestId('snapshot-card');
  await step(page, 'snapshot-at-t', async () => {
    await page.goto(`${baseUrl}/documents/${id}`);
    await page.getByTestId('replay-day').fill(day);
    await page.getByTestId('replay-time').fill(time);
    await page.getByTestId('snapshot-run').click();
    await card.waitFor();
    await card.getByTestId('snapshot-title').getByText('Қаржылық есеп туралы сұрау').waitFor();
    await card.getByTestId('snapshot-registration').getByText(`№ ${number} от ${day}`).waitFor();
    await card.getByText('Ким Елена Викторовна', { exact: false }).first().waitFor();
    // At T the resolution was still the director's to write: open, nobody had acted.
    await card.locator('[data-testid=snapshot-task][data-state=open]').getByText('Төлеубаев Асхат Нұрланұлы', { exact: false }).waitFor();
    await expect(card.getByTestId('snapshot-on-behalf').count()).resolves.toBe(0);
    await card.getByText('Снимок не изменён', { exact: false }).waitFor();
    await expect(card.getAttribute('data-verified')).resolves.toBe('true');
  });

  await step(page, 'snapshot-now', async () => {
    // No instant picked: the card as it is now, with the accountant's resolution on the director's behalf.
    await page.getByTestId('replay-day').fill('');
    await page.getByTestId('replay-time').fill('');
    await page.getByTestId('snapshot-run').click();
    await card.getByTestId('snapshot-on-behalf').getByText('Төлеубаев', { exact: false }).waitFor();
    await card.getByTestId('snapshot-acted').getByText('Мұхамеджанова', { exact: false }).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'office-card-at-instant-ru.png'), fullPage: true });
    expect(findingsIn([await card.innerText()])).toEqual([]);
    // The same card in Kazakh: the words change, the names stay, and still no codes.
    await page.getByTestId('lang-kk').click();
    await card.getByText('Тапсырмалар').waitFor();
    await card.getByTestId('snapshot-on-behalf').getByText('орнына', { exact: false }).waitFor();
    expect(findingsIn([await card.innerText()])).toEqual([]);
    await page.getByTestId('lang-ru').click();
    await card.getByText('Задачи').waitFor();
  });

  // A snapshot edited in the database no longer verifies, and the screen says so.
  const latest = await sys.models.DocumentSnapshot.findOne({ documentId: id }).sort({ seq: -1 }).lean();
  await sys.models.DocumentSnapshot.collection.updateOne({ _id: latest!._id } as never, { $set: { 'state.status': 'executed' } });
  await step(page, 'snapshot-tampered', async () => {
    await page.getByTestId('snapshot-run').click();
    await card.getByText('Снимок не совпадает', { exact: false }).waitFor();
    await expect(card.getAttribute('data-verified')).resolves.toBe('false');
  });
  const text = (await card.innerText()).replace(/\s+/g, ' ');
  expect(text).not.toMatch(/finance-head|accountant|incoming|[0-9a-f]{8}-[0-9a-f]{4}/);
  await page.close();
  expect(pageErrors).toEqual([]);
});

/** A supertest call that must answer `status`, with the problem in the failure message when it does not. */
async function fetchOk(call: PromiseLike<{ status: number; body: Record<string, unknown> & { registration?: { number: string } } }>, status: number) {
  const res = await call;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res as { status: number; body: Record<string, unknown> & { registration: { number: string } } & { id: string } };
}
