/**
 * Editing a document card and linking documents, with a version check instead of locks.
 *
 * An edit names the card version it was made on. It claims the next version by inserting the edit record
 * `<documentId>:<version+1>` (unique `_id`): of two edits made on the same version exactly one is stored, the
 * other is refused with 409 and the current version, never silently lost. The record carries the old and new
 * values (the card's history) and the values to set; the card is then updated and the audit event appended.
 * A crash between the claim and the update is repaired by the next reader, who finds the claimed record
 * ahead of the card and rolls it forward (same values, same audit event key), so nothing is half-applied
 * for long and nothing is applied twice.
 */
import { randomUUID } from 'node:crypto';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { AttachmentStore } from '../../domain/attachments/attachment-store';
import { astanaDateLabel } from '../../domain/journals/document-caption';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';
import { createSearchIndexer } from '../../domain/search/search-indexer';
import type { Models } from '../../db/models';
import type { LinkKind } from '../../db/models/records';
import { CARD_FIELDS, checkCardEdit, editId, sameValue, type EditableField } from '../../domain/records/card-edit-rules';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';

export interface CardChanges {
  title?: string;
  language?: 'kk' | 'ru';
  summary?: string | null;
  correspondent?: string | null;
  fields?: Record<string, string | number | boolean>;
  participants?: Record<string, unknown>;
  issueNature?: string | null;
  sheetsMain?: number | null;
  sheetsAttachments?: number | null;
  addresseeBody?: string | null;
  addresseePerson?: string | null;
  executorPhone?: string | null;
  paperForm?: 'original' | 'copy' | 'none' | null;
  registrationNumber?: string;
  registrationDate?: string;
}

export interface LinkInput {
  kind: LinkKind;
  documentId?: string;
  number?: string;
  /** YYYY-MM-DD */
  date?: string;
}

export interface CardLink {
  id: string;
  kind: LinkKind;
  documentId?: string;
  number: string;
  date: string;
}

interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

type Card = NonNullable<Awaited<ReturnType<DocumentService['loadVisible']>>>;

const isCardField = (f: string): boolean => (CARD_FIELDS as readonly string[]).includes(f);

function valueOf(card: Card, field: string): unknown {
  if (isCardField(field)) return ((card.registrationCard ?? {}) as Record<string, unknown>)[field] ?? null;
  return (card as unknown as Record<string, unknown>)[field] ?? null;
}

/** YYYY-MM-DD in Astana time. */
function astanaDay(at: Date): string {
  const [dd, mm, yyyy] = astanaDateLabel(at).split('.');
  return `${yyyy}-${mm}-${dd}`;
}

