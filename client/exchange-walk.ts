/**
 * Sends letters from one running demo organisation to the other (`npm start` + `npm run start:peer`): the
 * lawyer drafts, two directors approve, the Chairman signs, the registrar registers with the peer's BIN as
 * electronic addressee; then it waits until the letter is at the peer, registers it there, and waits for the
 * receipt back. Prints, per letter and as medians, the delivery latency A→B (registration at A → incoming card
 * at B) and the round trip (→ receipt shown at A). Exits non-zero on the first refusal.
 *
 *   tsx client/exchange-walk.ts [--a http://127.0.0.1:3000] [--b http://127.0.0.1:3001] [--data .data] [--count 5]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoPassword } from '../db/seed/demo-org';
import { signCms } from './sign-cms';

const { values } = parseArgs({
  options: {
    a: { type: 'string', default: 'http://127.0.0.1:3000' },
    b: { type: 'string', default: 'http://127.0.0.1:3001' },
    data: { type: 'string', default: process.env.QUJAT_DATA_DIR ?? '.data' },
    count: { type: 'string', default: '5' },
  },
});

type Json = Record<string, unknown>;

async function call(base: string, token: string | undefined, method: string, url: string, body?: unknown): Promise<Json> {
  const res = await fetch(base + url, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as Json;
  if (!res.ok) throw new Error(`${method} ${base}${url} → ${res.status} ${String(json.detail ?? json.title)}`);
  return json;
}

async function signIn(base: string, id: string): Promise<string> {
  const { token } = (await call(base, undefined, 'POST', '/api/auth/login', { login: id, password: demoPassword(id) })) as { token: string };
  const agreement = (await call(base, token, 'GET', '/api/me/agreement')) as { version: string; language: string; sha256: string; accepted?: unknown };
  if (!agreement.accepted) await call(base, token, 'POST', '/api/me/agreement/accept', { version: agreement.version, language: agreement.language, sha256: agreement.sha256 });
  return token;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > giveUp) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];

async function main(): Promise<void> {
  const A = values.a!;
  const B = values.b!;
  const peer = (await call(B, await signIn(B, 'registrar'), 'GET', '/api/exchange/identity')) as { bin: string };
  const people = ['lawyer', 'legal-head', 'finance-head', 'chairman', 'registrar'];
  const tokens = Object.fromEntries(await Promise.all(people.map(async (id) => [id, await signIn(A, id)] as const)));
  const regB = await signIn(B, 'registrar');
  const dir = path.join(values.data!, 'dev-ca');
  const delivery: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < Number(values.count); i++) {
    const doc = await call(A, tokens.lawyer, 'POST', '/api/documents', {
      type: 'outgoing-letter',
      title: `Электрондық алмасу: хат ${i + 1}`,
      language: 'kk',
      correspondent: 'ТОО «Партнёр»',
      participants: { approvers: ['legal-head', 'finance-head'], signer: 'chairman' },
      fields: { exchangeAddressees: peer.bin },
    });
    const id = doc.id as string;
    await call(A, tokens.lawyer, 'POST', `/api/documents/${id}/actions/submit`, {});
    await call(A, tokens['legal-head'], 'POST', `/api/documents/${id}/actions/approve`, {});
    await call(A, tokens['finance-head'], 'POST', `/api/documents/${id}/actions/approve`, {});
    const toSign = (await call(A, tokens.chairman, 'GET', `/api/documents/${id}/content-to-sign`)) as { contentBase64: string };
    const cms = await signCms({
      content: Buffer.from(toSign.contentBase64, 'base64'),
      keyPem: fs.readFileSync(path.join(dir, 'employees', 'chairman', 'sign-ec.key.pem'), 'utf8'),
      certPem: fs.readFileSync(path.join(dir, 'employees', 'chairman', 'sign-ec.cert.pem'), 'utf8'),
      chainPems: [fs.readFileSync(path.join(dir, 'intermediates.pem'), 'utf8')],
      pem: true,
    });
    await call(A, tokens.chairman, 'POST', `/api/documents/${id}/signatures`, { cms });
    const t0 = Date.now();
    await call(A, tokens.registrar, 'POST', `/api/documents/${id}/actions/register`, {});
    const envelopeId = await until('the envelope id', async () => {
      const v = (await call(A, tokens.lawyer, 'GET', `/api/documents/${id}/exchange`)) as { outgoing?: { addressees: Array<{ envelopeId?: string }> } };
      return v.outgoing?.addressees[0]?.envelopeId;
    });
    await until('the letter at B', async () => ((await call(B, regB, 'GET', `/api/documents/${envelopeId}`)).status === 'on-registration' ? true : undefined));
    const t1 = Date.now();
    const registered = (await call(B, regB, 'POST', `/api/documents/${envelopeId}/actions/register`, {})) as { registration: { number: string } };
    const receipt = await until('the receipt at A', async () => {
      const v = (await call(A, tokens.lawyer, 'GET', `/api/documents/${id}/exchange`)) as { outgoing: { addressees: Array<{ status: string; answer?: { incomingNumber?: string } }> } };
      return v.outgoing.addressees[0].status === 'registered' ? v.outgoing.addressees[0].answer : undefined;
    });
    const t2 = Date.now();
    delivery.push(t1 - t0);
    roundTrip.push(t2 - t0);
    console.log(`letter ${i + 1}: at B after ${t1 - t0} ms, registered there as ${registered.registration.number}; receipt № ${receipt.incomingNumber} at A after ${t2 - t0} ms`);
  }
  console.log(`delivery A→B p50 ${median(delivery)} ms; round trip to receipt p50 ${median(roundTrip)} ms (${delivery.length} letters)`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
