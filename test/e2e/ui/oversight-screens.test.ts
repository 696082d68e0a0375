/**
 * The screens of information requests' books and of oversight in headless Chromium, each in the language a clerk
 * reads: an administrator edits a reference row (a new version with its valid-from day and reason, the history
 * naming who changed what) and meets a concurrent edit in words; imports the case register from a file with a
 * wrong line (the line and what is wrong, in words) and then a good one; an auditor registers a prosecutor's check
 * without the resolution (refused, in words) and with it (a signed export to download); an administrator opens an
 * incident and closes it after more than an hour (it is then also in the emergency journal), announces maintenance
 * and sees the banner, then cancels it; an auditor finds a colleague's search in the read log. An administrator gives
 * a colleague a catalogue role by name and takes it away, enters a data source's answers (found with fields, not
 * found) and names the organisation that provides a service from the exchange address book.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { signedInTab } from '../../support/signed-in-tab';
import request from 'supertest';
import { createApp } from '../../../api/app';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { createTestCa, issueEndEntity } from '../../../client/dev-ca';
import { createAuditChain } from '../../../domain/audit/audit-chain';
import { astanaIso } from '../../../domain/calendar/astana-zone';
import { orgSignerFromPem } from '../../../domain/exchange/exchange-crypto';
import { findingsIn } from '../../support/screen-text';
import { startTestSystem, type TestSystem } from '../../support/system';
import { withDigit } from '../../support/two-orgs';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Cyrillic names, as the directory shows them and the pickers offer them. */
const PEOPLE: Array<[string, string, string[]]> = [
  ['admin', 'Әкімов Асқар Болатұлы', ['employee', 'administrator']],
  ['auditor', 'Аудитова Гүлнар Серікқызы', ['employee', 'auditor']],
  ['inv', 'Тергеуов Ерлан Маратұлы', ['employee']],
  ['inv2', 'Сұраубаева Дина Асанқызы', ['employee']],
  ['duty', 'Кезекшіев Нұрлан Бекұлы', ['employee']],
  ['former', 'Бұрынғы Серік Ахметұлы', ['employee']],
];

const ca = createTestCa({ keyType: 'ec' });
let sys: TestSystem;
let http: request.Agent;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let tmpDir: string;
const tokens: Record<string, string> = {};
const pageErrors: string[] = [];
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set QUJAT_CHROMIUM).`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`node scripts/build-web.mjs`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-oversight-ui-'));
  sys = await startTestSystem({ withWorker: false });
  // The organisation key signs the prosecutor's export.
  const orgKey = issueEndEntity(ca, { fullName: 'Оператор Мөр', iin: withDigit('70010100001'), bin: withDigit('12034000567'), organisation: 'Operator' }, { purpose: 'sign' });
  const { app } = createApp({
    config: { temporal: { taskQueue: sys.taskQueue, namespace: 'default', port: 0, uiPort: 0 } },
    db: sys.db, models: sys.models, temporal: sys.temporal, audit: createAuditChain(sys.models.AuditEvent), logger: pino({ level: 'silent' }),
    informationRequests: { signer: orgSignerFromPem(orgKey.keyPem, orgKey.certPem, [ca.intermediate.certPem]) },
  });
  http = request(app) as unknown as request.Agent;
  await sys.models.Unit.create([{ _id: 'operator', name: { kk: 'Оператор', ru: 'Оператор' } }]);
  for (const [id, fullName, roles] of PEOPLE) {
    await sys.addPeople([{ id, unitId: 'operator', roles: roles as never }]);
    await sys.models.Employee.updateOne({ _id: id }, { $set: { fullName } });
    tokens[id] = await sys.tokenFor(id);
  }
  // Blocked (say, after a violation): still someone a prosecutor's check is about.
  await sys.models.Employee.updateOne({ _id: 'former' }, { $set: { status: 'blocked' } });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, acceptDownloads: true, viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Almaty',
  });
  context.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

async function tabOf(who: string, route: string, lang: 'kk' | 'ru'): Promise<Page> {
  return signedInTab(context, { url: `${baseUrl}${route}`, token: tokens[who], lang, onPageError: (m) => pageErrors.push(`${who}: ${m}`) });
}

async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `failed-oversight-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

