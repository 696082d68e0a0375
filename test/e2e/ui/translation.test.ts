/**
 * Every screen a demo user can reach, in Kazakh and in Russian, read the way a clerk reads it: the test walks the
 * screens from the navigation (and the router's fixed paths, so a screen added later is walked without touching
 * this file), and fails on Latin words outside a short allow-list of proper names and abbreviations, on strings
 * shaped like identifiers (UUIDs, hex prefixes, dotted codes, kebab-case and snake_case ids, mm/dd/yyyy or ISO
 * dates), on a native date picker (it shows mm/dd/yyyy in an English browser), and on serious or critical axe-core
 * accessibility violations. Each walked screen is photographed in both languages into test-results/ui-walk/.
 *
 * The browser runs with an English locale on purpose: whatever reaches the screen comes from the app, not from
 * the browser's own words.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../../api/routes/web-ui';
import { seedDemoOrg } from '../../../db/seed/demo-org';
import { startTestSystem, type TestSystem } from '../../support/system';
import { findingsIn, staticRoutesOf } from '../../support/screen-text';

jest.setTimeout(900_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env.QUJAT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-results', 'ui-walk');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE = require.resolve('axe-core/axe.min.js');
/** Each role's view of the system: a plain employee, the chancellery, the administrator, the auditor, the process designer. */
const ALL_USERS = ['lawyer', 'registrar', 'admin', 'auditor', 'designer'] as const;
/** QUJAT_WALK_USERS=admin,auditor walks only those (for working on one screen); CI walks everyone. */
const USERS = process.env.QUJAT_WALK_USERS ? ALL_USERS.filter((u) => process.env.QUJAT_WALK_USERS?.split(',').includes(u)) : ALL_USERS;
/**
 * Screen paths walked and photographed whose findings go to findings.txt without failing the walk: for a screen
 * being rebuilt, and only until it lands. Empty: every screen is held to the rule.
 */
const NOT_YET_ENFORCED: string[] = [];
const LANGS = ['kk', 'ru'] as const;
/** Screens per user and language; a walk that finds more than this has a navigation loop worth a look. */
const MAX_SCREENS = 40;
/** Document cards: the same screen for every document, so a few of each user's are enough. */
const MAX_DOCUMENTS = 2;

