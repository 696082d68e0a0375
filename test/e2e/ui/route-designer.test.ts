/**
 * The visual route designer in headless Chromium, as the demo organisation's process designer: a small route
 * is changed by hand on the canvas (a stage added, given a deadline, connected into the chain), a schema error
 * appears on the stage at fault in the designer's language, the dry run shows who would get each task, and
 * publishing makes version 2 and lists the running document that stays on version 1.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { demoPassword, seedDemoOrg } from '../../../db/seed/demo-org';
import { DICTIONARY, type MessageKey } from '../../../web/src/i18n/dictionary';
import { acceptCurrentAgreement } from '../../support/accept-agreement';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(300_000);

const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const DESIGNER = 'designer';
const AUTHOR = 'lawyer';
const APPROVER = 'legal-head';
const SIGNER = 'deputy';
const KEY = 'service-note';

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let context: BrowserContext;
let tmpDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: apt-get install chromium, or set QUJAT_CHROMIUM.`,
    );
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html')))
    throw new Error('web/dist is missing: build the UI first (`node scripts/build-web.mjs`).');
  fs.mkdirSync(SHOTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-designer-e2e-'));
  sys = await startTestSystem();
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  await acceptCurrentAgreement(sys.models, DESIGNER);
  server = await new Promise<Server>((resolve) => {
    const s = sys.app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
    viewport: { width: 1440, height: 1000 },
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
    await page
      .screenshot({ path: path.join(SHOTS, `failed-designer-${name}.png`), fullPage: true })
      .catch(() => undefined);
    throw error;
  }
}

/** The message in either language: the designer's language is theirs to choose. */
const said = (key: MessageKey) => new RegExp(`${escape(DICTIONARY[key].kk)}|${escape(DICTIONARY[key].ru)}`);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a handle is once the canvas has stopped moving it (a node re-renders as its panel is edited). */
async function settledBox(page: Page, handle: Locator) {
  let last = await handle.boundingBox();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(100);
    const now = await handle.boundingBox();
    if (last && now && now.x === last.x && now.y === last.y) return now;
    last = now;
  }
  if (!last) throw new Error('the handle is not on the canvas');
  return last;
}

/**
 * Draws an arrow by hand. On a busy machine the pointer can outrun the canvas, so a gesture that left no
 * arrow is made again (drawing the same arrow twice gives the same route); before the last try the canvas is
 * drawn afresh (to the JSON tab and back), in case what it had measured of its nodes went stale. `done` says
 * whether the arrow took; a gesture made more than once is said in the test's output.
 */
async function dragConnect(page: Page, from: Locator, to: Locator, done: Locator) {
  for (let attempt = 1; ; attempt++) {
    const a = await settledBox(page, from);
    const b = await settledBox(page, to);
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await page.mouse.up();
    try {
      await done.waitFor({ timeout: 15_000 });
      if (attempt > 1) console.warn(`route designer: the arrow took ${attempt} gestures`);
      return;
    } catch (error) {
      await page.screenshot({
        path: path.join(SHOTS, `designer-connect-try-${attempt}.png`),
        fullPage: true,
      });
      if (attempt === 3) throw error;
      if (attempt === 2) {
        await page.getByTestId('rd-tab-json').click();
        await page.getByTestId('rd-tab-diagram').click();
        await from.waitFor();
        await to.waitFor();
      }
    }
  }
}

