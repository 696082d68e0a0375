/**
 * The data letters are filled with, read from the document card and the org structure. Every key is
 * always present (null when the card has nothing), because templates run in strict mode: a template
 * may test `{{#if executor.phone}}`, but a misspelt field is an error.
 */
import type { Models } from '../../db/models';
import { astanaDateLabel, astanaDateTimeLabel } from '../journals/document-caption';

export type LetterModels = Pick<Models, 'Document' | 'Employee' | 'Position' | 'DocumentType' | 'Signature' | 'Attachment'>;

export interface PersonData {
  id: string;
  fullName: string;
  position: string | null;
  email: string | null;
  phone: string | null;
}

/** The card does not carry what a letter needs; the message says which field. */
export class LetterDataError extends Error {
  override readonly name = 'LetterDataError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const oneLine = (v: string): string => v.replace(/\s+/g, ' ').trim();

export async function loadCard(models: LetterModels, documentId: string) {
  const doc = await models.Document.findById(documentId).lean();
  if (!doc) throw new LetterDataError(`No document ${documentId}`, 'documentId');
  return doc;
}
export type Card = Awaited<ReturnType<typeof loadCard>>;

export async function person(models: LetterModels, id: unknown, language: 'kk' | 'ru', phone: string | null = null): Promise<PersonData | null> {
  if (typeof id !== 'string') return null;
  const employee = await models.Employee.findById(id).lean();
  if (!employee) return null;
  const position = employee.positionId ? await models.Position.findById(employee.positionId).lean() : null;
  return { id, fullName: employee.fullName, position: position?.title?.[language] ?? null, email: employee.email ?? null, phone };
}

export function documentData(card: Card) {
  const language = (card.language ?? 'kk') as 'kk' | 'ru';
  const registered = card.registration?.number && card.registration.registeredAt;
  return {
    id: card._id,
    title: oneLine(card.title),
    language,
    summary: str(card.summary),
    correspondent: str(card.correspondent),
    registered: Boolean(registered),
    number: registered ? card.registration!.number! : (card.draftNumber ?? null),
    date: astanaDateLabel(registered ? card.registration!.registeredAt! : card.createdAt),
  };
}

/** The cover letter of an outgoing document: executor, signer and recipients from the card (002 A1 §6.7). */
export async function coverLetterData(models: LetterModels, card: Card, organization: { kk: string; ru: string }, now: Date) {
  const document = documentData(card);
  const participants = (card.participants ?? {}) as Record<string, unknown>;
  const fields = (card.fields ?? {}) as Record<string, unknown>;
  const internal = Array.isArray(participants.recipients) ? participants.recipients : [];
  const recipientNames: string[] = [];
  for (const id of internal) {
    const p = await person(models, id, document.language);
    if (p) recipientNames.push(p.position ? `${p.position} ${p.fullName}` : p.fullName);
  }
  const external = (document.correspondent ?? '').split(';').map((s) => s.trim()).filter(Boolean);
  return {
    organization: organization[document.language],
    document,
    executor: await person(models, participants.executor, document.language, str(fields.executorPhone)),
    signer: await person(models, participants.signer, document.language),
    recipients: [...external, ...recipientNames],
    recipientAddress: str(fields.recipientAddress),
    attachmentsCount: await models.Attachment.countDocuments({ documentId: card._id, state: 'stored', kind: 'attachment' }),
    generatedAt: astanaDateTimeLabel(now),
  };
}

/** The paper copy of an e-document (seed-003 §§34–37). `sheets` is filled in by the second pass. */
export async function paperCopyData(models: LetterModels, card: Card, system: { name: string; version: string }, now: Date) {
  const document = documentData(card);
  const type = await models.DocumentType.findById(card.type).lean();
  const author = await person(models, card.authorId, document.language);
  const files = await models.Attachment.find({ documentId: card._id, state: 'stored' }).sort({ slot: 1 }).lean();
  const stored = await models.Signature.find({ documentId: card._id }).sort({ createdAt: 1 }).lean();
  const signatures = [];
  for (const s of stored) {
    const signer = await person(models, s.onBehalfOf ?? s.submittedBy, document.language);
    signatures.push({
      signer: signer?.fullName ?? s.submittedBy,
      valid: s.status === 'valid',
      status: s.status,
      verifiedAt: s.verifiedAt ? astanaDateTimeLabel(s.verifiedAt) : null,
    });
  }
  // Positive only when there is a signature and every one verified (seed-003 §§13, 35).
  const positive = signatures.length > 0 && signatures.every((s) => s.valid);
  return {
    document: { ...document, type: type?.title?.[document.language] ?? card.type, author: author?.fullName ?? card.authorId },
    attachments: files.map((f) => ({ filename: f.filename, size: f.size ?? 0, sha256: f.sha256 ?? '' })),
    signatures,
    check: { positive, signed: signatures.length > 0, count: signatures.length },
    system,
    printedAt: astanaDateTimeLabel(now),
    sheets: '…' as string | number,
  };
}