let sys: TestSystem;
let server: Server;
let baseUrl: string;
let browser: Browser;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium, or set QUJAT_CHROMIUM.`);
  if (!fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: build the UI first (`node scripts/build-web.mjs`).');
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  sys = await startTestSystem();
  const seeded = await seedDemoOrg(sys.models, { env: { NODE_ENV: 'test' } });
  if (!seeded.seeded) throw new Error(`the demo organisation was not seeded: ${seeded.reason}`);
  // Every demo user's token, whoever is walked: the seeded documents are made by the lawyer and the registrar.
  for (const who of [...ALL_USERS, 'legal-head']) tokens[who] = await sys.tokenFor(who);
  await seedDocuments();
  server = await new Promise<Server>((resolve) => {
    const s = sys.app.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sys?.stop();
});

/** Documents in several states, so inboxes, cards, history and the registrar's screens have something to show. */
async function seedDocuments(): Promise<void> {
  // A memo draft (the lawyer's Drafts) and an outgoing letter on approval (the legal director's task).
  await sys.http.post('/api/documents').set(auth('lawyer')).send({ type: 'internal-memo', title: 'Кеңсе тауарлары туралы', summary: 'Қағаз бен қалам керек' }).expect(201);
  const letter = await sys.http
    .post('/api/documents')
    .set(auth('lawyer'))
    .send({ type: 'outgoing-letter', title: 'Шарт жобасына жауап', correspondent: '«Альфа» ЖШС', participants: { approvers: ['legal-head'], signer: 'chairman' } })
    .expect(201);
  await sys.http.post(`/api/documents/${letter.body.id}/actions/submit`).set(auth('lawyer')).send({}).expect(200);
  // A paper letter registered by the registrar, with the sender's number and date on its card.
  const incoming = await sys.http
    .post('/api/documents')
    .set(auth('registrar'))
    .send({ type: 'incoming-paper', title: 'Ақпарат беру туралы сұрау', correspondent: '«Бета» АҚ', participants: { executor: 'legal-head' }, fields: { senderNumber: '12/345', senderDate: '2026-11-20' } })
    .expect(201);
  await sys.http.post(`/api/documents/${incoming.body.id}/actions/submit`).set(auth('registrar')).send({}).expect(200);
  await sys.http.post(`/api/documents/${incoming.body.id}/actions/register`).set(auth('registrar')).send({}).expect(200);
  // One more paper letter waiting for registration, so the registrar's action form (duplicate check) is on screen.
  const waiting = await sys.http
    .post('/api/documents')
    .set(auth('registrar'))
    .send({ type: 'incoming-paper', title: 'Кездесу туралы хат', correspondent: '«Гамма» ЖШС', participants: { executor: 'legal-head' }, fields: { senderNumber: '7/89', senderDate: '2026-11-25' } })
    .expect(201);
  await sys.http.post(`/api/documents/${waiting.body.id}/actions/submit`).set(auth('registrar')).send({}).expect(200);
}

/*
 * The browser-side parts are plain script text: the test project compiles without the DOM library, and these run
 * only in Chromium.
 */
const BUSY_OR_TEXT = `document.querySelector('.loading, [aria-busy="true"]') ? '\\u0000busy' : document.body.innerText`;

/** What a reader sees: rendered text (innerText skips closed <details>), option labels, placeholders, titles, aria labels. */
const SCREEN_TEXT = `(() => {
  const texts = [document.body.innerText];
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], option')) {
    if (el.closest('details:not([open])') || el.closest('[hidden]')) continue;
    for (const attr of ['placeholder', 'title', 'aria-label']) {
      const v = el.getAttribute(attr);
      if (v) texts.push(v);
    }
    if (el.tagName === 'OPTION') texts.push(el.textContent || '');
  }
  const pickers = document.querySelectorAll('input[type="date"], input[type="datetime-local"], input[type="month"], input[type="week"]');
  if (pickers.length) texts.push('\\u0000native-date-picker×' + pickers.length);
  return texts;
})()`;

const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`;

/** In-app links on the current screen: the navigation first, then links inside the screen (tabs, lists). */
const LINKS = `Array.from(document.querySelectorAll('nav a[href], header a[href], main a[href]'))
  .map((a) => new URL(a.href, location.href))
  .filter((u) => u.origin === location.origin && !u.pathname.startsWith('/api/'))
  .map((u) => u.pathname)`;

/** Until the screen stops loading: no spinner, and the same text twice in a row. */
async function settle(page: Page): Promise<void> {
  await page.waitForSelector('main.content', { timeout: 30_000 });
  let last = '';
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const now = (await page.evaluate(BUSY_OR_TEXT)) as string;
    if (now === last && !now.startsWith('\u0000')) return;
    last = now;
  }
}

const screenText = async (page: Page): Promise<string[]> => (await page.evaluate(SCREEN_TEXT)) as string[];
const linksOn = async (page: Page): Promise<string[]> => (await page.evaluate(LINKS)) as string[];

interface AxeViolation {
  id: string;
  impact?: string;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(AXE_RUN)) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** The screen a path shows, for de-duplicating: every document card is one screen. */
const screenOf = (p: string) => p.replace(/^\/documents\/(?!new$)[^/]+$/, '/documents/:id');
const slug = (p: string) => p.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-') || 'home';

