/**
 * The signature check verifies the CMS against the content kept with the signature when the API stored it
 * (rebuilt from the card it read), and rebuilds the content from the card only for a signature kept without
 * it; either way it records the hash it verified, and registration refuses a card that no longer matches it.
 */
import { createHash } from 'node:crypto';
import { createSigningActivities } from '../../../activities/signing/signing-activities';
import { createSignedContentBuilder } from '../../../domain/signatures/signed-content';
import type { CmsVerifier } from '../../../domain/signatures/signing-setup';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await t.models.Employee.create({ _id: 'boss', fullName: 'boss', unitId: 'u', roles: ['employee'], status: 'active', iin: '750312300125' });
});
afterAll(async () => t?.drop());

/** Valid exactly when the content it is given is `expected`; remembers what it was given. */
function verifierExpecting(expected: () => Buffer): { verify: CmsVerifier; seen: Buffer[] } {
  const seen: Buffer[] = [];
  const verify: CmsVerifier = async ({ content }) => {
    seen.push(Buffer.from(content));
    const valid = Buffer.from(content).equals(expected());
    return { valid, reason: valid ? 'ok' : 'digest-mismatch', failures: valid ? [] : [{ code: 'digest-mismatch', message: 'other content' }], report: null };
  };
  return { verify, seen };
}

