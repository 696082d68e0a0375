/**
 * The staff web UI end to end, in headless Chromium (Debian's `chromium`, driven by playwright-core): an
 * outgoing letter walks from creation to Executed as four people of the demo organisation, each in their own
 * tab with their own session — the author writes and sends it, an approver approves, the signer signs with a
 * CMS made by the CLI signer's `signCms` and a dev-CA key (pasted into the UI, as a user without NCALayer
 * would), the registrar registers it. The real system runs in-process (test/support/system.ts) on an
 * ephemeral port, with the real signature verification against the dev CA.
 *
 * Screenshots of the main screens go to test-artifacts/screenshots/ (kept by CI); a failing step leaves a
 * `failed-…png` of the page it failed on.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CmsVerifier } from '../../../domain/signatures/signing-setup';
import { failuresOf } from '../../../domain/signatures/signing-setup';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { createDevCa, type DevCa } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import { demoCertificateHolders, demoPassword, seedDemoOrg } from '../../../db/seed/demo-org';
import { createCrlRevocationSource, createVerificationContext, verifyCms } from '../../../signing';
import { acceptCurrentAgreement } from '../../support/accept-agreement';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(360_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Four people of the demo organisation (db/seed/demo-org.ts), plus three who show the role screens. */
const AUTHOR = 'lawyer';
const APPROVER = 'legal-head';
const SIGNER = 'deputy';
const REGISTRAR = 'registrar';

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let devCa: DevCa;
let tmpDir: string;
const pageErrors: string[] = [];

function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The web UI end-to-end test needs Debian's chromium package: ` +
        '`apt-get install -y --no-install-recommends chromium` (as root), or set QUJAT_CHROMIUM to another Chromium binary.',
    );
  }
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) {
    throw new Error('web/dist is missing: build the UI first (`npm run build:web`; `npm test` does it in pretest).');
  }
}

beforeAll(async () => {
  requireChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ui-e2e-'));
  // The signer's NCA-shaped certificates from the development CA; verification trusts that CA only.
  devCa = await createDevCa({ outDir: path.join(tmpDir, 'dev-ca'), employees: demoCertificateHolders().filter((p) => p.id === SIGNER) });
  const trust = createVerificationContext({
    trustedRootsPem: devCa.trustedRootsPem,
    intermediatesPem: devCa.intermediatesPem,
    revocationSources: [createCrlRevocationSource({ crls: [devCa.crls.rsa, devCa.crls.ec] })],
  });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, trust);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  sys = await startTestSystem({ verifyCms: verifier });
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  server = await new Promise<Server>((resolve) => {
    const s = sys.app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // One browser profile, one tab per person: the session token lives in each tab's sessionStorage.
  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    locale: 'kk-KZ',
    timezoneId: 'Asia/Almaty',
  });
  context.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  const file = path.join(SHOTS, `${name}.png`);
  if (!fullPage) {
    await page.screenshot({ path: file });
    return;
  }
  // A whole page is captured as one tall viewport rather than with fullPage: sticky bars stay at the top, and
  // Chromium paints out-of-process frames (the sandboxed cover-letter preview) only inside the viewport.
  const height = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
  await page.setViewportSize({ width: VIEWPORT.width, height: Math.min(Math.max(height, VIEWPORT.height), 8000) });
  await page.waitForTimeout(200);
  await page.screenshot({ path: file });
  await page.setViewportSize(VIEWPORT);
}

