/**
 * Walks one outgoing letter through a running Qujat (`npm start`) as the demo staff would: the lawyer drafts
 * it, two directors approve, the Chairman signs with his dev-CA key, the registrar registers it. Prints each
 * step; exits non-zero on the first refusal. A quick check that a fresh system works end to end.
 *
 *   npx tsx client/demo-walk.ts [--url http://127.0.0.1:3000] [--data .data]
 *
 * Without --url it calls the API where `npm start` listens with the same environment (HOST, PORT), and reads
 * the dev CA from the same QUJAT_DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type AppConfig } from '../config';
import { demoPassword } from '../db/seed/demo-org';
import { signCms } from './sign-cms';

/** Where the system started with this environment answers: a wildcard listen address is reached on loopback. */
export function systemUrl(config: AppConfig): string {
  const host = ['0.0.0.0', '::', '[::]'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`;
}

const config = loadConfig();
const { values } = parseArgs({ options: { url: { type: 'string', default: systemUrl(config) }, data: { type: 'string', default: config.dataDir } } });
const base = values.url!;

async function call(token: string | undefined, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${String(json.detail ?? json.title)}`);
  return json;
}

async function signIn(id: string): Promise<string> {
  const { token } = (await call(undefined, 'POST', '/api/auth/login', { login: id, password: demoPassword(id) })) as { token: string };
  const agreement = (await call(token, 'GET', '/api/me/agreement')) as { version: string; language: string; sha256: string; accepted?: unknown };
  if (!agreement.accepted) await call(token, 'POST', '/api/me/agreement/accept', { version: agreement.version, language: agreement.language, sha256: agreement.sha256 });
  return token;
}

async function main(): Promise<void> {
  const people = ['lawyer', 'legal-head', 'finance-head', 'chairman', 'registrar'];
  const tokens = Object.fromEntries(await Promise.all(people.map(async (id) => [id, await signIn(id)] as const)));
  const doc = await call(tokens.lawyer, 'POST', '/api/documents', {
    type: 'outgoing-letter',
    title: 'Демо хат: кеңсе техникасын жеткізу туралы',
    language: 'kk',
    correspondent: 'ЖШС «Demo Supplier»',
    participants: { approvers: ['legal-head', 'finance-head'], signer: 'chairman' },
  });
  const id = doc.id as string;
  console.log(`created ${id} (${String(doc.status)})`);
  const step = async (who: string, action: string, body: unknown = {}) => {
    const after = await call(tokens[who], 'POST', `/api/documents/${id}/actions/${action}`, body);
    console.log(`${who.padEnd(13)} ${action.padEnd(8)} → ${String(after.status)}`);
  };
  await step('lawyer', 'submit');
  await step('legal-head', 'approve');
  await step('finance-head', 'approve', { comment: 'Бюджетте бар' });
  const toSign = (await call(tokens.chairman, 'GET', `/api/documents/${id}/content-to-sign`)) as { contentBase64: string };
  const dir = path.join(values.data!, 'dev-ca');
  const cms = await signCms({
    content: Buffer.from(toSign.contentBase64, 'base64'),
    keyPem: fs.readFileSync(path.join(dir, 'employees', 'chairman', 'sign-ec.key.pem'), 'utf8'),
    certPem: fs.readFileSync(path.join(dir, 'employees', 'chairman', 'sign-ec.cert.pem'), 'utf8'),
    chainPems: [fs.readFileSync(path.join(dir, 'intermediates.pem'), 'utf8')],
    pem: true,
  });
  const signed = (await call(tokens.chairman, 'POST', `/api/documents/${id}/signatures`, { cms })) as { document: { status: string } };
  console.log(`chairman      sign     → ${signed.document.status}`);
  await step('registrar', 'register');
  const final = await call(tokens.lawyer, 'GET', `/api/documents/${id}`);
  console.log(`registered as ${JSON.stringify(final.registration)}; status ${String(final.status)}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