async function letter(id: string, title: string): Promise<void> {
  await t.models.Document.create({ _id: id, type: 'outgoing-letter', title, authorId: 'author', route: { key: 'r', version: 1 }, workflowId: `document:${id}`, status: 'on-signing', attachmentIds: [] });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

it('verifies against the content kept with the signature, and registration refuses a card changed since', async () => {
  await letter('kept', 'As signed');
  const signedContent = createSignedContentBuilder(t.models);
  const arrived = (await signedContent('kept')).bytes;
  // The card changes between the signature's arrival and its check.
  await t.models.Document.updateOne({ _id: 'kept' }, { $set: { title: 'Changed before the check' } });
  const { verify, seen } = verifierExpecting(() => arrived);
  const signing = createSigningActivities({ models: t.models, verifyCms: verify, signedContent });
  await t.models.Signature.create({ _id: 's-kept', documentId: 'kept', submittedBy: 'boss', cms: Buffer.from('cms'), content: arrived, status: 'pending' });

  expect(await signing.verifyDocumentSignature({ documentId: 'kept', signatureId: 's-kept', signerEmployeeIds: ['boss'] })).toMatchObject({ valid: true });
  expect(seen).toEqual([arrived]);
  expect((await t.models.Signature.findById('s-kept').lean())?.contentSha256).toBe(sha256(arrived));

  await t.models.Document.updateOne({ _id: 'kept' }, { $set: { signatureIds: ['s-kept'] } });
  await expect(signing.assertSignaturesValid('kept')).rejects.toMatchObject({ type: 'RegistrationRefused' });
  await t.models.Document.updateOne({ _id: 'kept' }, { $set: { title: 'As signed' } });
  await expect(signing.assertSignaturesValid('kept')).resolves.toBeUndefined();
});

it('rebuilds the content from the card for a signature kept without it', async () => {
  await letter('old', 'Signed before the content was kept');
  const signedContent = createSignedContentBuilder(t.models);
  const now = (await signedContent('old')).bytes;
  const { verify, seen } = verifierExpecting(() => now);
  const signing = createSigningActivities({ models: t.models, verifyCms: verify, signedContent });
  await t.models.Signature.create({ _id: 's-old', documentId: 'old', submittedBy: 'boss', cms: Buffer.from('cms'), status: 'pending' });

  expect(await signing.verifyDocumentSignature({ documentId: 'old', signatureId: 's-old', signerEmployeeIds: ['boss'] })).toMatchObject({ valid: true });
  expect(seen).toEqual([now]);
  expect((await t.models.Signature.findById('s-old').lean())?.contentSha256).toBe(sha256(now));
});

it('lists a refused signature on the card (an accepted one is listed by its projection), never beginning a list on an older card', async () => {
  const signedContent = createSignedContentBuilder(t.models);
  const signing = createSigningActivities({ models: t.models, verifyCms: verifierExpecting(() => Buffer.from('other content')).verify, signedContent });
  await letter('refused', 'Refused');
  await t.models.Document.updateOne({ _id: 'refused' }, { $set: { signatureIds: ['s-earlier'] } });
  await letter('older', 'From before the list');
  for (const [documentId, signatureId] of [['refused', 's-refused'], ['older', 's-older']]) {
    await t.models.Signature.create({ _id: signatureId, documentId, submittedBy: 'boss', cms: Buffer.from('cms'), content: Buffer.from('as sent'), status: 'pending' });
    expect(await signing.verifyDocumentSignature({ documentId, signatureId, signerEmployeeIds: ['boss'] })).toMatchObject({ valid: false });
  }
  expect((await t.models.Document.findById('refused').lean())?.signatureIds).toEqual(['s-earlier', 's-refused']);
  expect((await t.models.Document.findById('older').lean())?.signatureIds).toBeUndefined();

  // A valid check does not list its signature: the route may still refuse the sign.
  const content = (await signedContent('refused')).bytes;
  const valid = createSigningActivities({ models: t.models, verifyCms: verifierExpecting(() => content).verify, signedContent });
  await t.models.Signature.create({ _id: 's-valid', documentId: 'refused', submittedBy: 'boss', cms: Buffer.from('cms'), content, status: 'pending' });
  expect(await valid.verifyDocumentSignature({ documentId: 'refused', signatureId: 's-valid', signerEmployeeIds: ['boss'] })).toMatchObject({ valid: true });
  expect((await t.models.Document.findById('refused').lean())?.signatureIds).toEqual(['s-earlier', 's-refused']);
});

it('registration checks the signatures the route accepted that the card does not list yet', async () => {
  await letter('racing', 'As signed');
  await t.models.Document.updateOne({ _id: 'racing' }, { $set: { signatureIds: [] } });
  const signedContent = createSignedContentBuilder(t.models);
  const arrived = (await signedContent('racing')).bytes;
  const signing = createSigningActivities({ models: t.models, verifyCms: verifierExpecting(() => arrived).verify, signedContent });
  await t.models.Signature.create({ _id: 's-racing', documentId: 'racing', submittedBy: 'boss', cms: Buffer.from('cms'), content: arrived, status: 'pending' });
  expect(await signing.verifyDocumentSignature({ documentId: 'racing', signatureId: 's-racing', signerEmployeeIds: ['boss'] })).toMatchObject({ valid: true });
  await t.models.Document.updateOne({ _id: 'racing' }, { $set: { title: 'Changed after signing' } });

  // The projection that lists the accepted signature has not written the card yet.
  await expect(signing.assertSignaturesValid('racing')).resolves.toBeUndefined();
  await expect(signing.assertSignaturesValid('racing', undefined, ['s-racing'])).rejects.toMatchObject({ type: 'RegistrationRefused' });
  // Listed by then, the same.
  await t.models.Document.updateOne({ _id: 'racing' }, { $set: { signatureIds: ['s-racing'] } });
  await expect(signing.assertSignaturesValid('racing', undefined, ['s-racing'])).rejects.toMatchObject({ type: 'RegistrationRefused' });
});

it('matches the certificate against the IIN kept with the signature by its submitter, and reads any other signer', async () => {
  await letter('kept-iin', 'Kept IIN');
  const signedContent = createSignedContentBuilder(t.models);
  const expected: string[][] = [];
  const signing = createSigningActivities({
    models: t.models,
    signedContent,
    verifyCms: async ({ expectedIins }) => {
      expected.push(expectedIins);
      return { valid: true, reason: 'ok', failures: [], report: null };
    },
  });
  // The person's record says otherwise: the kept IIN (the one the submitter's session had) is the one matched.
  await t.models.Signature.create({ _id: 's-kept-iin', documentId: 'kept-iin', submittedBy: 'boss', signerIin: '860704400178', cms: Buffer.from('cms'), content: Buffer.from('c'), status: 'pending' });
  await signing.verifyDocumentSignature({ documentId: 'kept-iin', signatureId: 's-kept-iin', signerEmployeeIds: ['boss'] });
  // A run recorded before substitutes signed with their own key names the task owner, not the submitter: read.
  await t.models.Employee.create({ _id: 'owner', fullName: 'owner', unitId: 'u', roles: ['employee'], status: 'active', iin: '900101300127' });
  await signing.verifyDocumentSignature({ documentId: 'kept-iin', signatureId: 's-kept-iin', signerEmployeeIds: ['owner'] });
  // A signature stored without it: the signer is read.
  await t.models.Signature.create({ _id: 's-no-iin', documentId: 'kept-iin', submittedBy: 'boss', cms: Buffer.from('cms'), content: Buffer.from('c'), status: 'pending' });
  await signing.verifyDocumentSignature({ documentId: 'kept-iin', signatureId: 's-no-iin', signerEmployeeIds: ['boss'] });
  expect(expected).toEqual([['860704400178'], ['900101300127'], ['750312300125']]);
});