/** Runs one step; on failure keeps a picture of the page it failed on, for the CI artifacts. */
async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `failed-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

async function newTab(who: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (4\d\d)/.test(m.text())) pageErrors.push(`${who} console: ${m.text()}`);
  });
  await page.goto(baseUrl);
  return page;
}

/** Signs in through the form; on a first sign-in accepts the user agreement through its screen. */
async function signIn(page: Page, employeeId: string, options: { agreementShot?: string } = {}): Promise<void> {
  await page.getByTestId('signin-login').fill(employeeId);
  await page.getByTestId('signin-password').fill(demoPassword(employeeId));
  await page.getByTestId('signin-submit').click();
  const first = await Promise.race([
    page.getByTestId('agreement-text').waitFor().then(() => true),
    page.getByTestId('current-user').waitFor().then(() => false),
  ]);
  if (first) {
    if (options.agreementShot) await shot(page, options.agreementShot, false);
    await page.getByTestId('agreement-check').check();
    await page.getByTestId('agreement-accept').click();
  }
  await page.locator(`[data-testid=current-user][data-employee-id="${employeeId}"]`).waitFor();
}

const documentStatus = (page: Page, status: string) => page.locator(`[data-testid=document-page][data-status="${status}"]`).waitFor();

/** Opens the first document of a "My documents" view from the sidebar, as a person finds their work. */
async function openFromView(page: Page, view: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(`inbox-${view}`).waitFor();
  await page.getByTestId('inbox-item').first().waitFor();
}

async function act(page: Page, action: string, comment?: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  if (comment) await page.getByTestId('action-comment').fill(comment);
  await page.getByTestId('action-confirm').click();
  await page.getByTestId('action-done').waitFor();
}

it('walks an outgoing letter from creation to Executed as author, approver, signer and registrar', async () => {
  const title = `Кеңсе техникасын жеткізу туралы ${Date.now()}`;

  // ---------------------------------------------------------------- the author writes and sends the letter
  const author = await newTab(AUTHOR);
  await step(author, 'author-sign-in', async () => {
    await author.getByTestId('signin-form').waitFor();
    await shot(author, '01-sign-in', false);
    await signIn(author, AUTHOR, { agreementShot: '02-user-agreement' });
  });
  const documentId = await step(author, 'author-create', async () => {
    await author.getByTestId('nav-create').click();
    await author.getByTestId('create-page').waitFor();
    await author.getByTestId('create-type').selectOption('outgoing-letter');
    await author.getByTestId('create-title').fill(title);
    await author.getByTestId('create-correspondent').fill('«Astana Office Supply» ЖШС');
    await author.getByTestId('create-summary').fill('Кеңсе техникасын 2026 жылдың бірінші тоқсанында жеткізу кестесін келісуді сұраймыз.');
    await author.getByTestId('create-approvers-add').selectOption(APPROVER);
    await author.getByTestId('create-signer').selectOption(SIGNER);
    await shot(author, '03-create-outgoing-letter');
    await author.getByTestId('create-save-send').click();
    await documentStatus(author, 'on-approval');
    const id = await author.getByTestId('document-page').getAttribute('data-document-id');
    expect(id).toBeTruthy();
    // Only what the author may do now: withdraw during approval, nothing of the approver's.
    await expect(author.getByTestId('action-withdraw').isVisible()).resolves.toBe(true);
    await expect(author.getByTestId('action-approve').count()).resolves.toBe(0);
    await author.getByTestId('cover-letter-preview').click();
    // The cover letter, generated from its template in the document's language, names the signer.
    await author.frameLocator('[data-testid=cover-letter-frame]').getByText('Сәрсенбаева Әйгерім', { exact: false }).first().waitFor();
    await shot(author, '04-card-on-approval-author');
    return id!;
  });

  // ---------------------------------------------------------------- the approver approves
  const approver = await newTab(APPROVER);
  await step(approver, 'approver', async () => {
    await signIn(approver, APPROVER);
    await openFromView(approver, 'for-approval');
    await expect(approver.getByTestId('nav-for-approval').textContent()).resolves.toMatch(/1$/);
    await shot(approver, '05-inbox-for-approval', false);
    await approver.getByTestId('inbox-item').filter({ hasText: title }).click();
    await documentStatus(approver, 'on-approval');
    // How the 2-working-day term was computed, in Kazakh, with dates as a clerk writes them.
    const explained = approver.getByTestId('deadline-explanation');
    await explained.locator('summary').click();
    const reasoning = (await explained.textContent()) ?? '';
    expect(reasoning).toMatch(/2 жұмыс күні/);
    expect(reasoning).toMatch(/\d{2}\.\d{2}\.\d{4}/);
    expect(reasoning).not.toMatch(/[A-Za-z]/);
    await expect(approver.getByTestId('action-sign').count()).resolves.toBe(0);
    await act(approver, 'approve', 'Келісемін.');
    await documentStatus(approver, 'on-signing');
    await shot(approver, '06-card-approved');
  });

  // ---------------------------------------------------------------- the signer signs with a CMS from the CLI signer
  const signer = await newTab(SIGNER);
  await step(signer, 'signer', async () => {
    await signIn(signer, SIGNER);
    await openFromView(signer, 'for-signing');
    await signer.getByTestId('inbox-item').filter({ hasText: title }).click();
    await documentStatus(signer, 'on-signing');
    await signer.getByTestId('action-sign').click();
    await signer.getByTestId('sign-panel').waitFor();
    // What "Download the content to sign" gives the signer: the exact bytes, from the public API in this tab's session.
    const contentBase64 = await signer.evaluate(async (id) => {
      // Runs in the page (the root tsconfig has no DOM types, hence the cast).
      const { sessionStorage } = globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } };
      const res = await fetch(`/api/documents/${id}/content-to-sign`, { headers: { Authorization: `Bearer ${sessionStorage.getItem('qujat.token')}` } });
      if (!res.ok) throw new Error(`content-to-sign answered ${res.status}`);
      return ((await res.json()) as { contentBase64: string }).contentBase64;
    }, documentId);
    const credentials = devCa.manifest.employees.find((e) => e.id === SIGNER)!.credentials['sign-rsa'];
    const cms = await signCms({
      content: new Uint8Array(Buffer.from(contentBase64, 'base64')),
      keyPem: fs.readFileSync(path.join(devCa.outDir, credentials.keyPem), 'utf8'),
      certPem: fs.readFileSync(path.join(devCa.outDir, credentials.certPem), 'utf8'),
      chainPems: [devCa.intermediatesPem],
      detached: true,
      pem: true,
    });
    // Pasting a CMS is the expert path, folded away behind NCALayer signing.
    await signer.locator('[data-testid="sign-expert"] > summary').click();
    await signer.getByTestId('sign-cms').fill(cms);
    await shot(signer, '07-sign-with-cms');
    await signer.getByTestId('sign-submit').click();
    await documentStatus(signer, 'on-registration');
    await signer.locator('[data-testid=signature][data-status=valid]').first().waitFor();
    await shot(signer, '08-card-signed');
  });

  // ---------------------------------------------------------------- the registrar registers: Executed
  const registrar = await newTab(REGISTRAR);
  await step(registrar, 'registrar', async () => {
    await signIn(registrar, REGISTRAR);
    // The registrar works in Russian: the same screens in the other language.
    await registrar.getByTestId('lang-ru').click();
    await openFromView(registrar, 'for-registration');
    await shot(registrar, '09-inbox-for-registration-ru', false);
    await registrar.getByTestId('inbox-item').filter({ hasText: title }).click();
    await documentStatus(registrar, 'on-registration');
    await act(registrar, 'register');
    await documentStatus(registrar, 'executed');
    await expect(registrar.getByTestId('reg-number').textContent()).resolves.toMatch(/\d/);
    await expect(registrar.getByTestId('no-actions').isVisible()).resolves.toBe(true);
    await shot(registrar, '10-card-executed-ru');
  });

  // ---------------------------------------------------------------- the author sees the outcome
  await step(author, 'author-outcome', async () => {
    await author.reload();
    await documentStatus(author, 'executed');
    await expect(author.locator('[data-testid=route-stage][data-state=done]').count()).resolves.toBe(3);
    await expect(author.getByTestId('history-entry').count()).resolves.toBeGreaterThanOrEqual(4);
    await shot(author, '11-card-executed-author');
  });

  const state = await sys.http.get(`/api/documents/${documentId}`).set('Authorization', `Bearer ${await sys.tokenFor(AUTHOR)}`).expect(200);
  expect(state.body.status).toBe('executed');
  expect(state.body.registration.number).toBeTruthy();
  expect(pageErrors).toEqual([]);
  // The UI asks only for what each person may have: no refusal was recorded (every refusal is an audit event).
  await expect(sys.models.AuditEvent.find({ type: 'access.refused' }, { data: 1, actorId: 1 }).lean()).resolves.toEqual([]);

  // ---------------------------------------------------------------- the role screens, for the record
  for (const id of ['designer', 'auditor', 'admin']) await acceptCurrentAgreement(sys.models, id);
  const designer = await newTab('designer');
  await step(designer, 'designer', async () => {
    await signIn(designer, 'designer');
    await designer.getByTestId('nav-designer').click();
    await designer.getByTestId('designer-page').waitFor();
    await designer.goto(`${baseUrl}/designer/outgoing-letter`);
    await designer.getByTestId('rd-node').first().waitFor();
    // A mistake typed in the JSON tab is marked on the stage at fault in the diagram.
    await designer.getByTestId('rd-tab-json').click();
    const json = await designer.getByTestId('designer-json').inputValue();
    await designer.getByTestId('designer-json').fill(json.replace('"type": "signing"', '"type": "signin"'));
    await designer.getByTestId('rd-tab-diagram').click();
    await designer.locator('.react-flow__node[data-id="stage:signing"] [data-testid=rd-node][data-has-errors=true]').waitFor();
    await shot(designer, '12-route-designer-error');
  });
  const auditor = await newTab('auditor');
  await step(auditor, 'auditor', async () => {
    await signIn(auditor, 'auditor');
    await auditor.goto(`${baseUrl}/documents/${documentId}`);
    await documentStatus(auditor, 'executed');
    await auditor.getByTestId('replay-run').click();
    await auditor.getByTestId('replay-report').waitFor({ timeout: 120_000 });
    await shot(auditor, '13-audit-history-and-replay');
    await auditor.getByTestId('nav-audit').click();
    await auditor.getByTestId('audit-verify').click();
    await auditor.getByTestId('audit-verdict').waitFor();
    await shot(auditor, '14-audit-chain');
  });
  const admin = await newTab('admin');
  await step(admin, 'admin', async () => {
    await signIn(admin, 'admin');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('org-tree').waitFor();
    // The unit by its name in either language, never by its internal id.
    await admin.getByText(/^(Кеңсе|Канцелярия)$/).first().waitFor();
    await shot(admin, '15-admin-org-tree');
  });
  expect(pageErrors).toEqual([]);
});
