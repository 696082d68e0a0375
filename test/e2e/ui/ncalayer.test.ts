/**
 * NCALayer end to end, in headless Chromium through the real UI: a test double of NCALayer
 * (test/support/ncalayer-double.ts, TLS WebSocket on 127.0.0.1:13579 when free) signs with RSA dev-CA keys.
 * The signer signs in with an EDS (the server's challenge signed with the AUTH key), signs a letter without
 * pasting anything, sees signatures by the wrong person, with an expired or a revoked certificate refused with
 * their reasons (and not as red signatures on the card), sees a kk/ru note when the dialog is cancelled or
 * NCALayer is not running; an NCALayer without the basics module signs through commonUtils (base64 DER, the
 * plugged-in token, key type SIGNATURE).
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CmsVerifier } from '../../../domain/signatures/signing-setup';
import { failuresOf } from '../../../domain/signatures/signing-setup';
import { createSigningEngineEds } from '../../../api/auth/signing-engine-eds';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { createCrl, createTestCa, issueEndEntity, revoke, type Credential, type TestCa } from '../../../client/dev-ca';
import { demoCertificateHolders, demoPassword, seedDemoOrg } from '../../../db/seed/demo-org';
import { createCrlRevocationSource, createVerificationContext, verifyCms } from '../../../signing';
import { acceptCurrentAgreement } from '../../support/accept-agreement';
import { NCALAYER_PORT, startNcaLayerDouble, type LayerKey, type NcaLayerDouble } from '../../support/ncalayer-double';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const DAY = 86_400_000;

const AUTHOR = 'lawyer';
const APPROVER = 'legal-head';
const SIGNER = 'deputy';
/** Signs in for the first time and accepts the user agreement with a signature made in NCALayer. */
const NEWCOMER = 'registrar';

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let layer: NcaLayerDouble;
let ca: TestCa;
let tmpDir: string;
const keys: Record<string, LayerKey> = {};
const pageErrors: string[] = [];

const asKey = (c: Credential): LayerKey => ({ keyPem: c.keyPem, certPem: c.certPem, chainPems: [ca.intermediate.certPem] });

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium, or set QUJAT_CHROMIUM.`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`node scripts/build-web.mjs`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ncalayer-'));

  ca = createTestCa({ keyType: 'rsa', name: 'NCALayer Test' });
  const holders = demoCertificateHolders();
  const signer = holders.find((h) => h.id === SIGNER)!;
  const other = holders.find((h) => h.id === AUTHOR)!;
  keys.sign = asKey(issueEndEntity(ca, signer, { purpose: 'sign' }));
  keys.auth = asKey(issueEndEntity(ca, signer, { purpose: 'auth' }));
  keys.otherPerson = asKey(issueEndEntity(ca, other, { purpose: 'sign' }));
  keys.newcomer = asKey(issueEndEntity(ca, holders.find((h) => h.id === NEWCOMER)!, { purpose: 'sign' }));
  keys.expired = asKey(issueEndEntity(ca, signer, { purpose: 'sign', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 10 * DAY) }));
  const revoked = issueEndEntity(ca, signer, { purpose: 'sign' });
  revoke(ca, revoked.serialHex, new Date(Date.now() - DAY));
  keys.revoked = asKey(revoked);

  const trust = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, trust);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  sys = await startTestSystem({ verifyCms: verifier, eds: createSigningEngineEds(trust) });
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  for (const id of [AUTHOR, APPROVER, SIGNER]) await acceptCurrentAgreement(sys.models, id);
  server = await new Promise<Server>((resolve) => {
    const s = sys.app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync', '--ignore-certificate-errors'],
    ignoreHTTPSErrors: true,
    viewport: { width: 1440, height: 900 },
    locale: 'kk-KZ',
    timezoneId: 'Asia/Almaty',
  });
  context.setDefaultTimeout(60_000);
});

/** Each test gets a running NCALayer of its own, holding the signer's keys: one test stops it, another swaps keys. */
beforeEach(async () => {
  layer = await startNcaLayerDouble({ dir: tmpDir, user: { keys: { sign: keys.sign, auth: keys.auth } } });
  // Only when 13579 was taken on this machine: point the web module at the double's port (the latest script wins).
  if (layer.port !== NCALAYER_PORT) await context.addInitScript(`window.__QUJAT_NCALAYER_URL__ = ${JSON.stringify(layer.url)};`);
  pageErrors.length = 0;
  // The browser profile outlives a test: forget the language another test picked (kept in localStorage).
  const blank = await context.newPage();
  await blank.goto(baseUrl);
  await blank.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear());
  await blank.close();
});

afterEach(async () => {
  await layer?.stop().catch(() => undefined);
  for (const page of context?.pages() ?? []) await page.close().catch(() => undefined);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await layer?.stop().catch(() => undefined);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `failed-ncalayer-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

async function newTab(who: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
  await page.goto(baseUrl);
  return page;
}

