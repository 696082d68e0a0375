/**
 * Information requests in headless Chromium: an investigator makes a request on their own case and signs it
 * through NCALayer (the test double), a responder of the providing unit answers it on their screen with their
 * own EDS, and the auditor sees the request and the answer in the log journal, whose chain verifies. The unit
 * head then marks the request as a violation in the monthly review, and the investigator's account is blocked.
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
import { createSigningEngineEds } from '../../../api/auth/signing-engine-eds';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { createCrl, createTestCa, issueEndEntity } from '../../../client/dev-ca';
import { makeIin } from '../../../db/seed/iin';
import { createAuditChain } from '../../../domain/audit/audit-chain';
import { astanaIso } from '../../../domain/calendar/astana-time';
import { orgSignerFromPem } from '../../../domain/exchange/exchange-crypto';
import { sharedLogJournal } from '../../../domain/information-requests/log-journal';
import { createCrlRevocationSource, createVerificationContext } from '../../../signing';
import { NCALAYER_PORT, startNcaLayerDouble, type LayerKey, type NcaLayerDouble } from '../../support/ncalayer-double';
import { eventually, startTestSystem, type TestSystem } from '../../support/system';
import { withDigit } from '../../support/two-orgs';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'];
const SUBJECT = '880101300123';

const ca = createTestCa({ keyType: 'ec' });
const trust = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
let sys: TestSystem;
let http: request.Agent;
let server: Server;
let baseUrl: string;
let layer: NcaLayerDouble;
let context: BrowserContext;
let tmpDir: string;
const tokens: Record<string, string> = {};
const keys: Record<string, LayerKey> = {};
const pageErrors: string[] = [];
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set QUJAT_CHROMIUM).`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`npm run build:web`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ireq-ui-'));
  sys = await startTestSystem({ withWorker: false });
  const orgKey = issueEndEntity(ca, { fullName: 'Оператор Мөр', iin: withDigit('70010100001'), bin: withDigit('12034000567'), organisation: 'Operator' }, { purpose: 'sign' });
  const { app } = createApp({
    config: { temporal: { taskQueue: sys.taskQueue, namespace: 'default', port: 0, uiPort: 0 } },
    db: sys.db, models: sys.models, temporal: sys.temporal, audit: createAuditChain(sys.models.AuditEvent), logger: pino({ level: 'silent' }),
    eds: createSigningEngineEds(trust),
    informationRequests: { signer: orgSignerFromPem(orgKey.keyPem, orgKey.certPem, [ca.intermediate.certPem]) },
  });
  http = request(app) as unknown as request.Agent;
  await sys.models.Unit.create([
    { _id: 'investigations', name: { kk: 'Тергеу басқармасы', ru: 'Следственное управление' }, headEmployeeId: 'chief' },
    { _id: 'pension-fund', name: { kk: 'Зейнетақы қоры', ru: 'Пенсионный фонд' } },
    { _id: 'registry', name: { kk: 'Тізілім бөлімі', ru: 'Отдел реестра' } },
  ]);
  const people: Array<[string, string, string[]]> = [['inv', 'investigations', ['employee']], ['responder', 'pension-fund', ['employee']], ['inv2', 'investigations', ['employee']], ['clerk', 'registry', ['employee']], ['admin', 'investigations', ['employee', 'administrator']], ['auditor', 'investigations', ['employee', 'auditor']], ['chief', 'investigations', ['employee']]];
  let serial = 1;
  for (const [id, unitId, roles] of people) {
    const iin = makeIin('1984-04-04', 'female', serial++ * 10);
    await sys.addPeople([{ id, unitId, roles: roles as never, iin }]);
    const credential = issueEndEntity(ca, { fullName: `Қызметкер ${id}`, iin }, { purpose: 'sign' });
    keys[id] = { keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [ca.intermediate.certPem] };
    tokens[id] = await sys.tokenFor(id);
  }
  await http.put('/api/information-requests/requesters/inv').set(as('admin')).send({ roleKey: 'investigator-mvd' }).expect(200);
  await http.put('/api/information-requests/cases').set(as('admin')).send({ register: 'erdr', number: '261100031000123', assignedTo: ['inv'] }).expect(200);
  const row = (await http.get('/api/information-requests/reference/services').set(as('admin')).expect(200)).body.find((r: { key: string }) => r.key === '26');
  await http.put('/api/information-requests/reference/services/26').set(as('admin'))
    .send({ data: { ...row.current.data, providerUnitId: 'pension-fund' }, validFrom: '2020-01-01T00:00:00+05:00', reason: 'answered by the fund\'s responders', expectedVersion: row.versions.length }).expect(201);

  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  layer = await startNcaLayerDouble({ dir: tmpDir, user: { keys: { sign: keys.inv } } });
  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 }, locale: 'kk-KZ', timezoneId: 'Asia/Almaty',
  });
  context.setDefaultTimeout(60_000);
  if (layer.port !== NCALAYER_PORT) await context.addInitScript(`window.__QUJAT_NCALAYER_URL__ = ${JSON.stringify(layer.url)};`);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await layer?.stop().catch(() => undefined);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

async function tabOf(who: string, route: string, lang: 'kk' | 'ru'): Promise<Page> {
  return signedInTab(context, { url: `${baseUrl}${route}`, token: tokens[who], lang, onPageError: (m) => pageErrors.push(`${who}: ${m}`) });
}

async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `failed-information-requests-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

it('a request made and signed in the browser is answered on the providing side and seen in the log journal', async () => {
  const investigator = await tabOf('inv', '/requests', 'kk');
  await step(investigator, 'refused', async () => {
    await investigator.getByTestId('ireq-basis').selectOption('criminal-case');
    await investigator.getByTestId('ireq-id-caseNumber').fill('261100031000999');
    await investigator.getByTestId('ireq-service').fill('26');
    await investigator.getByTestId('ireq-subject').fill(SUBJECT);
    await investigator.getByTestId('ireq-send').click();
    // The refusal in the user's language, from its code.
    await investigator.getByTestId('ireq-note').filter({ hasText: 'Іс тізілімде табылмады.' }).waitFor();
  });
  const number = await step(investigator, 'request', async () => {
    await investigator.getByTestId('ireq-basis').selectOption('criminal-case');
    await investigator.getByTestId('ireq-id-caseNumber').fill('261100031000123');
    await investigator.getByTestId('ireq-service').fill('26');
    await investigator.getByTestId('ireq-subject').fill(SUBJECT);
    await investigator.getByTestId('ireq-send').click();
    await investigator.getByTestId('ireq-sent').waitFor();
    await expect(investigator.getByTestId('ireq-sent').textContent()).resolves.toMatch(/Сұрау № \d+\/\d{4} жіберілді/);
    const mine = (await http.get('/api/information-requests').query({ box: 'mine' }).set(as('inv')).expect(200)).body as Array<{ status: string; number: string }>;
    expect(mine.map((r) => r.status).sort()).toEqual(['awaiting-answer', 'refused']);
    const made = mine.find((r) => r.status === 'awaiting-answer')!;
    expect(made).toMatchObject({ providerUnitId: 'pension-fund', signature: { by: 'employee' } });
    return made.number;
  });

  layer.user.keys.sign = keys.responder;
  const responder = await tabOf('responder', '/requests', 'ru');
  await step(responder, 'answer', async () => {
    const form = responder.getByTestId(`ireq-answer-form-${number}`);
    await form.waitFor();
    await form.getByTestId('ireq-answer-text').fill('Сведения о гражданине представлены, трудовой стаж 12 лет.');
    await form.getByTestId('ireq-answer-sign').click();
    await form.waitFor({ state: 'detached' });
    const answered = await eventually(async () => {
      const row = (await http.get('/api/information-requests').query({ box: 'mine' }).set(as('inv')).expect(200)).body.find((r: { number: string }) => r.number === number);
      expect(row.status).toBe('answered');
      return row;
    });
    expect(answered.answer).toMatchObject({ answeredBy: 'responder', result: { text: 'Сведения о гражданине представлены, трудовой стаж 12 лет.' }, signature: { by: 'employee' } });
  });

  await investigator.reload();
  await step(investigator, 'answer-seen', async () => {
    await investigator.getByTestId(`ireq-row-${number}`).getByTestId('ireq-answer').waitFor();
    await expect(investigator.getByTestId(`ireq-row-${number}`).textContent()).resolves.toContain('трудовой стаж 12 лет');
  });

  const auditor = await tabOf('auditor', '/requests/log', 'ru');
  await step(auditor, 'journal', async () => {
    await auditor.getByTestId(`ireq-log-request-${number}`).waitFor();
    await auditor.getByTestId(`ireq-log-answer-${number}`).waitFor();
    await expect(auditor.getByTestId(`ireq-log-request-${number}`).textContent()).resolves.toContain('Уголовное дело');
    await auditor.getByTestId('ireq-log-verify').click();
    await expect(auditor.getByTestId('ireq-log-verdict').textContent()).resolves.toMatch(/Журнал цел/);
  });

  const createdAt = (await http.get('/api/information-requests').query({ box: 'mine' }).set(as('inv')).expect(200)).body.find((r: { number: string }) => r.number === number).createdAt;
  const month = astanaIso(new Date(createdAt)).slice(0, 7); // reviews run by Astana months
  await http.post('/api/information-requests/reviews').set(as('admin')).send({ month }).expect(200);
  const chief = await tabOf('chief', '/requests/reviews', 'kk');
  await step(chief, 'review', async () => {
    const row = chief.getByTestId(`ireq-review-row-${number}`);
    await row.waitFor();
    await row.getByTestId('ireq-violation-reason').fill('Іске қатысы жоқ адам туралы сұрау');
    await row.getByTestId('ireq-violation-mark').click();
    await row.getByText('Бұзушылық белгіленді, есептік жазба бұғатталды').waitFor();
  });
  expect((await sys.models.Employee.findById('inv').lean())?.status).toBe('blocked');
  await http.get('/api/information-requests').set(as('inv')).expect(401);
  expect(pageErrors).toEqual([]);
});

it('a request that went to another organisation, and one that came from another, name that organisation in the reader\'s language', async () => {
  const partnerBin = withDigit('98076000123');
  const base = { basis: 'initial-check', identifiers: {}, service: 5, subject: SUBJECT, redacted: false, createdAt: new Date() };
  // The rows as the exchange leaves them (test/api/information-exchange.test.ts walks the exchange itself).
  await sys.models.InfoRequest.collection.insertMany([
    { ...base, _id: 'ui-to-partner', number: '901/2026', requesterId: 'inv2', status: 'awaiting-answer', provider: { kind: 'exchange', bin: partnerBin, name: { kk: 'Бета ЖШС', ru: 'ТОО Бета' }, envelopeId: '0b8e1c1e-6f1a-4a51-8d3e-1d1c0f1e2a3b' } },
    {
      ...base, _id: 'ui-from-partner', number: '902/2026', requesterId: `${partnerBin}:someone`, status: 'awaiting-answer', provider: { kind: 'unit', unitId: 'registry' },
      origin: { bin: partnerBin, name: { kk: 'Бета ЖШС', ru: 'ТОО Бета' }, envelopeId: '1c9f2d2f-7a2b-4b62-9e4f-2e2d1a2f3b4c', requestId: 'their-id', number: '17/2026', requester: { employeeId: 'someone', iin: SUBJECT, fullName: 'Әлиев Нұрлан' } },
    },
  ] as never[]);
  // Journalled as the exchange journals them: the requester of the other organisation, and that organisation's answer.
  await sys.models.Correspondent.create({ _id: partnerBin, name: { kk: 'Бета ЖШС', ru: 'ТОО Бета' }, endpointUrl: 'http://127.0.0.1:9' });
  const journal = sharedLogJournal(sys.db);
  await journal.append({ kind: 'request', requestId: 'ui-from-partner', requestNumber: '902/2026', actorId: `${partnerBin}:someone`, subject: SUBJECT, basis: 'initial-check', service: 5, at: new Date() });
  await journal.append({ kind: 'answer', requestId: 'ui-to-partner', requestNumber: '901/2026', actorId: `org:${partnerBin}`, subject: SUBJECT, service: 5, at: new Date() });
  const requester = await tabOf('inv2', '/requests', 'ru');
  await step(requester, 'went-to', async () => {
    const row = requester.getByTestId('ireq-row-901/2026');
    await row.getByTestId('ireq-organisation').waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Направлен в: ТОО Бета');
    expect(text).not.toContain(partnerBin);
  });
  const clerk = await tabOf('clerk', '/requests', 'kk');
  await step(clerk, 'came-from', async () => {
    const row = clerk.getByTestId('ireq-to-answer').getByTestId('ireq-row-902/2026');
    await row.getByTestId('ireq-organisation').waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Жіберген: Бета ЖШС');
    expect(text).toContain('Олардағы нөмірі: № 17/2026');
    expect(text).not.toContain(partnerBin);
    expect(text).not.toContain('someone');
  });
  const auditor = await tabOf('auditor', '/requests/log', 'kk');
  await step(auditor, 'journal-organisations', async () => {
    for (const row of [auditor.getByTestId('ireq-log-request-902/2026'), auditor.getByTestId('ireq-log-answer-901/2026')]) {
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('Бета ЖШС');
      expect(text).not.toContain(partnerBin);
    }
  });
  expect(pageErrors).toEqual([]);
});
