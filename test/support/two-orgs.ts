/**
 * Two Qujat organisations for real, in one test process: each its own database, worker (own task queue),
 * Express app listening on its own port, organisation key and staff certificates from one test PKI, and
 * each in the other's address book. Used by the exchange API test and its browser test.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createSigningEngineEds } from '../../api/auth/signing-engine-eds';
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, verifyCms, iinControlDigit } from '../../signing';
import { failuresOf, type CmsVerifier } from '../../domain/signatures/signing-setup';
import { exchangeVerifierFrom, orgSignerFromPem, type OrgSigner } from '../../domain/exchange/exchange-crypto';
import { ensureExchangeIdentity } from '../../domain/exchange/exchange-setup';
import { eventually, startTestSystem, type TestSystem } from './system';

/** A 12-digit IIN/BIN with a valid control digit, from an 11-digit prefix (the next prefix that has one). */
export function withDigit(prefix: string): string {
  for (let p = Number(prefix); ; p++) {
    const first11 = String(p).padStart(11, '0');
    const digit = iinControlDigit(first11);
    if (digit !== undefined) return `${first11}${digit}`;
  }
}
export const BIN_A = withDigit('12034000567');
export const BIN_B = withDigit('98076000123');
export const BIN_C = withDigit('55011000777');

export interface Org {
  name: string;
  bin: string;
  sys: TestSystem;
  server: Server;
  port: number;
  url: string;
  orgKey: Credential;
  signer: OrgSigner;
  bossKey: Credential;
  tokens: Record<string, string>;
  /** Signing keys of the extra staff asked of startTwoOrgs (certificates of this organisation's BIN). */
  staffKeys: Record<string, Credential>;
}

/** Extra people of an organisation with their own signing key: id, IIN, unit. */
export interface StaffMember {
  id: string;
  iin: string;
  unitId?: string;
}

export interface TwoOrgs {
  ca: TestCa;
  A: Org;
  B: Org;
  stop(): Promise<void>;
}

export const auth = (org: Org, who: string) => ({ Authorization: `Bearer ${org.tokens[who]}` });

export function listen(sys: TestSystem, port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = sys.app.app.listen(port, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}
export const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

interface OrgKeys {
  orgKey: Credential;
  bossKey: Credential;
  staff: StaffMember[];
  staffKeys: Record<string, Credential>;
}

function orgKeys(ca: TestCa, name: string, bin: string, bossIin: string, staff: StaffMember[] = []): OrgKeys {
  return {
    orgKey: issueEndEntity(ca, { fullName: `${name} Мөр`, iin: withDigit('70010100001'), bin, organisation: `${name} LLP` }, { purpose: 'sign' }),
    bossKey: issueEndEntity(ca, { fullName: `Басшы ${name}`, iin: bossIin, bin, organisation: `${name} LLP`, roles: ['first-head'] }, { purpose: 'sign' }),
    staff,
    staffKeys: Object.fromEntries(staff.map((p) => [p.id, issueEndEntity(ca, { fullName: `${p.id} ${name}`, iin: p.iin, bin, organisation: `${name} LLP` }, { purpose: 'sign' })])),
  };
}

async function startOrg(ca: TestCa, name: string, bin: string, bossIin: string, { orgKey, bossKey, staff, staffKeys }: OrgKeys): Promise<Org> {
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, context);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  const signer = orgSignerFromPem(orgKey.keyPem, orgKey.certPem, [ca.intermediate.certPem]);
  const sys = await startTestSystem({
    verifyCms: verifier,
    exchange: { signer, verify: exchangeVerifierFrom((input) => verifyCms(input, context)), backoff: { initialMs: 300, maximumMs: 1_500 } },
    // Information requests across the exchange: signed by the requester's EDS, answered with the organisation key.
    eds: createSigningEngineEds(context),
    informationRequests: { signer },
  });
  const server = await listen(sys);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  await sys.addPeople([
    { id: 'author' },
    { id: 'a1' },
    { id: 'boss', iin: bossIin },
    { id: 'head' },
    { id: 'reg', roles: ['employee', 'registrar'] },
    { id: 'admin', roles: ['employee', 'administrator'] },
    ...staff.map((p) => ({ id: p.id, iin: p.iin, unitId: p.unitId })),
  ]);
  await ensureExchangeIdentity(sys.models, { bin, name: { kk: `${name} ЖШС`, ru: `ТОО ${name}` }, endpointUrl: url, certificatePem: orgKey.certPem, addresseeIds: ['head'] });
  const tokens: Record<string, string> = {};
  for (const id of ['author', 'a1', 'boss', 'reg', 'admin', 'head', ...staff.map((p) => p.id)]) tokens[id] = await sys.tokenFor(id);
  return { name, bin, sys, server, port, url, orgKey, signer, bossKey, tokens, staffKeys };
}