/** A letter waiting for the signer, prepared through the API (the UI walk of these steps is outgoing-letter.test.ts). */
async function letterAtSigning(title: string): Promise<string> {
  const as = async (who: string) => ({ Authorization: `Bearer ${await sys.tokenFor(who)}` });
  const created = await sys.http
    .post('/api/documents')
    .set(await as(AUTHOR))
    .send({ type: 'outgoing-letter', title, participants: { approvers: [APPROVER], signer: SIGNER } })
    .expect(201);
  const id = created.body.id as string;
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(await as(AUTHOR)).send({}).expect(200);
  const approved = await sys.http.post(`/api/documents/${id}/actions/approve`).set(await as(APPROVER)).send({}).expect(200);
  expect(approved.body.status).toBe('on-signing');
  return id;
}

async function openSignPanel(page: Page, id: string): Promise<void> {
  await page.goto(`${baseUrl}/documents/${id}`);
  await page.locator('[data-testid=document-page][data-status="on-signing"]').waitFor();
  await page.getByTestId('action-sign').click();
  await page.getByTestId('sign-panel').waitFor();
}

const DICTIONARY_TEXT = {
  cancelled: { kk: 'Қол қою тоқтатылды', ru: 'Подписание отменено' },
  notRunning: { kk: 'NCALayer бұл компьютерде іске қосылмаған', ru: 'NCALayer на этом компьютере не запущен' },
};

it('signs in with an EDS and signs a letter through NCALayer; refused, cancelled and legacy signing as the user sees them', async () => {
  const page = await newTab(SIGNER);

  // ------------------------------------------------------------ sign in: the server's challenge, signed with the AUTH key
  await step(page, 'eds-sign-in', async () => {
    await page.getByTestId('signin-tab-eds').click();
    await page.getByTestId('signin-ncalayer').click();
    await page.locator(`[data-testid=current-user][data-employee-id="${SIGNER}"]`).waitFor();
  });
  const login = layer.calls.find((c) => c.module === 'kz.gov.pki.knca.basics');
  expect((login?.args as { signerParams: { extKeyUsageOids: string[] } }).signerParams.extKeyUsageOids).toEqual(['1.3.6.1.5.5.7.3.2']);
  expect(await sys.models.AuditEvent.exists({ type: 'auth.login', actorId: SIGNER, 'data.method': 'eds' })).toBeTruthy();

  const id = await letterAtSigning(`NCALayer арқылы қол қою ${Date.now()}`);
  await step(page, 'open', () => openSignPanel(page, id));

  // ------------------------------------------------------------ refused: wrong person, expired, revoked
  const refusals: Array<[string, LayerKey, string]> = [
    ['other-person', keys.otherPerson, 'signer-mismatch'],
    ['expired', keys.expired, 'certificate-expired'],
    ['revoked', keys.revoked, 'revoked'],
  ];
  for (const [name, key, code] of refusals) {
    await step(page, `refused-${name}`, async () => {
      layer.user.keys.sign = key;
      await page.getByTestId('sign-ncalayer').click();
      const refused = page.getByTestId('sign-refused');
      await refused.waitFor();
      await expect(refused.getAttribute('data-reasons')).resolves.toContain(code);
      await expect(refused.textContent()).resolves.toContain('Қолтаңба қабылданбады');
    });
  }
  await page.screenshot({ path: path.join(SHOTS, 'ncalayer-01-refused.png'), fullPage: true });

  // ------------------------------------------------------------ cancelled in NCALayer's dialog
  await step(page, 'cancelled', async () => {
    layer.user.cancel = true;
    await page.getByTestId('sign-ncalayer').click();
    await expect(page.getByTestId('sign-note').textContent()).resolves.toContain(DICTIONARY_TEXT.cancelled.kk);
    await expect(page.getByTestId('sign-refused').count()).resolves.toBe(0);
    await page.getByTestId('lang-ru').click();
    await page.getByTestId('sign-ncalayer').click();
    await page.getByTestId('sign-note').getByText(DICTIONARY_TEXT.cancelled.ru).waitFor();
    await page.getByTestId('lang-kk').click();
    layer.user.cancel = false;
  });

  // ------------------------------------------------------------ signed with the right key: no pasting
  await step(page, 'signed', async () => {
    layer.user.keys.sign = keys.sign;
    await page.getByTestId('sign-ncalayer').click();
    await page.locator('[data-testid=document-page][data-status="on-registration"]').waitFor();
    await page.reload();
    await page.locator('[data-testid=document-page][data-status="on-registration"]').waitFor();
    await page.locator('[data-testid=signature][data-status=valid]').first().waitFor();
    // The three refused attempts are not signatures of the document: folded away as refused, not red on the card.
    await expect(page.locator('[data-testid=signature]').count()).resolves.toBe(1);
    // The verdict in words, not the engine's codes ("good (crl)").
    await expect(page.getByTestId('signature').textContent()).resolves.toMatch(/кері қайтарылмаған \(КҚТ бойынша\)/);
    await expect(page.locator('[data-testid=signature][data-status=invalid]').count()).resolves.toBe(0);
    await expect(page.getByTestId('signature-refused').count()).resolves.toBe(3);
    await page.screenshot({ path: path.join(SHOTS, 'ncalayer-02-signed.png'), fullPage: true });
  });
  const basicsSign = layer.calls.filter((c) => c.module === 'kz.gov.pki.knca.basics').at(-1)!.args as { signingParams: { encapsulate: boolean } };
  expect(basicsSign.signingParams.encapsulate).toBe(false); // documents are signed detached
  const stored = await sys.models.Signature.find({ documentId: id }, { status: 1 }).lean();
  expect(stored.map((s) => s.status).sort()).toEqual(['invalid', 'invalid', 'invalid', 'valid']);

  // ------------------------------------------------------------ an NCALayer without basics: commonUtils, a token, base64 DER
  const legacyId = await letterAtSigning(`commonUtils арқылы қол қою ${Date.now()}`);
  await step(page, 'legacy', async () => {
    Object.assign(layer.user, { legacy: true, activeTokens: ['AKKaztokenStore'], storage: 'AKKaztokenStore' });
    layer.calls.length = 0;
    await openSignPanel(page, legacyId);
    await page.getByTestId('sign-ncalayer').click();
    await page.locator('[data-testid=document-page][data-status="on-registration"]').waitFor();
  });
  expect(layer.calls.map((c) => `${c.module.split('.').pop()}.${c.method}`)).toEqual(['basics.sign', 'commonUtils.getActiveTokens', 'commonUtils.createCAdESFromBase64']);
  const [storage, keyType, , attach] = layer.calls[2].args as [string, string, string, boolean];
  expect({ storage, keyType, attach }).toEqual({ storage: 'AKKaztokenStore', keyType: 'SIGNATURE', attach: false });
  Object.assign(layer.user, { legacy: false, activeTokens: [], storage: 'PKCS12' });
  expect(pageErrors).toEqual([]);
});

