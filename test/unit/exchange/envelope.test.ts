/** The envelope's pure rules: one canonical encoding, named structural errors, the replay window, stable ids. */
import { attachmentMismatches, checkFreshness, envelopeBytes, envelopeIdFor, EnvelopeRefused, parseEnvelope, sha256Hex, type Envelope } from '../../../domain/exchange/envelope';

const content = Buffer.from(JSON.stringify({ attachments: [{ sha256: sha256Hex(Buffer.from('file')) }] }));
const envelope: Envelope = {
  format: 'qujat-exchange/1',
  envelopeId: envelopeIdFor('120340005670', 'document', 'doc-1', '980760001232'),
  kind: 'document',
  createdAt: '2026-12-06T10:00:00.000Z',
  sender: { bin: '120340005670', name: { kk: 'А', ru: 'А' }, endpointUrl: 'http://127.0.0.1:3000' },
  recipient: { bin: '980760001232' },
  document: {
    senderDocumentId: 'doc-1',
    title: 'Хат',
    language: 'kk',
    registration: { number: '01-13/1', date: '06.12.2026', registeredAt: '2026-12-06T09:00:00.000Z' },
    signedContent: content.toString('base64'),
    signedContentSha256: sha256Hex(content),
    attachments: [{ name: 'a.pdf', mediaType: 'application/pdf', size: 4, sha256: sha256Hex(Buffer.from('file')), base64: Buffer.from('file').toString('base64') }],
    signatures: [{ cms: 'AA==', receivedAt: '2026-12-06T08:00:00.000Z' }],
  },
};

function refusal(run: () => unknown): EnvelopeRefused {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvelopeRefused) return error;
    throw error;
  }
  throw new Error('not refused');
}

it('round-trips through its canonical bytes, and refuses any other encoding of the same JSON', () => {
  const bytes = envelopeBytes(envelope);
  expect(parseEnvelope(bytes)).toEqual(envelope);
  const pretty = Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8')), null, 1));
  expect(refusal(() => parseEnvelope(pretty))).toMatchObject({ code: 'malformed-envelope', field: 'envelope' });
});

it('names the field of a structural problem', () => {
  const bad = { ...envelope, recipient: { bin: '123' } };
  expect(refusal(() => parseEnvelope(envelopeBytes(bad as Envelope)))).toMatchObject({ code: 'malformed-envelope', field: 'envelope.recipient.bin' });
  const noNotice = { ...envelope, kind: 'receipt' as const };
  expect(refusal(() => parseEnvelope(envelopeBytes(noNotice)))).toMatchObject({ field: 'envelope.notice' });
  expect(refusal(() => parseEnvelope(Buffer.from('not json')))).toMatchObject({ code: 'malformed-envelope' });
});

it('accepts an envelope within 7 days and 5 minutes of skew, refuses one outside', () => {
  const at = Date.parse(envelope.createdAt);
  expect(() => checkFreshness(envelope, at + 7 * 86_400_000 - 1)).not.toThrow();
  expect(() => checkFreshness(envelope, at - 5 * 60_000)).not.toThrow();
  expect(refusal(() => checkFreshness(envelope, at + 7 * 86_400_000 + 1))).toMatchObject({ code: 'stale-envelope', field: 'envelope.createdAt' });
  expect(refusal(() => checkFreshness(envelope, at - 5 * 60_000 - 1))).toMatchObject({ code: 'stale-envelope' });
});

it('derives one envelope id per sender, kind, document and addressee', () => {
  expect(envelopeIdFor('1', 'document', 'd', '2')).toBe(envelopeIdFor('1', 'document', 'd', '2'));
  expect(new Set([envelopeIdFor('1', 'document', 'd', '2'), envelopeIdFor('1', 'receipt', 'd', '2'), envelopeIdFor('1', 'document', 'd', '3')]).size).toBe(3);
  expect(envelopeIdFor('1', 'document', 'd', '2')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

it('finds files that are not the signed ones', () => {
  expect(attachmentMismatches(envelope.document!)).toEqual([]);
  const swapped = { ...envelope.document!, attachments: [{ ...envelope.document!.attachments[0], base64: Buffer.from('fil3').toString('base64') }] };
  expect(attachmentMismatches(swapped)).toEqual([expect.stringContaining('does not match its SHA-256')]);
  const extra = { ...envelope.document!, attachments: [] };
  expect(attachmentMismatches(extra)).toEqual([expect.stringContaining('missing from the envelope')]);
});
