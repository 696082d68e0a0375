/**
 * The exchange envelope between two Qujat organisations (docs/exchange.md): what it holds, its exact
 * bytes (canonical JSON, so the sender's organisation signature covers one unambiguous byte string),
 * and the checks a receiver makes before trusting it. Pure: no I/O, no clock (the caller passes "now").
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../audit/canonical-json';

export const ENVELOPE_FORMAT = 'qujat-exchange/1';
export const ENVELOPE_KINDS = ['document', 'receipt', 'rejection', 'information-request', 'information-answer'] as const;
export type EnvelopeKind = (typeof ENVELOPE_KINDS)[number];

/**
 * Replay window: an envelope older than this (or dated more than the skew ahead) is refused even with a
 * fresh id. Seven days lets a delivery retried across a long outage still land; within the window every
 * envelope id is remembered for ever, so a replay inside it is answered as a duplicate, never processed twice.
 */
export const REPLAY_WINDOW_MS = 7 * 24 * 60 * 60_000;
export const CLOCK_SKEW_MS = 5 * 60_000;

const bin = z.string().regex(/^\d{12}$/, 'a BIN is 12 digits');
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256');
const name = z.object({ kk: z.string().min(1), ru: z.string().min(1) });

const documentPart = z.object({
  /** The sender's own id of the document, for the notices that come back. */
  senderDocumentId: z.string().min(1),
  title: z.string().min(1),
  language: z.enum(['kk', 'ru']),
  summary: z.string().optional(),
  registration: z.object({ number: z.string().min(1), date: z.string().regex(/^\d{2}\.\d{2}\.\d{4}$/), registeredAt: z.string().datetime() }),
  /** The bytes every signature covers, exactly as the signers signed them (the signed-content manifest). */
  signedContent: base64,
  signedContentSha256: sha256,
  attachments: z.array(z.object({ name: z.string().min(1), mediaType: z.string().min(1), size: z.number().int().min(0), sha256, base64 })).max(6),
  /** Every CMS as stored (with its certificates), and when the sender received it. */
  signatures: z.array(z.object({ cms: base64, receivedAt: z.string().datetime() })).min(1),
  inReplyTo: z.object({ number: z.string().min(1), date: z.string().min(1), envelopeId: z.string().uuid().optional() }).optional(),
});

const noticePart = z.object({
  /** The envelope of the document this notice answers. */
  refersTo: z.string().uuid(),
  language: z.enum(['kk', 'ru']),
  /** The notice as rendered; `cms` is the organisation's detached signature over its UTF-8 bytes. */
  text: z.string().min(1),
  cms: base64,
  incomingNumber: z.string().optional(),
  incomingDate: z.string().optional(),
  registeredAt: z.string().datetime().optional(),
  reason: z.object({ code: z.string().min(1), title: z.string().min(1) }).optional(),
  comment: z.string().optional(),
  decidedAt: z.string().datetime(),
});

/**
 * An information request to the organisation that provides the service (docs/information-requests.md). The
 * request's content is the text its requester signed with EDS (`signedText`, canonical JSON of
 * requestSigningText): the receiver reads basis, identifiers, service and subject from those signed bytes, so
 * nothing outside the requester's signature decides what is asked.
 */
const informationRequestPart = z.object({
  /** The requesting side's own id and number of the request, for the answer that comes back. */
  requestId: z.string().min(1),
  number: z.string().min(1),
  requester: z.object({ employeeId: z.string().min(1), iin: z.string().regex(/^\d{12}$/, 'an IIN is 12 digits'), fullName: z.string().optional() }),
  /** Whether the requesting side's catalogue asks for the answer redacted; the provider may only be stricter. */
  redacted: z.boolean(),
  requestedAt: z.string().datetime(),
  signedText: z.string().min(1),
  cms: base64.min(1),
});

/**
 * The provider's answer or refusal. `signedText` is what the responder (their EDS) or the organisation (its key)
 * signed: answerSigningText for an answer, refusalSigningText for a refusal; `cms` the detached signature.
 */
const informationAnswerPart = z.object({
  /** The envelope of the request this answers, and the requesting side's id of it. */
  refersTo: z.string().uuid(),
  requestId: z.string().min(1),
  /** The provider's own number of the request. */
  providerNumber: z.string().min(1),
  outcome: z.enum(['answered', 'refused']),
  result: z.unknown().optional(),
  refusal: z.object({ code: z.string().min(1), reason: z.string().min(1) }).optional(),
  redacted: z.boolean(),
  signedBy: z.enum(['employee', 'organisation']),
  signerIin: z.string().optional(),
  signedText: z.string().min(1),
  cms: base64.min(1),
  decidedAt: z.string().datetime(),
});

export const envelopeSchema = z
  .object({
    format: z.literal(ENVELOPE_FORMAT),
    envelopeId: z.string().uuid(),
    kind: z.enum(ENVELOPE_KINDS),
    createdAt: z.string().datetime(),
    sender: z.object({ bin, name, endpointUrl: z.string().url() }),
    recipient: z.object({ bin }),
    document: documentPart.optional(),
    notice: noticePart.optional(),
    informationRequest: informationRequestPart.optional(),
    informationAnswer: informationAnswerPart.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.kind === 'document' && !e.document) ctx.addIssue({ code: 'custom', path: ['document'], message: 'a document envelope carries the document' });
    if ((e.kind === 'receipt' || e.kind === 'rejection') && !e.notice) ctx.addIssue({ code: 'custom', path: ['notice'], message: 'a notice envelope carries the notice' });
    if (e.kind === 'information-request' && !e.informationRequest) ctx.addIssue({ code: 'custom', path: ['informationRequest'], message: 'an information request envelope carries the request' });
    if (e.kind === 'information-answer' && !e.informationAnswer) ctx.addIssue({ code: 'custom', path: ['informationAnswer'], message: 'an information answer envelope carries the answer' });
    if (e.kind === 'information-answer' && e.informationAnswer?.outcome === 'refused' && !e.informationAnswer.refusal) {
      ctx.addIssue({ code: 'custom', path: ['informationAnswer', 'refusal'], message: 'a refusal names its code and reason' });
    }
    if (e.kind === 'rejection' && !e.notice?.reason) ctx.addIssue({ code: 'custom', path: ['notice', 'reason'], message: 'a rejection names its reason' });
  });