/** An instant as a clerk types it on a form: the Astana day dd.mm.yyyy and the 24-hour time. */
function typed(at: Date): { day: string; time: string } {
  const iso = astanaIso(at);
  return { day: `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`, time: iso.slice(11, 16) };
}

/** No Latin words (beyond format names), ids or ISO dates in what the screen says: the translation walk's rule. */
async function speaksClerk(page: Page, testId: string): Promise<string> {
  const text = await page.getByTestId(testId).innerText();
  expect(findingsIn([text])).toEqual([]);
  return text;
}

it('an administrator writes a new version of a reference row, sees its history, and a concurrent edit is said in words', async () => {
  const page = await tabOf('admin', '/requests/reference', 'ru');
  const row = page.getByTestId('ref-row-27');
  await step(page, 'reference-open', async () => {
    await page.getByTestId('ref-tab-services').click();
    await page.getByTestId('ref-filter').fill('27');
    await row.waitFor();
    // The digest's reading of the damaged annex is marked, in words.
    await row.getByTestId('ref-ambiguous').filter({ hasText: 'Прочтение неоднозначно' }).waitFor();
    expect(await row.innerText()).toContain('Только для: Министерство внутренних дел');
  });
  await step(page, 'reference-edit', async () => {
    await row.getByTestId('ref-edit').click();
    const form = page.getByTestId('ref-edit-form');
    await form.getByTestId('ref-grounds-civil-case-court').uncheck();
    await form.getByTestId('ref-title').fill('Фото из системы документирования населения');
    await form.getByTestId('ref-valid-from').fill('01.01.2027');
    await form.getByTestId('ref-reason').fill('Сверено с текстом приказа на Әділет');
    await form.getByTestId('ref-save').click();
    await page.getByTestId('ref-version-2').waitFor();
  });
  const history = await speaksClerk(page, 'ref-history');
  expect(history).toContain('Исходные данные из приказа');
  expect(history).toMatch(/Әкімов А\. Б\./);
  expect(history).toContain('01.01.2027');
  expect(history).toMatch(/название, основания/);
  expect(history).toContain('Сверено с текстом приказа на Әділет');
  const stored = (await http.get('/api/information-requests/reference/services').set(as('inv')).expect(200)).body.find((r: { key: string }) => r.key === '27');
  expect(stored.versions[1]).toMatchObject({ version: 2, changedBy: 'admin', reason: 'Сверено с текстом приказа на Әділет', data: { title: 'Фото из системы документирования населения' } });
  expect(stored.versions[1].data.grounds).not.toContain('civil-case-court');
  expect(astanaIso(new Date(stored.versions[1].validFrom))).toBe('2027-01-01T00:00:00+05:00');

  // Another administrator saves meanwhile: this one's save is refused, in words, and the row is read again.
  await step(page, 'reference-conflict', async () => {
    await row.getByTestId('ref-edit').click();
    const form = page.getByTestId('ref-edit-form');
    await http.put('/api/information-requests/reference/services/27').set(as('admin'))
      .send({ data: stored.versions[1].data, validFrom: '2027-02-01T00:00:00+05:00', reason: 'Параллельная правка', expectedVersion: 2 }).expect(201);
    await form.getByTestId('ref-valid-from').fill('01.03.2027');
    await form.getByTestId('ref-reason').fill('Ещё одна правка');
    await form.getByTestId('ref-save').click();
    await form.getByTestId('problem').filter({ hasText: 'Новую версию этой строки уже сохранил кто-то другой' }).waitFor();
    // Saved again, it builds on the other administrator's version.
    await form.getByTestId('ref-save').click();
    await page.getByTestId('ref-version-4').waitFor();
  });
  await page.screenshot({ path: path.join(SHOTS, 'oversight-reference-ru.png'), fullPage: true });
  await page.close();
});