it('builds a small route on the canvas, shows an error on the node, dry-runs it and publishes it', async () => {
  // A route of two stages, published as v1, with one running document pinned to it.
  const designerToken = await sys.tokenFor(DESIGNER);
  const asDesigner = { Authorization: `Bearer ${designerToken}` };
  const v1 = {
    key: KEY,
    title: { kk: 'Қызметтік жазба', ru: 'Служебная записка' },
    stages: [
      {
        id: 'approval',
        type: 'approval',
        mode: 'sequential',
        quorum: 'all',
        participants: [{ kind: 'card-field', field: 'approvers' }],
        onReject: 'create-point',
      },
      {
        id: 'signing',
        type: 'signing',
        mode: 'sequential',
        participants: [{ kind: 'card-field', field: 'signer' }],
        onReject: 'create-point',
      },
    ],
  };
  await sys.http.put(`/api/routes/${KEY}/draft`).set(asDesigner).send(v1).expect(200);
  await sys.http.post(`/api/routes/${KEY}/publish`).set(asDesigner).expect(201);
  await sys.http
    .put(`/api/document-types/${KEY}`)
    .set(asDesigner)
    .send({ title: v1.title, routeKey: KEY })
    .expect(200);
  const authorToken = await sys.tokenFor(AUTHOR);
  const running = await sys.http
    .post('/api/documents')
    .set({ Authorization: `Bearer ${authorToken}` })
    .send({
      type: KEY,
      title: 'Кеңсе техникасы туралы',
      participants: { approvers: [APPROVER], signer: SIGNER },
    })
    .expect(201);
  await sys.http
    .post(`/api/documents/${running.body.id}/actions/submit`)
    .set({ Authorization: `Bearer ${authorToken}` })
    .send({})
    .expect(200);

  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(baseUrl);
  await step(page, 'sign-in', async () => {
    await page.getByTestId('signin-login').fill(DESIGNER);
    await page.getByTestId('signin-password').fill(demoPassword(DESIGNER));
    await page.getByTestId('signin-submit').click();
    await page.locator(`[data-testid=current-user][data-employee-id="${DESIGNER}"]`).waitFor();
  });
  await step(page, 'open', async () => {
    await page.goto(`${baseUrl}/designer/${KEY}`);
    await page.getByTestId('rd-canvas').waitFor();
    await page.locator('[data-testid=rd-node]').nth(1).waitFor();
  });
  expect(await page.getByTestId('rd-node').count()).toBe(2);
  expect(await page.getByTestId('rd-error-summary').getAttribute('data-count')).toBe('0');

  const newNode = page.locator('.react-flow__node[data-id="stage:acknowledgement"]');
  await step(page, 'add-stage', async () => {
    await page.getByTestId('rd-add-type').selectOption('acknowledgement');
    await page.getByTestId('rd-add-stage').click();
    await newNode.waitFor();
    await page.getByTestId('rd-stage-panel').waitFor();
  });
  // Not connected yet: the node says so.
  await step(page, 'unconnected-error', async () => {
    await newNode.locator('[data-testid=rd-node][data-has-errors=true]').waitFor();
  });
  expect(await newNode.innerText()).toMatch(said('rd.graph.unreachable'));

  await step(page, 'schema-error', async () => {
    // No participants: the API's schema refuses it, and the node at fault shows it in the designer's language.
    await page
      .getByTestId('rd-participants')
      .getByRole('button', { name: said('rd.removeWho') })
      .click();
    await newNode.getByText(said('rd.issue.participants')).waitFor();
  });
  await page.screenshot({ path: path.join(SHOTS, 'designer-node-error.png'), fullPage: true });

  await step(page, 'edit-stage', async () => {
    await page.getByTestId('rd-participants-add').click();
    await page.getByTestId('rd-stage-title').fill('Бөлім басшысының танысуы');
    await page.getByTestId('rd-deadline-kind').selectOption('working');
    await page.getByTestId('rd-deadline-amount').fill('3');
    await newNode.getByText(said('rd.issue.participants')).waitFor({ state: 'detached' });
  });

  await step(page, 'connect', async () => {
    const signing = page.locator('.react-flow__node[data-id="stage:signing"]');
    await dragConnect(
      page,
      signing.locator('.react-flow__handle.source'),
      newNode.locator('.react-flow__handle.target'),
      page.locator('[data-testid=rd-error-summary][data-count="0"]'),
    );
  });
  expect(await newNode.locator('[data-testid=rd-node]').getAttribute('data-has-errors')).toBe('false');

  // A click on a node opens it in the side panel.
  await step(page, 'select-node', async () => {
    await page.locator('.react-flow__node[data-id="stage:signing"]').click();
    await page.locator('[data-testid=rd-stage-type]').and(page.locator('select')).waitFor();
    expect(await page.getByTestId('rd-stage-type').inputValue()).toBe('signing');
  });

  // The JSON tab says the same route.
  await step(page, 'json', async () => {
    await page.getByTestId('rd-tab-json').click();
    const json = JSON.parse(await page.getByTestId('designer-json').inputValue()) as typeof v1;
    expect(json.stages.map((s) => s.id)).toEqual(['approval', 'signing', 'acknowledgement']);
    expect(json.stages[2]).toMatchObject({
      type: 'acknowledgement',
      title: 'Бөлім басшысының танысуы',
      deadline: { days: 3, kind: 'working' },
      participants: [{ kind: 'author-unit-head' }],
    });
    // And back: a change typed in the JSON redraws the canvas.
    const edited = {
      ...json,
      stages: json.stages.map((st, i) => (i === 0 ? { ...st, title: 'Заң бөлімімен келісу' } : st)),
    };
    await page.getByTestId('designer-json').fill(JSON.stringify(edited, null, 2));
    await page.getByTestId('rd-tab-diagram').click();
    await page
      .locator('.react-flow__node[data-id="stage:approval"]')
      .getByText('Заң бөлімімен келісу')
      .waitFor();
  });

  await step(page, 'dry-run', async () => {
    await page.getByTestId('rd-dry-approvers').selectOption(APPROVER);
    await page.getByTestId('rd-dry-signer').selectOption(SIGNER);
    await page.getByTestId('designer-dry-run-button').click();
    await page.getByTestId('rd-dry-stage').nth(2).waitFor();
  });
  const approverName = (await sys.models.Employee.findById(APPROVER).lean())!.fullName;
  const signerName = (await sys.models.Employee.findById(SIGNER).lean())!.fullName;
  const rows = await page.getByTestId('rd-dry-stage').allInnerTexts();
  expect(rows).toHaveLength(3);
  expect(rows[0]).toContain(approverName.split(' ')[0]);
  expect(rows[1]).toContain(signerName.split(' ')[0]);
  expect(rows[2]).toContain('Бөлім басшысының танысуы');
  const screen = await page.getByTestId('designer-page').innerText();
  expect(screen).not.toContain(KEY);
  expect(screen).not.toContain(running.body.id);
  expect(screen).not.toMatch(/\b(approval|signing|acknowledgement|card-field|author-unit-head)\b/);
  await page.screenshot({ path: path.join(SHOTS, 'designer-dry-run.png'), fullPage: true });
  // Both languages, no English words on the screen (the JSON tab is closed; "JSON" names the format).
  for (const lang of ['ru', 'kk'] as const) {
    await page.getByTestId(`lang-${lang}`).click();
    await page.getByTestId('rd-tab-diagram').getByText(DICTIONARY['rd.tabDiagram'][lang]).waitFor();
    const latin = ((await page.getByTestId('designer-page').innerText()).match(/[A-Za-z]{3,}/g) ?? []).filter(
      (w) => w !== 'JSON',
    );
    expect({ lang, latin }).toEqual({ lang, latin: [] });
    await page.screenshot({ path: path.join(SHOTS, `designer-${lang}.png`), fullPage: true });
    // The canvas as a reader sees it in the window (the README's picture): a full-page photo repeats the fixed frame.
    await page.getByTestId('rd-tab-diagram').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `designer-canvas-${lang}.png`) });
  }

  await step(page, 'publish', async () => {
    await page.getByTestId('rd-impact-before').waitFor();
    await page.getByTestId('designer-publish').click();
    await page.locator('[data-testid=rd-impact-after][data-count="1"]').waitFor();
  });
  const impact = await page.getByTestId('rd-impact-doc').innerText();
  expect(impact).toContain('Кеңсе техникасы туралы');
  if (running.body.draftNumber) expect(impact).toContain(running.body.draftNumber);
  await page.screenshot({ path: path.join(SHOTS, 'designer-published.png'), fullPage: true });

  const published = await sys.http.get(`/api/routes/${KEY}/versions/2`).set(asDesigner).expect(200);
  expect(published.body.definition.stages.map((s: { id: string }) => s.id)).toEqual([
    'approval',
    'signing',
    'acknowledgement',
  ]);
  expect(published.body.definition.stages[2].deadline).toEqual({ days: 3, kind: 'working' });
  expect(published.body.definition.stages[0].title).toBe('Заң бөлімімен келісу');
  const doc = await sys.http
    .get(`/api/documents/${running.body.id}`)
    .set({ Authorization: `Bearer ${authorToken}` })
    .expect(200);
  expect(doc.body.route).toEqual({ key: KEY, version: 1 });
  expect(pageErrors).toEqual([]);
});
