/**
 * A signature the API hands over in memory is checked from what it handed, once, with the verdict started as it
 * was handed when that one asked exactly what the check asks; anything else is checked as before, from the
 * database. The verdict is recorded either way.
 */
import { createSigningActivities } from '../../../activities/signing/signing-activities';
import { createSignatureHandoff, type HandedSignature } from '../../../domain/signatures/signature-handoff';
import { createSignedContentBuilder } from '../../../domain/signatures/signed-content';
import type { CmsVerifier } from '../../../domain/signatures/signing-setup';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.drop());

const IIN = '750312300125';

/** Valid for the kept IIN; counts its calls and what they asked. */
function countingVerifier(name: string, answer: (n: number) => Promise<void> = async () => undefined) {
  const calls: Array<{ expectedIins: string[]; requiredRoles?: string[] }> = [];
  const verify: CmsVerifier = async ({ expectedIins, requiredRoles }) => {
    calls.push({ expectedIins, requiredRoles });
    await answer(calls.length);
    return { valid: expectedIins.includes(IIN), reason: name, failures: [], report: { by: name } };
  };
  return { verify, calls };
}

/** Stores a signature as the API does and hands it over; answers what was handed. */
async function stored(id: string, handoff: ReturnType<typeof createSignatureHandoff>): Promise<HandedSignature> {
  const created = await t.models.Signature.create({ _id: id, documentId: `doc-${id}`, submittedBy: 'boss', signerIin: IIN, cms: Buffer.from('cms'), content: Buffer.from('content'), status: 'pending' });
  const signature = { documentId: `doc-${id}`, submittedBy: 'boss', signerIin: IIN, cms: new Uint8Array(Buffer.from('cms')), content: new Uint8Array(Buffer.from('content')), createdAt: created.createdAt };
  handoff.hand(id, signature);
  return signature;
}

function activities(verify: CmsVerifier, handoff: ReturnType<typeof createSignatureHandoff>) {
  return createSigningActivities({ models: t.models, verifyCms: verify, signedContent: createSignedContentBuilder(t.models), handoff });
}

it('checks a handed signature with the verdict started as it was handed, and records it', async () => {
  const handoff = createSignatureHandoff();
  const { verify, calls } = countingVerifier('early');
  handoff.attachVerifier(verify);
  await stored('s1', handoff);
  expect(calls).toEqual([{ expectedIins: [IIN], requiredRoles: undefined }]);
  // The database's copy is gone: the check still has what the API handed it.
  await t.models.Signature.deleteOne({ _id: 's1' });
  await t.models.Signature.create({ _id: 's1', documentId: 'doc-s1', submittedBy: 'boss', cms: Buffer.from('other'), status: 'pending' });

  expect(await activities(verify, handoff).verifyDocumentSignature({ documentId: 'doc-s1', signatureId: 's1', signerEmployeeIds: ['boss'] })).toMatchObject({ valid: true });
  expect(calls.length).toBe(1);
  expect(await t.models.Signature.findById('s1').lean()).toMatchObject({ status: 'valid', report: { by: 'early' } });
});

it('a check run again reads the database and verifies anew', async () => {
  const handoff = createSignatureHandoff();
  const { verify, calls } = countingVerifier('again');
  handoff.attachVerifier(verify);
  await stored('s2', handoff);
  const signing = activities(verify, handoff);
  await signing.verifyDocumentSignature({ documentId: 'doc-s2', signatureId: 's2', signerEmployeeIds: ['boss'] });
  await signing.verifyDocumentSignature({ documentId: 'doc-s2', signatureId: 's2', signerEmployeeIds: ['boss'] });
  expect(calls.length).toBe(2);
});

it('verifies anew what the early verdict did not ask: required roles, another signer, another verifier, another document', async () => {
  const handoff = createSignatureHandoff();
  const first = countingVerifier('first');
  handoff.attachVerifier(first.verify);

  await stored('roles', handoff);
  await activities(first.verify, handoff).verifyDocumentSignature({ documentId: 'doc-roles', signatureId: 'roles', signerEmployeeIds: ['boss'], requiredRoles: ['1.2.398.3.3.4.1.2.1'] });
  expect(first.calls.at(-1)).toEqual({ expectedIins: [IIN], requiredRoles: ['1.2.398.3.3.4.1.2.1'] });

  await t.models.Employee.create({ _id: 'owner', fullName: 'owner', unitId: 'u', roles: ['employee'], status: 'active', iin: '850101300128' });
  await stored('owner', handoff);
  expect(await activities(first.verify, handoff).verifyDocumentSignature({ documentId: 'doc-owner', signatureId: 'owner', signerEmployeeIds: ['owner'] })).toMatchObject({ valid: false });
  expect(first.calls.at(-1)).toEqual({ expectedIins: ['850101300128'], requiredRoles: undefined });

  const other = countingVerifier('other');
  await stored('other', handoff);
  await activities(other.verify, handoff).verifyDocumentSignature({ documentId: 'doc-other', signatureId: 'other', signerEmployeeIds: ['boss'] });
  expect(other.calls.length).toBe(1);

  await stored('moved', handoff);
  await expect(activities(first.verify, handoff).verifyDocumentSignature({ documentId: 'doc-elsewhere', signatureId: 'moved', signerEmployeeIds: ['boss'] })).rejects.toMatchObject({ type: 'SignatureMissing' });
});

it('an early verification that failed is done again by the check', async () => {
  const handoff = createSignatureHandoff();
  const { verify, calls } = countingVerifier('retried', async (n) => {
    if (n === 1) throw new Error('the verification pool was restarting');
  });
  handoff.attachVerifier(verify);
  await stored('s3', handoff);
  expect(await activities(verify, handoff).verifyDocumentSignature({ documentId: 'doc-s3', signatureId: 's3', signerEmployeeIds: ['boss'] })).toMatchObject({ valid: true });
  expect(calls.length).toBe(2);
});

it('keeps nothing without a verifier in the process, nor a signature past its minute', async () => {
  let now = 1_000_000;
  const idle = createSignatureHandoff(() => now);
  idle.hand('x', { documentId: 'd', submittedBy: 'boss', signerIin: IIN, cms: new Uint8Array(3), createdAt: new Date() });
  expect(idle.take('x')).toBeUndefined();

  const { verify } = countingVerifier('late');
  idle.attachVerifier(verify);
  idle.hand('y', { documentId: 'd', submittedBy: 'boss', signerIin: IIN, cms: new Uint8Array(3), createdAt: new Date() });
  now += 60_001;
  expect(idle.take('y')).toBeUndefined();
  idle.hand('z', { documentId: 'd', submittedBy: 'boss', signerIin: IIN, cms: new Uint8Array(3), createdAt: new Date() });
  expect(idle.take('z')?.signature.documentId).toBe('d');
  expect(idle.take('z')).toBeUndefined();
});