/** A and B, each in the other's address book (through the administrators' API). */
export async function startTwoOrgs(staff: { A?: StaffMember[]; B?: StaffMember[] } = {}): Promise<TwoOrgs> {
  const ca = createTestCa({ keyType: 'ec' });
  // Every certificate exists before the CRLs the verifiers hold are issued.
  const IIN_A = withDigit('75031230012');
  const IIN_B = withDigit('82071540023');
  const keysA = orgKeys(ca, 'Альфа', BIN_A, IIN_A, staff.A);
  const keysB = orgKeys(ca, 'Бета', BIN_B, IIN_B, staff.B);
  const A = await startOrg(ca, 'Альфа', BIN_A, IIN_A, keysA);
  const B = await startOrg(ca, 'Бета', BIN_B, IIN_B, keysB);
  for (const [self, other] of [
    [A, B],
    [B, A],
  ] as const) {
    await self.sys.http
      .put(`/api/exchange/correspondents/${other.bin}`)
      .set(auth(self, 'admin'))
      .send({ name: { kk: `${other.name} ЖШС`, ru: `ТОО ${other.name}` }, endpointUrl: other.url, certificates: [other.orgKey.certPem] })
      .expect(200);
  }
  return {
    ca,
    A,
    B,
    async stop() {
      for (const org of [A, B]) {
        await close(org.server).catch(() => undefined);
        await org.sys.stop();
      }
    },
  };
}

/** Create → submit → approve → sign (a real CMS by the boss) → register: an outgoing letter of `org`. */
export async function registeredLetter(ca: TestCa, org: Org, title: string, fields: Record<string, string>): Promise<{ id: string; number: string }> {
  const created = await org.sys.http
    .post('/api/documents')
    .set(auth(org, 'author'))
    .send({ type: 'outgoing-letter', title, language: 'ru', participants: { approvers: ['a1'], signer: 'boss' }, fields })
    .expect(201);
  const id = created.body.id as string;
  await org.sys.http.post(`/api/documents/${id}/actions/submit`).set(auth(org, 'author')).send({}).expect(200);
  await org.sys.http.post(`/api/documents/${id}/actions/approve`).set(auth(org, 'a1')).send({}).expect(200);
  const content = await org.sys.http.get(`/api/documents/${id}/content-to-sign`).set(auth(org, 'boss')).expect(200);
  const cms = await signCms({
    content: new Uint8Array(Buffer.from(content.body.contentBase64, 'base64')),
    keyPem: org.bossKey.keyPem,
    certPem: org.bossKey.certPem,
    chainPems: [ca.intermediate.certPem],
    detached: true,
    pem: true,
  });
  const signed = await org.sys.http.post(`/api/documents/${id}/signatures`).set(auth(org, 'boss')).send({ cms }).expect(201);
  expect(signed.body.document.status).toBe('on-registration');
  const registered = await org.sys.http.post(`/api/documents/${id}/actions/register`).set(auth(org, 'reg')).send({}).expect(200);
  return { id, number: registered.body.registration.number as string };
}

export async function exchangeOf(org: Org, id: string, who = 'author') {
  return (await org.sys.http.get(`/api/documents/${id}/exchange`).set(auth(org, who)).expect(200)).body;
}

/** Waits until `to` has the incoming document for `from`'s letter and it waits at registration; its id. */
export async function arrivedAt(from: Org, to: Org, fromDocumentId: string): Promise<string> {
  const view = await eventually(async () => {
    const v = await exchangeOf(from, fromDocumentId);
    expect(v.outgoing.addressees[0].status).toBe('delivered');
    return v;
  }, 60_000);
  const incomingId = view.outgoing.addressees[0].envelopeId as string;
  await eventually(async () => {
    const card = await to.sys.http.get(`/api/documents/${incomingId}`).set(auth(to, 'reg')).expect(200);
    expect(card.body.status).toBe('on-registration');
  }, 60_000);
  return incomingId;
}
