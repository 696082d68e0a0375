/**
 * A memo asking to change the EDMS (route edms-change-memo) walked through the API to the responsible employee's
 * execution task: the author sends it, the head of the author's unit signs it with a key of a test CA, the registrar
 * registers it, the head of the Department writes a resolution to the responsible employee.
 */
import type TestAgent from 'supertest/lib/agent';
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, verifyCms } from '../../signing';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { failuresOf } from '../../domain/signatures/signing-setup';

export interface MemoSigner {
  ca: TestCa;
  verifier: CmsVerifier;
  keyOf(fullName: string, iin: string): Credential;
}

/** A test CA and the verifier that trusts it (pass it to startTestSystem). */
export function memoSigner(): MemoSigner {
  const ca = createTestCa({ keyType: 'ec' });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, context);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  return { ca, verifier, keyOf: (fullName, iin) => issueEndEntity(ca, { fullName, iin, roles: ['employee'] }, { purpose: 'sign' }) };
}

export interface MemoWalk {
  http: TestAgent;
  signer: MemoSigner;
  /** Bearer tokens by employee id. */
  token(id: string): string;
  author: string;
  unitHead: { id: string; key: Credential };
  registrar: string;
  departmentHead: string;
  responsible: string;
  coExecutors?: string[];
}

export async function memoInExecution(w: MemoWalk, title = 'ЭҚЖ-ге жаңа іздеу өрісін қосу'): Promise<{ id: string; resolutionId: string }> {
  const auth = (who: string) => ({ Authorization: `Bearer ${w.token(who)}` });
  const created = await w.http.post('/api/documents').set(auth(w.author)).send({ type: 'edms-change-memo', title, summary: 'Іздеуде жіберушінің БСН-і бойынша сүзгі керек' }).expect(201);
  const id = created.body.id as string;
  await w.http.post(`/api/documents/${id}/actions/submit`).set(auth(w.author)).send({}).expect(200);
  const content = await w.http.get(`/api/documents/${id}/content-to-sign`).set(auth(w.unitHead.id)).expect(200);
  const cms = await signCms({ content: new Uint8Array(Buffer.from(content.body.contentBase64, 'base64')), keyPem: w.unitHead.key.keyPem, certPem: w.unitHead.key.certPem, chainPems: [w.signer.ca.intermediate.certPem], detached: true, pem: true });
  const signed = await w.http.post(`/api/documents/${id}/signatures`).set(auth(w.unitHead.id)).send({ cms }).expect(201);
  if (signed.body.document.status !== 'on-registration') throw new Error(`the memo was not signed: ${JSON.stringify(signed.body.document.status)}`);
  const registered = await w.http.post(`/api/documents/${id}/actions/register`).set(auth(w.registrar)).send({}).expect(200);
  if (registered.body.status !== 'in-execution') throw new Error(`the memo did not reach the Department: ${registered.body.status}`);
  const resolved = await w.http
    .post(`/api/documents/${id}/actions/write-resolution`)
    .set(auth(w.departmentHead))
    .send({ text: 'Қарап, өзгерісті ұйымдастырыңыз', responsibleExecutorId: w.responsible, coExecutorIds: w.coExecutors ?? [] })
    .expect(200);
  return { id, resolutionId: resolved.body.workflow.resolutions[0].id as string };
}