it('an administrator gives a colleague a catalogue role by name, changes and removes it; the screen names roles and people in words', async () => {
  await http.delete('/api/information-requests/requesters/inv2').set(as('admin')); // from an earlier run of this test: 204 or 404
  const page = await tabOf('admin', '/requests/requesters', 'kk');
  const row = page.getByTestId('requester-row-inv2');
  await step(page, 'requester-assign', async () => {
    await page.getByTestId('requester-person').selectOption({ label: 'Сұраубаева Дина Асанқызы' });
    await page.getByTestId('requester-role').selectOption({ label: 'ІІМ тергеушісі' });
    await page.getByTestId('requester-save').click();
    await row.filter({ hasText: 'ІІМ тергеушісі' }).waitFor();
  });
  expect(await speaksClerk(page, 'requesters-list')).toContain('Сұраубаева Дина Асанқызы');
  const stored = async () => (await http.get('/api/information-requests/requesters').set(as('admin')).expect(200)).body.find((r: { employeeId: string }) => r.employeeId === 'inv2');
  expect(await stored()).toMatchObject({ roleKey: 'investigator-mvd', changedBy: 'admin' });
  await step(page, 'requester-change', async () => {
    await row.getByTestId('requester-change').click();
    expect(await page.getByTestId('requester-role').inputValue()).toBe('investigator-mvd');
    await page.getByTestId('requester-role').selectOption({ label: 'Сот орындаушысы' });
    await page.getByTestId('requester-save').click();
    await row.filter({ hasText: 'Сот орындаушысы' }).waitFor();
  });
  expect(await stored()).toMatchObject({ roleKey: 'bailiff' });
  await page.screenshot({ path: path.join(SHOTS, 'oversight-requesters-kk.png'), fullPage: true });
  await step(page, 'requester-remove', async () => {
    await row.getByTestId('requester-remove').click();
    await row.waitFor({ state: 'detached' });
  });
  expect(await stored()).toBeUndefined();
  await page.close();
});

it('an administrator enters what the data source of a service answers: found with its fields, and "not found"; an entry is edited on the screen', async () => {
  const found = withDigit('88010130012');
  const missing = withDigit('77030350078');
  const page = await tabOf('admin', '/requests/data-sources', 'ru');
  await step(page, 'ds-found', async () => {
    await page.getByTestId('ds-service').selectOption({ label: 'Сервис № 11' });
    await page.getByTestId('ds-new').click();
    const form = page.getByTestId('ds-form');
    await form.getByTestId('ds-subject').fill(found);
    await form.getByTestId('ds-pair-0').getByTestId('ds-pair-name').fill('Работодатель');
    await form.getByTestId('ds-pair-0').getByTestId('ds-pair-value').fill('ТОО Бірлік');
    await form.getByTestId('ds-pair-add').click();
    await form.getByTestId('ds-pair-1').getByTestId('ds-pair-name').fill('Месяц');
    await form.getByTestId('ds-pair-1').getByTestId('ds-pair-value').fill('10.2026');
    await form.getByTestId('ds-save').click();
    await page.getByTestId(`ds-entry-${found}`).filter({ hasText: 'Работодатель: ТОО Бірлік' }).waitFor();
  });
  await step(page, 'ds-not-found', async () => {
    await page.getByTestId('ds-new').click();
    const form = page.getByTestId('ds-form');
    await form.getByTestId('ds-subject').fill(missing);
    await form.getByTestId('ds-found').selectOption({ label: 'Сведения не найдены' });
    await form.getByTestId('ds-save').click();
    await page.getByTestId(`ds-entry-${missing}`).filter({ hasText: 'Сведения не найдены' }).waitFor();
  });
  const text = await speaksClerk(page, 'ds-entries');
  expect(text).toContain('Месяц: 10.2026');
  const entries = (await http.get('/api/information-requests/data-sources/11').set(as('admin')).expect(200)).body;
  expect(entries).toEqual(expect.arrayContaining([
    expect.objectContaining({ subject: found, found: true, result: { Работодатель: 'ТОО Бірлік', Месяц: '10.2026' }, changedBy: 'admin' }),
    expect.objectContaining({ subject: missing, found: false, result: {} }),
  ]));
  // Edited on the screen, the entry keeps its subject and changes its fields.
  await step(page, 'ds-edit', async () => {
    await page.getByTestId(`ds-entry-${found}`).getByTestId('ds-edit').click();
    const form = page.getByTestId('ds-form');
    expect(await form.getByTestId('ds-subject').inputValue()).toBe(found);
    await form.getByTestId('ds-pair-1').getByTestId('ds-pair-value').fill('11.2026');
    await form.getByTestId('ds-save').click();
    await page.getByTestId(`ds-entry-${found}`).filter({ hasText: 'Месяц: 11.2026' }).waitFor();
  });
  await page.screenshot({ path: path.join(SHOTS, 'oversight-data-sources-ru.png'), fullPage: true });
  await page.close();
});