export function createCardService(deps: { models: Models; documents: DocumentService; audit: AuditChain; store?: AttachmentStore }) {
  const { models, documents, audit } = deps;
  const searchIndex = createSearchIndexer(models);

  /** Applies a claimed edit to the card (idempotent) and records its audit event and reverse links. */
  async function apply(edit: { _id: string; documentId: string; version: number; actorId: string; onBehalfOf?: string | null; at: Date; kind: string; changes: Change[]; set: Record<string, unknown>; comment?: string | null }) {
    const card = await models.Document.findById(edit.documentId, { cardVersion: 1 }).lean();
    if (card && (card.cardVersion ?? 0) < edit.version) {
      await models.Document.updateOne({ _id: edit.documentId }, { $set: { ...edit.set, cardVersion: edit.version } });
    }
    if ('links' in edit.set) await syncReverseLinks(edit.documentId, edit.set.links as CardLink[]);
    await audit.append([
      {
        eventKey: `${edit.documentId}:card.${edit.kind}:${edit.version}`,
        type: edit.kind === 'edit' ? 'document.edited' : edit.kind === 'link-added' ? 'document.link-added' : 'document.link-removed',
        at: edit.at,
        actorId: edit.actorId,
        onBehalfOf: edit.onBehalfOf ?? undefined,
        documentId: edit.documentId,
        comment: edit.comment ?? undefined,
        data: { version: edit.version, changes: edit.changes },
      },
    ]);
    await searchIndex.reindex(edit.documentId);
  }

  /** The reverse records of the card's links: the other card lists them as "linked from". */
  async function syncReverseLinks(sourceId: string, links: CardLink[]): Promise<void> {
    const wanted = new Map(links.filter((l) => l.documentId).map((l) => [`${sourceId}:${l.id}`, l]));
    for (const [id, l] of wanted) {
      await models.DocumentLink.updateOne({ _id: id }, { $setOnInsert: { sourceId, linkId: l.id, targetId: l.documentId!, kind: l.kind, at: new Date() } }, { upsert: true });
    }
    // The card's own links are few; its reverse records are found by their `_id` prefix of the card's link ids.
    const previous = await models.DocumentEdit.find({ documentId: sourceId, kind: { $in: ['link-added', 'link-removed'] } }, { set: 1 }).lean();
    const everLinked = new Set(previous.flatMap((e) => ((e.set as { links?: CardLink[] }).links ?? []).map((l) => `${sourceId}:${l.id}`)));
    for (const id of everLinked) if (!wanted.has(id)) await models.DocumentLink.deleteOne({ _id: id });
  }

  /** The card as stored, with any claimed-but-unapplied edit rolled forward first. */
  async function current(documentId: string): Promise<Card> {
    for (let i = 0; i < 100; i++) {
      const card = (await models.Document.findById(documentId).lean()) as Card | null;
      if (!card) throw problems.notFound(`Document ${documentId}`);
      const ahead = await models.DocumentEdit.findById(editId(documentId, (card.cardVersion ?? 0) + 1)).lean();
      if (!ahead) return card;
      await apply(ahead as never);
    }
    throw new Error(`Card ${documentId}: too many pending edits to roll forward`);
  }

  async function isSigned(documentId: string): Promise<boolean> {
    return (await models.Signature.exists({ documentId, status: 'valid' })) !== null;
  }

  function versionConflict(documentId: string, expected: number, actual: number): HttpProblem {
    return new HttpProblem(409, 'card-version-conflict', 'The card was changed by someone else', `You edited version ${expected} of the card of ${documentId}; it is now at version ${actual}. Reload it and make your change again.`, {
      currentVersion: actual,
      errors: [{ field: 'body.version', message: `the card is at version ${actual}` }],
    } as never);
  }

  /** An archived document is kept as it was handed over: its card, links and versions no longer change. */
  async function refuseIfArchived(documentId: string): Promise<void> {
    const archived = await models.ArchiveRecord.findById(documentId, { state: 1, number: 1, fileIndex: 1 }).lean();
    if (!archived) return;
    const message = archived.state === 'destroyed' ? `the document № ${archived.number} was destroyed; only its register entry is kept` : `the document № ${archived.number} is in the archive (file ${archived.fileIndex}) and is read-only`;
    throw new HttpProblem(409, 'document-archived', 'The document is in the archive', message, { errors: [{ field: 'params.id', message }] });
  }

  /** Claims version `version + 1` and applies it. A rival claim of the same version is a 409. */
  async function commit(
    actor: AuthenticatedActor,
    documentId: string,
    version: number,
    kind: 'edit' | 'link-added' | 'link-removed',
    changes: Change[],
    set: Record<string, unknown>,
    comment?: string,
  ): Promise<void> {
    await refuseIfArchived(documentId);
    const edit = { _id: editId(documentId, version + 1), documentId, version: version + 1, actorId: actor.employeeId, at: new Date(), kind, changes, set, ...(comment && { comment }) };
    try {
      await models.DocumentEdit.create(edit);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const now = await current(documentId);
      throw versionConflict(documentId, version, now.cardVersion ?? 0);
    }
    await apply(edit);
  }

  async function liveStatus(actor: AuthenticatedActor, documentId: string) {
    return documents.get(actor, documentId);
  }

  /** Changes card fields; answers the card after the edit. */
  async function edit(actor: AuthenticatedActor, documentId: string, input: { version: number; changes: CardChanges; comment?: string }) {
    await documents.loadVisible(actor, documentId);
    const card = await current(documentId);
    const version = card.cardVersion ?? 0;
    if (input.version !== version) throw versionConflict(documentId, input.version, version);
    const view = await liveStatus(actor, documentId);

    const changes: Change[] = [];
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input.changes) as Array<[EditableField, unknown]>) {
      if (value === undefined) continue;
      if (field === 'registrationNumber' || field === 'registrationDate') {
        changes.push({ field, old: null, new: value });
        continue;
      }
      const old = valueOf(card, field);
      if (sameValue(old, value)) continue;
      changes.push({ field, old, new: value });
      // The card's own fields are set as one object (field names with dots cannot be stored in the edit record);
      // the version check makes edits sequential, so merging into the current card loses nothing.
      if (isCardField(field)) set.registrationCard = { ...((set.registrationCard ?? card.registrationCard ?? {}) as Record<string, unknown>), [field]: value };
      else set[field] = value;
    }
    if (changes.length === 0) return { ...view, cardVersion: version };

    const refusals = checkCardEdit(
      { status: view.status, isAuthor: card.authorId === actor.employeeId, roles: actor.roles, registered: view.registration !== undefined || Boolean(card.registration?.number), signed: await isSigned(documentId) },
      changes.map((c) => c.field as EditableField),
    );
    if (refusals.length) {
      const worst = refusals.find((r) => r.status === 403) ?? refusals.find((r) => r.status === 409) ?? refusals[0];
      const errors = refusals.map((r) => ({ field: r.field, message: r.message }));
      throw new HttpProblem(worst.status, worst.code, worst.status === 403 ? 'Not allowed' : 'This field cannot change now', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
    }
    // Against the employees' cache under its version token, as a new card's people are.
    if (set.participants) await documents.checkPeopleExist(set.participants as Record<string, unknown>, 'body.changes.participants');
    await commit(actor, documentId, version, 'edit', changes, set, input.comment);
    return { ...(await documents.get(actor, documentId)), cardVersion: version + 1 };
  }

  /** The card's edits, oldest first: who changed what from what to what. */
  async function edits(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const card = await current(documentId);
    const rows = await models.DocumentEdit.find({ documentId }).sort({ _id: 1 }).lean();
    return {
      documentId,
      cardVersion: card.cardVersion ?? 0,
      items: rows.map((r) => ({ version: r.version, kind: r.kind, actorId: r.actorId, at: new Date(r.at).toISOString(), comment: r.comment ?? undefined, changes: (r.changes ?? []).map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null })) })),
    };
  }

  /** Number and date of a document as a link shows them: the registration's, else the draft's. */
  async function numberAndDate(actor: AuthenticatedActor, documentId: string, field: string) {
    let target;
    try {
      target = await documents.get(actor, documentId);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 404) throw problems.validation([{ field, message: 'no document you can see has this id' }]);
      throw error;
    }
    if (target.registration) return { number: target.registration.number, date: astanaDay(new Date(target.registration.registeredAt)), target };
    return { number: target.draftNumber ?? target.id, date: astanaDay(new Date(target.createdAt)), target };
  }

  function mayLink(actor: AuthenticatedActor, card: Card): boolean {
    return card.authorId === actor.employeeId || actor.roles.includes('registrar') || (card.participantIds ?? []).includes(actor.employeeId);
  }

  async function addLink(actor: AuthenticatedActor, documentId: string, input: LinkInput & { version?: number }) {
    await documents.loadVisible(actor, documentId);
    const card = await current(documentId);
    if (!mayLink(actor, card)) throw problems.forbidden('Links are added by the author, the registry office and the people of the route.');
    const version = card.cardVersion ?? 0;
    if (input.version !== undefined && input.version !== version) throw versionConflict(documentId, input.version, version);
    let link: CardLink;
    if (input.documentId) {
      if (input.documentId === documentId) throw problems.validation([{ field: 'body.documentId', message: 'a document cannot be linked to itself' }]);
      const { number, date } = await numberAndDate(actor, input.documentId, 'body.documentId');
      link = { id: randomUUID().slice(0, 8), kind: input.kind, documentId: input.documentId, number, date };
    } else {
      const errors = [
        ...(input.number ? [] : [{ field: 'body.number', message: 'the other document\'s number is needed when it is not in the system' }]),
        ...(input.date ? [] : [{ field: 'body.date', message: 'the other document\'s date is needed when it is not in the system' }]),
      ];
      if (errors.length) throw problems.validation(errors);
      link = { id: randomUUID().slice(0, 8), kind: input.kind, number: input.number!, date: input.date! };
    }
    const links = (card.links ?? []) as CardLink[];
    const twin = links.find((l) => l.kind === link.kind && (link.documentId ? l.documentId === link.documentId : !l.documentId && l.number === link.number && l.date === link.date));
    if (twin) throw problems.conflict(`The card already has this link (${twin.kind} № ${twin.number}).`, 'link-exists');
    const next = [...links, link];
    await commit(actor, documentId, version, 'link-added', [{ field: 'links', old: null, new: link }], { links: next });
    return { link, cardVersion: version + 1 };
  }

  async function removeLink(actor: AuthenticatedActor, documentId: string, linkId: string, version?: number) {
    await documents.loadVisible(actor, documentId);
    const card = await current(documentId);
    if (!mayLink(actor, card)) throw problems.forbidden('Links are removed by the author, the registry office and the people of the route.');
    const now = card.cardVersion ?? 0;
    if (version !== undefined && version !== now) throw versionConflict(documentId, version, now);
    const links = (card.links ?? []) as CardLink[];
    const gone = links.find((l) => l.id === linkId);
    if (!gone) throw problems.notFound(`Link ${linkId}`);
    await commit(actor, documentId, now, 'link-removed', [{ field: 'links', old: gone, new: null }], { links: links.filter((l) => l.id !== linkId) });
  }

  /** Both directions: the card's links, and the documents that link to it (those the caller may see). */
  async function linksOf(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const card = await current(documentId);
    const reverse = await models.DocumentLink.find({ targetId: documentId }).lean();
    const linkedFrom = [];
    for (const r of reverse) {
      const source = await models.Document.findById(r.sourceId).lean();
      if (!source || !(await documents.canSee(actor, source))) continue;
      const registered = source.registration?.number && source.registration.registeredAt;
      linkedFrom.push({
        kind: r.kind as LinkKind,
        documentId: source._id,
        title: source.title,
        number: registered ? source.registration!.number! : (source.draftNumber ?? source._id),
        date: astanaDay(new Date(registered ? source.registration!.registeredAt! : source.createdAt)),
        status: source.status,
      });
    }
    const links = [];
    for (const l of (card.links ?? []) as CardLink[]) {
      const other = l.documentId ? await models.Document.findById(l.documentId, { title: 1, authorId: 1, participantIds: 1, participants: 1, type: 1, state: 1, route: 1, registration: 1 }).lean() : null;
      const visible = other ? await documents.canSee(actor, other) : false;
      links.push({ id: l.id, kind: l.kind, documentId: l.documentId, number: l.number, date: l.date, ...(visible && other && { title: other.title }) });
    }
    return { documentId, cardVersion: card.cardVersion ?? 0, links, linkedFrom };
  }

  /**
   * A new version of a signed document: a new draft with the same card and files, linked to the old one as
   * "amends". The old one is not touched and keeps its signatures.
   */
  async function newVersion(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const card = await current(documentId);
    if (card.authorId !== actor.employeeId && !actor.roles.includes('registrar')) throw problems.forbidden('A new version is made by the author or the registry office.');
    await refuseIfArchived(documentId);
    if (!(await isSigned(documentId))) throw problems.conflict('The document is not signed yet: edit it instead of making a new version.', 'not-signed');
    const created = await documents.create(actor, {
      type: card.type,
      title: card.title,
      language: (card.language ?? 'kk') as 'kk' | 'ru',
      ...(card.correspondent && { correspondent: card.correspondent }),
      ...(card.summary && { summary: card.summary }),
      participants: (card.participants ?? {}) as Record<string, unknown>,
      fields: (card.fields ?? {}) as Record<string, unknown>,
    });
    // `version` numbers the replaced document in its chain: the first signed one is version 1.
    const replaced = card.versionOf?.version ? card.versionOf.version + 1 : 1;
    await models.Document.updateOne({ _id: created.id }, { $set: { versionOf: { documentId, version: replaced } } });
    if (deps.store) {
      for (const file of await deps.store.list(documentId)) {
        await deps.store.upload({ documentId: created.id, kind: file.kind, filename: file.filename, uploadedBy: actor.employeeId, source: deps.store.openStream(file.id) });
      }
    }
    await addLink(actor, created.id, { kind: 'amends', documentId });
    return documents.get(actor, created.id);
  }

  /**
   * A reply closes the control of the document it answers: its responsible executor's execution card names
   * the registered reply, which executes the resolution (the controller then removes it from control).
   */
  async function closeControlByReply(actor: AuthenticatedActor, documentId: string, input: { replyId: string; resolutionId?: string }) {
    const incoming = await documents.get(actor, documentId);
    const reply = await current(input.replyId);
    await documents.loadVisible(actor, input.replyId);
    const answers = ((reply.links ?? []) as CardLink[]).some((l) => l.kind === 'in-reply-to' && l.documentId === documentId);
    if (!answers) throw problems.validation([{ field: 'body.replyId', message: 'this document is not linked "in reply to" the one whose control it should close' }]);
    const replyView = await documents.get(actor, input.replyId);
    if (!replyView.registration) throw problems.validation([{ field: 'body.replyId', message: 'the reply is not registered yet' }]);
    const state = incoming.workflow as { tasks?: Array<{ kind: string; state: string; assigneeId: string; resolutionId?: string }> } | undefined;
    const resolutionId =
      input.resolutionId ?? state?.tasks?.find((t) => t.kind === 'execute' && t.state === 'open' && t.assigneeId === actor.employeeId)?.resolutionId;
    if (!resolutionId) throw problems.conflict('You have no open execution task on this document to close with the reply.', 'no-execution-task');
    const date = astanaDateLabel(new Date(replyView.registration.registeredAt));
    const text = incoming.language === 'ru' ? `Дан ответ № ${replyView.registration.number} от ${date}.` : `${date} № ${replyView.registration.number} жауап берілді.`;
    return documents.act(actor, documentId, 'file-card', { resolutionId, text, attachmentIds: [] } as never);
  }

  return { edit, edits, addLink, removeLink, linksOf, newVersion, closeControlByReply, numberAndDate, current };
}

export type CardService = ReturnType<typeof createCardService>;