it('says in Kazakh and in Russian that NCALayer is not running, when signing and when signing in', async () => {
  const id = await letterAtSigning(`NCALayer жоқ ${Date.now()}`);
  await layer.stop();
  const page = await newTab(SIGNER);
  await step(page, 'no-layer-sign-in', async () => {
    await page.getByTestId('signin-tab-eds').click();
    await page.getByTestId('signin-ncalayer').click();
    await expect(page.getByTestId('signin-note').textContent()).resolves.toContain(DICTIONARY_TEXT.notRunning.kk);
  });
  // Signed in with the password this time, then the same in Russian on the signing panel.
  await step(page, 'no-layer-sign', async () => {
    await page.getByTestId('signin-tab-password').click();
    await page.getByTestId('signin-login').fill(SIGNER);
    await page.getByTestId('signin-password').fill(demoPassword(SIGNER));
    await page.getByTestId('signin-submit').click();
    await page.locator(`[data-testid=current-user][data-employee-id="${SIGNER}"]`).waitFor();
    await openSignPanel(page, id);
    await page.getByTestId('sign-ncalayer').click();
    await expect(page.getByTestId('sign-note').textContent()).resolves.toContain(DICTIONARY_TEXT.notRunning.kk);
    await page.getByTestId('lang-ru').click();
    await page.getByTestId('sign-ncalayer').click();
    await expect(page.getByTestId('sign-note').textContent()).resolves.toContain(DICTIONARY_TEXT.notRunning.ru);
    await page.screenshot({ path: path.join(SHOTS, 'ncalayer-03-not-running-ru.png'), fullPage: true });
  });
  const card = await sys.http.get(`/api/documents/${id}`).set('Authorization', `Bearer ${await sys.tokenFor(SIGNER)}`).expect(200);
  expect(card.body.status).toBe('on-signing');
  expect(pageErrors).toEqual([]);
});

it('accepts the user agreement with a signature made in NCALayer on a first sign-in', async () => {
  layer.user.keys = { sign: keys.newcomer };
  const page = await newTab(NEWCOMER);
  await step(page, 'agreement-eds', async () => {
    await page.getByTestId('signin-login').fill(NEWCOMER);
    await page.getByTestId('signin-password').fill(demoPassword(NEWCOMER));
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('agreement-text').waitFor();
    await page.getByTestId('agreement-check').check();
    await page.getByTestId('agreement-accept-eds').click();
    await page.locator(`[data-testid=current-user][data-employee-id="${NEWCOMER}"]`).waitFor();
  });
  const consent = await sys.models.AuditEvent.findOne({ type: 'agreement.accepted', actorId: NEWCOMER }).lean();
  expect(consent?.data).toMatchObject({ signed: true });
  const call = layer.calls.find((c) => c.module === 'kz.gov.pki.knca.basics')!.args as { signerParams: { extKeyUsageOids: string[] } };
  expect(call.signerParams.extKeyUsageOids).toEqual(['1.3.6.1.5.5.7.3.4']);
  expect(pageErrors).toEqual([]);
});