it('an administrator names the organisation that provides a service from the address book, by its name, never by its BIN', async () => {
  const bin = withDigit('99034000123');
  await sys.models.Correspondent.deleteOne({ _id: bin });
  await sys.models.Correspondent.create({ _id: bin, name: { kk: 'Зейнетақы қоры АҚ', ru: 'АО Пенсионный фонд' }, endpointUrl: 'http://127.0.0.1:9' });
  const page = await tabOf('admin', '/requests/reference', 'ru');
  const row = page.getByTestId('ref-row-12');
  await step(page, 'provider-org', async () => {
    await page.getByTestId('ref-tab-services').click();
    await page.getByTestId('ref-filter').fill('12');
    await row.getByTestId('ref-edit').click();
    const form = page.getByTestId('ref-edit-form');
    expect(await form.getByTestId('ref-provider-org').innerText()).not.toContain(bin);
    await form.getByTestId('ref-provider-org').selectOption({ label: 'АО Пенсионный фонд' });
    await form.getByTestId('ref-valid-from').fill('01.01.2026');
    await form.getByTestId('ref-reason').fill('Сервис предоставляет Пенсионный фонд');
    await form.getByTestId('ref-save').click();
    await page.getByTestId('ref-history').filter({ hasText: 'предоставляющая организация' }).waitFor();
  });
  const note = await row.getByTestId('ref-provider-org-note').innerText();
  expect(note).toBe('Предоставляет организация: АО Пенсионный фонд');
  expect(await row.innerText()).not.toContain(bin);
  await speaksClerk(page, 'ref-row-12');
  const stored = (await http.get('/api/information-requests/reference/services').set(as('admin')).expect(200)).body.find((r: { key: string }) => r.key === '12');
  expect(stored.versions[stored.versions.length - 1]).toMatchObject({ changedBy: 'admin', data: { providerBin: bin } });
  await page.screenshot({ path: path.join(SHOTS, 'oversight-provider-org-ru.png'), fullPage: true });
  await page.close();
});