async function openAs(who: string, lang: string): Promise<BrowserContext> {
  // bypassCSP: the app's policy (script-src 'self') would refuse the injected axe-core script.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Almaty', bypassCSP: true });
  context.setDefaultTimeout(30_000);
  await context.addInitScript({ content: `sessionStorage.setItem('qujat.token', ${JSON.stringify(tokens[who])}); localStorage.setItem('qujat.lang', ${JSON.stringify(lang)});` });
  return context;
}

/** Screens each walk must reach, so a broken navigation cannot pass by walking nothing. */
const MUST_REACH: Record<(typeof ALL_USERS)[number], string[]> = {
  lawyer: ['/inbox/drafts', '/documents/new', '/documents/:id', '/search', '/help'],
  registrar: ['/inbox/for-registration', '/documents/:id', '/reports', '/nomenclature'],
  admin: ['/admin', '/inbox/drafts', '/requests/reference', '/requests/cases', '/requests/requesters', '/requests/data-sources', '/oversight/incidents', '/oversight/maintenance'],
  auditor: ['/audit', '/reports', '/requests/reference', '/requests/cases', '/requests/prosecutor-checks', '/oversight/incidents', '/oversight/maintenance', '/oversight/read-log'],
  designer: ['/designer'],
};
const findings: string[] = [];
const pending: string[] = [];
const checkedByAxe = new Set<string>();

describe.each(USERS)('%s', (who) => {
  it.each(LANGS)('every reachable screen speaks %s, with no codes, and passes axe', async (lang) => {
    const context = await openAs(who, lang);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      // The router's fixed paths: the first user walks them all (most show that role a refusal, once per language is
      // enough); the others walk what their navigation links, which is where their role's screens are.
      const queue = ['/inbox/for-approval', ...(who === USERS[0] ? staticRoutesOf(path.join(ROOT, 'web', 'src')) : [])];
      const seen = new Set<string>();
      let documents = 0;
      let first = true;
      while (queue.length && seen.size < MAX_SCREENS) {
        const at = queue.shift() as string;
        if (seen.has(at)) continue;
        if (screenOf(at) === '/documents/:id' && documents++ >= MAX_DOCUMENTS) continue;
        seen.add(at);
        // In-app navigation after the first screen (as a click on a link does): no reload of the app and its data.
        if (first) await page.goto(baseUrl + at);
        else await page.evaluate(`history.pushState(null, '', ${JSON.stringify(at)}); dispatchEvent(new Event('qujat:navigate'))`);
        first = false;
        await settle(page);
        const screen = screenOf(at);
        const enforced = !NOT_YET_ENFORCED.some((p) => at === p || at.startsWith(`${p}/`));
        for (const f of findingsIn(await screenText(page))) (enforced ? findings : pending).push(`${who} ${lang} ${at}: ${f}`);
        // axe and the photo once per screen and language, and once more where a role sees it refused, so the
        // real screen (the auditor's audit, the administrator's journals) is checked, not only someone's refusal.
        const refused = (await page.evaluate(`!!document.querySelector('main [data-testid="problem"]')`)) as boolean;
        const key = `${screen}|${lang}|${refused ? 'refused' : 'shown'}`;
        if (!checkedByAxe.has(key)) {
          checkedByAxe.add(key);
          for (const v of await axeViolations(page)) (enforced ? findings : pending).push(`${who} ${lang} ${at}: axe ${v}`);
          await page.screenshot({ path: path.join(SHOTS, `${lang}-${slug(screen)}-${who}.png`) });
        }
        for (const link of await linksOn(page)) if (!seen.has(link) && !queue.includes(link)) queue.push(link);
      }
      const mine = (list: string[]) => list.filter((f) => f.startsWith(`${who} ${lang} `));
      fs.appendFileSync(path.join(SHOTS, 'findings.txt'), [...mine(findings), ...mine(pending).map((f) => `(not yet enforced) ${f}`), ''].join('\n'));
      expect([...seen].map(screenOf)).toEqual(expect.arrayContaining(MUST_REACH[who]));
      expect(errors).toEqual([]);
      expect(mine(findings)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