export type Envelope = z.infer<typeof envelopeSchema>;
export type EnvelopeDocument = z.infer<typeof documentPart>;
export type EnvelopeNotice = z.infer<typeof noticePart>;
export type EnvelopeInformationRequest = z.infer<typeof informationRequestPart>;
export type EnvelopeInformationAnswer = z.infer<typeof informationAnswerPart>;

/** What travels over HTTP: the envelope bytes and the sender organisation's detached CMS over them. */
export const transmissionSchema = z.object({
  envelope: base64.min(1).describe('base64 of the envelope bytes (canonical JSON, UTF-8)'),
  signature: base64.min(1).describe('base64 DER of a detached CMS over exactly those bytes, by the sender organisation'),
});
export type Transmission = z.infer<typeof transmissionSchema>;

export function envelopeBytes(envelope: Envelope): Buffer {
  return Buffer.from(canonicalJson(envelope), 'utf8');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A stable envelope id per (sender, kind, document, addressee): preparing the same delivery again (a
 * retried activity) gives the same id, so the receiver recognises a duplicate instead of making a twin.
 */
export function envelopeIdFor(senderBin: string, kind: EnvelopeKind, documentId: string, recipientBin: string): string {
  const hex = createHash('sha256').update(`${senderBin}|${kind}|${documentId}|${recipientBin}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class EnvelopeRefused extends Error {
  override name = 'EnvelopeRefused';
  constructor(
    message: string,
    /** Stable machine-readable reason (docs/exchange.md). */
    readonly code: 'malformed-envelope' | 'unknown-sender' | 'forged-envelope' | 'stale-envelope' | 'wrong-addressee' | 'envelope-id-reused' | 'sender-mismatch',
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Parses envelope bytes; a structural problem names its field. */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new EnvelopeRefused('The envelope is not JSON.', 'malformed-envelope', 'envelope');
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvelopeRefused(`The envelope is malformed: ${issue.path.join('.') || 'envelope'}: ${issue.message}`, 'malformed-envelope', ['envelope', ...issue.path].join('.'));
  }
  // Canonical form only: the signature must cover the one encoding every party computes the same way.
  if (!Buffer.from(bytes).equals(envelopeBytes(parsed.data))) {
    throw new EnvelopeRefused('The envelope is not in canonical form (sorted keys, no spaces).', 'malformed-envelope', 'envelope');
  }
  return parsed.data;
}

/** The timestamp window of replay protection. */
export function checkFreshness(envelope: Pick<Envelope, 'createdAt'>, nowMs: number): void {
  const at = Date.parse(envelope.createdAt);
  if (at > nowMs + CLOCK_SKEW_MS) throw new EnvelopeRefused(`The envelope is dated ${envelope.createdAt}, in the future.`, 'stale-envelope', 'envelope.createdAt');
  if (nowMs - at > REPLAY_WINDOW_MS) throw new EnvelopeRefused(`The envelope is dated ${envelope.createdAt}, older than the 7-day window.`, 'stale-envelope', 'envelope.createdAt');
}

/** Attachments in the envelope must be the bytes their digests (and so the signed manifest) name. */
export function attachmentMismatches(document: EnvelopeDocument): string[] {
  const problems: string[] = [];
  for (const a of document.attachments) {
    const bytes = Buffer.from(a.base64, 'base64');
    if (sha256Hex(bytes) !== a.sha256 || bytes.length !== a.size) problems.push(`attachment "${a.name}" does not match its SHA-256`);
  }
  if (sha256Hex(Buffer.from(document.signedContent, 'base64')) !== document.signedContentSha256) problems.push('the signed content does not match its SHA-256');
  let manifest: { attachments?: Array<{ sha256?: string }> } = {};
  try {
    manifest = JSON.parse(Buffer.from(document.signedContent, 'base64').toString('utf8')) as typeof manifest;
  } catch {
    problems.push('the signed content is not the manifest of a Qujat document');
  }
  const signed = new Set((manifest.attachments ?? []).map((a) => String(a.sha256)));
  const carried = new Set(document.attachments.map((a) => a.sha256));
  for (const s of signed) if (!carried.has(s)) problems.push(`a signed attachment (${String(s).slice(0, 12)}…) is missing from the envelope`);
  for (const c of carried) if (!signed.has(c)) problems.push(`an attachment (${c.slice(0, 12)}…) is not covered by the signatures`);
  return problems;
}

/**
 * The BINs an outgoing card addresses electronically: `fields.exchangeAddressees`, BINs separated by commas
 * (card fields are flat values).
 */
export function exchangeAddressees(fields: Record<string, unknown> | null | undefined): string[] {
  const raw = fields?.exchangeAddressees;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,;]+/) : [];
  return [...new Set(list.filter((b): b is string => typeof b === 'string' && /^\d{12}$/.test(b)))];
}