it('imports the case register from a file: a wrong line is named in words and nothing is imported; the good file is, and a case is edited', async () => {
  const page = await tabOf('admin', '/requests/cases', 'kk');
  const header = 'register,number,court,year,assignedTo,articles';
  await step(page, 'cases-bad-file', async () => {
    await page.getByTestId('case-import-file').setInputFiles({ name: 'істер.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nerdr,261100031000777,,,inv,245-1\nкеңсе,261100031000778,,,inv,\n`) });
    await page.getByTestId('case-import-submit').click();
    await page.getByTestId('case-import-refused').waitFor();
  });
  expect(await speaksClerk(page, 'case-import-refused')).toContain('3-жол: мұндай тізілім жоқ');
  expect((await http.get('/api/information-requests/cases').set(as('admin')).expect(200)).body.some((c: { number: string }) => c.number === '261100031000777')).toBe(false);

  await step(page, 'cases-good-file', async () => {
    await page.getByTestId('case-import-file').setInputFiles({
      name: 'істер.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nerdr,261100031000777,,,inv,245-1\ncourt,2-77/2026,Астана қалалық соты,2026,inv;inv2,\n`),
    });
    await page.getByTestId('case-import-submit').click();
    await page.getByTestId('case-import-done').filter({ hasText: 'Жүктелді: 2 іс' }).waitFor();
    await page.locator('[data-testid=case-row][data-number="2-77/2026"]').waitFor();
  });
  const criminal = page.locator('[data-testid=case-row][data-number="261100031000777"]');
  expect(await criminal.innerText()).toMatch(/Сотқа дейінгі тергеп-тексерулердің бірыңғай тізілімі[\s\S]*№ 261100031000777[\s\S]*Тергеуов Е\. М\.[\s\S]*245-бап 1-бөлік/);
  expect(await page.locator('[data-testid=case-row][data-number="2-77/2026"]').innerText()).toMatch(/Астана қалалық соты[\s\S]*2026[\s\S]*Тергеуов Е\. М\., Сұраубаева Д\. А\./);

  await step(page, 'cases-edit', async () => {
    await criminal.getByTestId('case-edit').click();
    const form = page.getByTestId('case-form');
    await form.getByTestId('case-assigned-add').selectOption({ label: 'Сұраубаева Дина Асанқызы' });
    await form.getByTestId('case-articles').fill('245-1; 218');
    await form.getByTestId('case-save').click();
    await criminal.filter({ hasText: 'Сұраубаева Д. А.' }).waitFor();
  });
  expect(await criminal.innerText()).toContain('218-бап');
  // The search narrows by an employee's name.
  await page.getByTestId('cases-search').fill('Сұраубаева');
  await expect(page.getByTestId('case-row').count()).resolves.toBe(2);
  await page.getByTestId('cases-search').fill('Астана');
  await expect(page.getByTestId('case-row').count()).resolves.toBe(1);
  await speaksClerk(page, 'cases-list');
  await page.screenshot({ path: path.join(SHOTS, 'oversight-cases-kk.png'), fullPage: true });
  // The investigator sees the case as theirs, not the register.
  const mine = (await http.get('/api/information-requests/cases').set(as('inv2')).expect(200)).body as Array<{ number: string }>;
  expect(mine.map((c) => c.number).sort()).toEqual(['2-77/2026', '261100031000777']);
  await page.close();
});

it('an auditor registers a prosecutor\'s check about a blocked user: refused without the resolution, answered with a signed export with it', async () => {
  const page = await tabOf('auditor', '/requests/prosecutor-checks', 'ru');
  const fill = async () => {
    await page.getByTestId('pcheck-user').selectOption({ label: 'Бұрынғы Серік Ахметұлы' });
    await page.getByTestId('pcheck-from').fill('01.01.2026');
    await page.getByTestId('pcheck-to').fill('31.12.2026');
    await page.getByTestId('pcheck-prosecutor').fill('Прокурор района Есиль г. Астаны');
  };
  await step(page, 'pcheck-without', async () => {
    await fill();
    await page.getByTestId('pcheck-submit').click();
    await page.getByTestId('pcheck-refused').waitFor();
  });
  expect(await speaksClerk(page, 'pcheck-refused')).toContain('принимается только с копией постановления о проверке');
  const refusals = (await http.get('/api/information-requests/log').query({ kind: 'refusal', subject: 'former' }).set(as('auditor')).expect(200)).body;
  expect(refusals).toEqual(expect.arrayContaining([expect.objectContaining({ refusalCode: 'resolution-required', actorId: 'auditor' })]));

  await step(page, 'pcheck-with', async () => {
    await page.getByTestId('pcheck-resolution-number').fill('2-17/45');
    await page.getByTestId('pcheck-resolution-date').fill('30.11.2026');
    await page.getByTestId('pcheck-resolution-file').setInputFiles({ name: 'постановление.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 копия постановления') });
    await page.getByTestId('pcheck-submit').click();
    await page.getByTestId('pcheck-done').waitFor();
  });
  const row = page.getByTestId('pcheck-row').filter({ hasText: '№ 2-17/45 от 30.11.2026' });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/Бұрынғы С\. А\.[\s\S]*01\.01\.2026 – 31\.12\.2026[\s\S]*Прокурор района Есиль г\. Астаны[\s\S]*Аудитова Г\. С\./);
  await speaksClerk(page, 'pcheck-list');
  const [exported] = await Promise.all([page.waitForEvent('download'), row.getByTestId('pcheck-export').click()]);
  const exportText = fs.readFileSync((await exported.path()) as string, 'utf8');
  expect(JSON.parse(exportText)).toMatchObject({ kind: 'qujat-prosecutor-check-export', employeeId: 'former', resolution: { number: '2-17/45', date: '2026-11-30' } });
  const [copy] = await Promise.all([page.waitForEvent('download'), row.getByTestId('pcheck-resolution').click()]);
  expect(copy.suggestedFilename()).toBe('постановление.pdf');
  expect(fs.readFileSync((await copy.path()) as string, 'utf8')).toBe('%PDF-1.4 копия постановления');
  await page.screenshot({ path: path.join(SHOTS, 'oversight-prosecutor-check-ru.png'), fullPage: true });
  await page.close();
});

it('an administrator opens an incident and closes it after more than an hour: it is then also in the emergency journal', async () => {
  const cause = `Авария на подстанции ${Date.now()}`;
  const start = typed(new Date(Date.now() - 95 * 60_000));
  const end = typed(new Date());
  const page = await tabOf('admin', '/oversight/incidents', 'kk');
  await step(page, 'incident-open', async () => {
    await page.getByTestId('incident-section').selectOption({ label: '5. Электр қуаты көзінің істен шығуы' });
    await page.getByTestId('incident-cause').fill(cause);
    await page.getByTestId('incident-actions').fill('Резервтік генераторға ауыстыру');
    await page.getByTestId('incident-required').fill('30');
    await page.getByTestId('incident-responsible').selectOption({ label: 'Кезекшіев Нұрлан Бекұлы' });
    await page.getByTestId('incident-start-day').fill(start.day);
    await page.getByTestId('incident-start-time').fill(start.time);
    await page.getByTestId('incident-submit').click();
  });
  const row = page.getByTestId('incident-row').filter({ hasText: cause });
  await step(page, 'incident-opened', async () => {
    await row.filter({ hasText: 'Жалғасып жатыр' }).waitFor();
  });
  expect(await row.innerText()).toMatch(new RegExp(`Резервтік генераторға ауыстыру[\\s\\S]*30 мин[\\s\\S]*Кезекшіев Нұрлан Бекұлы[\\s\\S]*${start.day.replace(/\./g, '\\.')} ${start.time}`));
  expect(await row.getByTestId('incident-emergency').count()).toBe(0);

  await step(page, 'incident-close', async () => {
    await row.getByTestId('incident-close').click();
    await row.getByTestId('incident-close-day').fill(end.day);
    await row.getByTestId('incident-close-time').fill(end.time);
    await row.getByTestId('incident-close-submit').click();
    await row.getByTestId('incident-emergency').waitFor();
  });
  expect(await row.innerText()).toMatch(/Жабылды, 9\d мин созылды[\s\S]*авариялық жағдайлар журналында/);
  await speaksClerk(page, 'incident-journal');
  await page.getByTestId('incident-tab-emergency').click();
  await page.getByTestId('incident-row').filter({ hasText: cause }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'oversight-incidents-kk.png'), fullPage: true });
  const emergency = (await http.get('/api/oversight/incidents').query({ journal: 'emergency' }).set(as('auditor')).expect(200)).body as Array<{ cause: string; inEmergencyJournal: boolean; section: string }>;
  expect(emergency.find((i) => i.cause === cause)).toMatchObject({ inEmergencyJournal: true, section: 'power' });
  await page.close();
});

it('an administrator announces maintenance on the form, everyone sees the banner, and a cancelled window leaves it', async () => {
  const text = { kk: `Дерекқорды көшіру ${Date.now()}`, ru: `Перенос базы данных ${Date.now()}` };
  const startsAt = new Date(Date.now() + 26 * 3_600_000);
  const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
  const [from, to] = [typed(startsAt), typed(endsAt)];
  const page = await tabOf('admin', '/oversight/maintenance', 'ru');
  await step(page, 'maintenance-announce', async () => {
    await page.getByTestId('maintenance-start-day').fill(from.day);
    await page.getByTestId('maintenance-start-time').fill(from.time);
    await page.getByTestId('maintenance-end-day').fill(to.day);
    await page.getByTestId('maintenance-end-time').fill(to.time);
    await page.getByTestId('maintenance-text-kk').fill(text.kk);
    await page.getByTestId('maintenance-text-ru').fill(text.ru);
    await page.getByTestId('maintenance-submit').click();
  });
  const row = page.getByTestId('maintenance-row').filter({ hasText: text.ru });
  await step(page, 'maintenance-listed', () => row.filter({ hasText: 'Объявлены' }).waitFor());
  expect(await row.innerText()).toContain(`${from.day} ${from.time}`);
  await speaksClerk(page, 'maintenance-list');

  // Another user, on another screen, sees the banner in their language.
  const reader = await tabOf('inv', '/requests/cases', 'kk');
  await step(reader, 'maintenance-banner', () => reader.getByTestId('maintenance-banner').filter({ hasText: text.kk }).waitFor());
  expect(await reader.getByTestId('maintenance-banner').innerText()).toContain(`${from.day} ${from.time} – ${to.day} ${to.time}`);
  await reader.screenshot({ path: path.join(SHOTS, 'oversight-maintenance-banner-kk.png') });

  await step(page, 'maintenance-cancel', async () => {
    await row.getByTestId('maintenance-cancel').click();
    await row.filter({ hasText: 'Отменены' }).waitFor();
  });
  await reader.reload();
  await reader.getByTestId('cases-page').waitFor();
  await reader.waitForTimeout(500);
  expect(await reader.getByTestId('maintenance-banner').filter({ hasText: text.kk }).count()).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, 'oversight-maintenance-ru.png'), fullPage: true });
  await reader.close();
  await page.close();
});

it('an auditor finds who searched for what in the read log, by the reader\'s name and the kind of read', async () => {
  const words = `шарт${Date.now() % 100_000}`;
  await http.get('/api/search').query({ q: words }).set(as('inv2')).expect(200);
  const page = await tabOf('auditor', '/oversight/read-log', 'kk');
  await step(page, 'read-log-search', async () => {
    await page.getByTestId('read-log-reader').selectOption({ label: 'Сұраубаева Дина Асанқызы' });
    await page.getByTestId('read-log-kind').selectOption({ label: 'Іздеді' });
    const today = typed(new Date()).day;
    await page.getByTestId('read-log-from').fill(today);
    await page.getByTestId('read-log-to').fill(today);
    await page.getByTestId('read-log-search').click();
    await page.getByTestId('read-log-row').filter({ hasText: `«${words}»` }).waitFor();
  });
  const text = await speaksClerk(page, 'read-log-entries');
  expect(text).toMatch(/Сұраубаева Дина Асанқызы[\s\S]*Іздеді[\s\S]*Көрсетілді/);
  expect(await page.getByTestId('read-log-row').filter({ hasNot: page.getByText('Сұраубаева Дина Асанқызы') }).count()).toBe(0);
  await page.close();
});
