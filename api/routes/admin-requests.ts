/**
 * /api/documents/:id/admin-requests: requests to the system administrator raised from a memo's execution (002 §§7–9).
 * The responsible executor raises one; a Deputy Chairman agrees or returns it; an administrator sets its deadline
 * (a date, or working/calendar days on the Kazakh calendar), adds files and answers. The answer's files are stored as
 * the responsible executor's execution-card files of that resolution, so filing the card carries them
 * (document-service, `file-card`). The rules are domain/documents/admin-request.ts; every step is an audit event.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { AttachmentStore } from '../../domain/attachments/attachment-store';
import { AttachmentRuleError } from '../../domain/attachments/upload-inspector';
import type { Models } from '../../db/models';
import type { AdminRequestRecord } from '../../db/models/admin-request';
import { headWrites } from '../../db/models/notification';
import { astanaDay, startOfAstanaDay } from '../../domain/calendar/astana-zone';
import { buildBusinessCalendar, knownYears } from '../../domain/calendar/build-calendar';
import { addCalendarDays, calendarYearsForInstant, computeDeadline, type BusinessCalendar } from '../../domain/calendar/business-calendar';
import {
  DEPUTY_CHAIRMAN_POSITION,
  deadlineBreach,
  refuseAgreement,
  refuseAnswer,
  refuseAnswerFile,
  refuseDeadline,
  refuseRaise,
  type RequestRefusal,
} from '../../domain/documents/admin-request';
import { createParticipantResolver } from '../../domain/documents/participant-resolver';
import { executionFilesOwner } from '../../domain/records/execution-files';
import { createSearchIndexer } from '../../domain/search/search-indexer';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { RouteKit } from '../route-kit';
import { attachmentProblem } from '../services/attachment-service';
import type { SubstitutionService } from '../services/substitution-service';
import { z } from '../../domain/zod';
import { adminRequestView, agreementBody, answerBody, deadlineBody, id, params, raiseBody } from '../services/admin-request-schemas';

interface Deps {
  models: Models;
  audit: AuditChain;
  store: AttachmentStore;
  substitutions: SubstitutionService;
  /** Loads the document as its card does: 404 for whoever may not see it. */
  loadVisible(actor: AuthenticatedActor, documentId: string): Promise<{ _id: string; type?: string | null; authorId: string; status?: string | null; state?: unknown }>;
  now?: () => Date;
}

type Stored = AdminRequestRecord & { _id: string; createdAt?: Date };
const ADMINISTRATOR = { deputy: false, administrator: true };

export function mountAdminRequestRoutes(route: RouteKit, deps: Deps): void {
  const { AdminRequest, Attachment, Document, CalendarOverride, CalendarYear, Employee, Notification } = deps.models;
  const now = deps.now ?? (() => new Date());
  const participants = createParticipantResolver(deps.models);
  const searchIndex = createSearchIndexer(deps.models);

  function refused(refusal: RequestRefusal): HttpProblem {
    if (refusal.field) return problems.validation([{ field: refusal.field, message: refusal.message }]);
    if (refusal.status === 403) return problems.forbidden(refusal.message);
    return problems.conflict(refusal.message, 'admin-request-state');
  }

  /** What the caller may do now, by the same rules the endpoints apply. */
  interface Caller {
    deputy: boolean;
    administrator: boolean;
  }
  function actionsOf(r: Stored, who: Caller): Array<'agree' | 'deadline' | 'answer'> {
    const facts = { state: r.state, raisedBy: r.raisedBy };
    if (!refuseAgreement(facts, who.deputy)) return ['agree'];
    if (who.administrator && !refuseAnswerFile(facts)) return ['deadline', 'answer'];
    return [];
  }
  async function callerOf(actor: AuthenticatedActor, doc: { _id: string; authorId: string; type?: string | null }): Promise<Caller> {
    return { deputy: (await actingDeputy(actor, await deputyChairmen(doc._id, doc.authorId), doc.type ?? undefined)).acts, administrator: actor.roles.includes('administrator') };
  }

  async function view(r: Stored, who: Caller) {
    const files = [];
    for (const fileId of r.uploadedFileIds ?? []) {
      const f = await Attachment.findById(fileId, { filename: 1, size: 1, state: 1 }).lean();
      if (f?.state === 'stored') files.push({ id: fileId, filename: f.filename ?? '', size: f.size ?? 0 });
    }
    const breach = deadlineBreach({ state: r.state, raisedBy: r.raisedBy, dueAt: r.deadline?.dueAt, answeredAt: r.answer?.at }, now().getTime());
    return {
      id: r._id,
      documentId: r.documentId,
      resolutionId: r.resolutionId,
      raisedBy: r.raisedBy,
      raisedAt: (r.createdAt ?? new Date(0)).toISOString(),
      change: r.change,
      reason: r.reason,
      state: r.state,
      ...(r.agreement && {
        agreement: { decision: r.agreement.decision, by: r.agreement.by, ...(r.agreement.onBehalfOf && { onBehalfOf: r.agreement.onBehalfOf }), at: r.agreement.at.toISOString(), ...(r.agreement.comment && { comment: r.agreement.comment }) },
      }),
      ...(r.deadline && {
        deadline: {
          dueAt: r.deadline.dueAt.toISOString(),
          ...(r.deadline.dueOn && { dueOn: r.deadline.dueOn }),
          ...(r.deadline.rule?.days && { rule: { days: r.deadline.rule.days, kind: r.deadline.rule.kind as 'working' | 'calendar' } }),
          explanation: r.deadline.explanation,
          setBy: r.deadline.setBy,
          setAt: r.deadline.setAt.toISOString(),
          ...(breach && { breach }),
        },
      }),
      files,
      ...(r.answer && { answer: { text: r.answer.text, attachmentIds: r.answer.attachmentIds ?? [], by: r.answer.by, at: r.answer.at.toISOString() } }),
      actions: actionsOf(r, who),
    };
  }

  async function load(documentId: string, reqId: string): Promise<Stored> {
    const r = (await AdminRequest.findById(reqId).lean()) as Stored | null;
    if (!r || r.documentId !== documentId) throw problems.notFound(`Request ${reqId}`);
    return r;
  }

  async function event(type: string, actor: AuthenticatedActor, r: { _id: string; documentId: string }, data: Record<string, unknown>, key = type): Promise<void> {
    await deps.audit.append([{ eventKey: `${r._id}:${key}`, type, at: new Date(), actorId: actor.employeeId, documentId: r.documentId, data: { requestId: r._id, ...data } }]);
  }

  /**
   * A notification row for each person (idempotent by its key); the worker's delivery shows it under the bell and
   * mails it on the person's channel for new tasks, as it does the route's own notifications.
   */
  async function notify(recipients: string[], kind: string, r: { _id: string; documentId: string }, step: string, params: Record<string, unknown> = {}): Promise<void> {
    for (const recipientId of new Set(recipients)) {
      await Notification.bulkWrite(
        [{ updateOne: { filter: { _id: `${r._id}:${step}:${recipientId}` }, update: { $setOnInsert: { recipientId, documentId: r.documentId, kind, params } }, upsert: true } }, ...headWrites([recipientId], new Date())],
        { ordered: true },
      );
    }
  }

  /** The Deputy Chairmen now, and whether the actor is one or stands in for one (a substitution in force). */
  async function deputyChairmen(documentId: string, authorId: string): Promise<string[]> {
    return participants.resolve({ kind: 'position', positionId: DEPUTY_CHAIRMAN_POSITION }, { documentId, authorId });
  }
  async function actingDeputy(actor: AuthenticatedActor, deputies: string[], documentType: string | undefined): Promise<{ acts: boolean; onBehalfOf?: string }> {
    if (deputies.includes(actor.employeeId)) return { acts: true };
    const represented = await deps.substitutions.representedBy(actor.employeeId, now(), documentType ?? undefined);
    const absent = represented.find((p) => deputies.includes(p));
    return absent ? { acts: true, onBehalfOf: absent } : { acts: false };
  }

  /** The Kazakh business calendar from now on: the years the term may run into, as the worker builds it. */
  async function calendarFrom(fromMs: number): Promise<BusinessCalendar> {
    const [year] = calendarYearsForInstant(fromMs);
    const years = await knownYears([year, year + 1, year + 2], async (ys) => (await CalendarYear.find({ _id: { $in: ys.map(String) } }, { year: 1 }).lean()).map((y) => y.year));
    if (!years.includes(year)) throw problems.conflict(`The calendar for ${year} is not loaded: an administrator loads the year's table of holidays and moved days first.`, 'calendar-not-loaded');
    const overrides = (await CalendarOverride.find({ year: { $in: years } }).lean()).map((o) => ({ date: o._id, kind: o.kind, reason: o.reason }));
    return buildBusinessCalendar({ years, overrides });
  }

  route(
    {
      method: 'post',
      path: '/api/documents/:id/admin-requests',
      summary: "Raise a request to the system administrator from your execution of a memo asking to change the EDMS (what change, why the Department cannot make it); it goes to the Deputy Chairman for agreement",
      tags: ['documents'],
      roles: [],
      params: z.object({ id }),
      body: raiseBody,
      response: { status: 201, description: 'The request, waiting for agreement', schema: adminRequestView },
    },
    async ({ actor, params, body }) => {
      const doc = await deps.loadVisible(actor, params.id);
      const refusal = refuseRaise(doc, actor.employeeId, body.resolutionId);
      if (refusal) throw refused(refusal);
      const deputies = await deputyChairmen(doc._id, doc.authorId);
      if (deputies.length === 0) throw problems.conflict('Nobody holds the position of Deputy Chairman to agree the request: the organisation structure needs one first.', 'no-deputy-chairman');
      const created = await AdminRequest.create({ _id: `${doc._id}:${randomUUID()}`, documentId: doc._id, resolutionId: body.resolutionId, raisedBy: actor.employeeId, change: body.change, reason: body.reason, state: 'awaiting-agreement' });
      // The Deputy Chairman now takes part in the memo: he sees its card (and finds it in search) to agree.
      await Document.updateOne({ _id: doc._id }, { $addToSet: { participantIds: { $each: deputies } } });
      await searchIndex.reindex(doc._id);
      await event('admin-request.raised', actor, created, { resolutionId: body.resolutionId, deputyChairmen: deputies });
      const raiser = await Employee.findById(actor.employeeId, { fullName: 1 }).lean();
      await notify(deputies, 'admin-request.to-agree', created, 'to-agree', { personName: raiser?.fullName });
      return view(created.toObject() as Stored, await callerOf(actor, doc));
    },
  );

  route(
    {
      method: 'get',
      path: '/api/documents/:id/admin-requests',
      summary: "The memo's requests to the system administrator, oldest first, with their states, deadlines and answers",
      tags: ['documents'],
      roles: [],
      params: z.object({ id }),
      response: { description: 'The requests', schema: z.array(adminRequestView) },
    },
    async ({ actor, params }) => {
      const doc = await deps.loadVisible(actor, params.id);
      const rows = (await AdminRequest.find({ documentId: params.id }).sort({ createdAt: 1 }).lean()) as Stored[];
      const who = rows.length > 0 ? await callerOf(actor, doc) : { deputy: false, administrator: false };
      return Promise.all(rows.map((r) => view(r, who)));
    },
  );

  route(
    {
      method: 'post',
      path: '/api/documents/:id/admin-requests/:requestId/agreement',
      summary: 'Agree the request (it goes to the system administrators) or return it with a comment: the Deputy Chairman, or his substitute',
      tags: ['documents'],
      roles: [],
      params,
      body: agreementBody,
      response: { description: 'The request after the decision', schema: adminRequestView },
    },
    async ({ actor, params, body }) => {
      const doc = await deps.loadVisible(actor, params.id);
      const r = await load(doc._id, params.requestId);
      const deputy = await actingDeputy(actor, await deputyChairmen(doc._id, doc.authorId), doc.type ?? undefined);
      const refusal = refuseAgreement(r, deputy.acts);
      if (refusal) throw refused(refusal);
      const decision = body.decision === 'agree' ? 'agreed' : 'returned';
      const agreement = { decision, by: actor.employeeId, ...(deputy.onBehalfOf && { onBehalfOf: deputy.onBehalfOf }), at: now(), ...(body.comment && { comment: body.comment }) };
      const state = decision === 'agreed' ? 'with-administrator' : 'returned';
      const updated = (await AdminRequest.findOneAndUpdate({ _id: r._id, state: 'awaiting-agreement' }, { $set: { state, agreement } }, { new: true }).lean()) as Stored | null;
      if (!updated) throw problems.conflict('The request was decided meanwhile.', 'admin-request-state');
      await event(`admin-request.${decision}`, actor, r, { ...(deputy.onBehalfOf && { onBehalfOf: deputy.onBehalfOf }) });
      await notify([r.raisedBy], 'admin-request.decided', r, decision, { outcome: decision, ...(body.comment && { comment: body.comment }) });
      if (decision === 'agreed') await notify(await participants.resolve({ kind: 'role', role: 'administrator' }, { documentId: doc._id, authorId: doc.authorId }), 'admin-request.to-answer', r, 'to-answer');
      return view(updated, { deputy: true, administrator: actor.roles.includes('administrator') });
    },
  );

  route(
    {
      method: 'post',
      path: '/api/documents/:id/admin-requests/:requestId/deadline',
      summary: "Set (or move) the request's execution deadline: a last day, or working or calendar days on the Kazakh calendar from now",
      tags: ['documents'],
      roles: ['administrator'],
      params,
      body: deadlineBody,
      response: { description: 'The request in work, with its deadline', schema: adminRequestView },
    },
    async ({ actor, params, body }) => {
      const doc = await deps.loadVisible(actor, params.id);
      const r = await load(doc._id, params.requestId);
      const at = now();
      let dueAtMs: number;
      let explanation: string;
      let rule: { days: number; kind: 'working' | 'calendar' } | undefined;
      if (body.dueOn) {
        // Due by the end of that day in Astana, as a resolution's date is.
        dueAtMs = startOfAstanaDay(addCalendarDays(body.dueOn, 1)).getTime() - 1;
        explanation = `until the end of ${body.dueOn} (Astana), as the system administrator set it`;
      } else {
        rule = { days: body.days!, kind: body.kind! };
        try {
          const computed = computeDeadline(at.getTime(), rule, await calendarFrom(at.getTime()));
          dueAtMs = computed.dueAtMs;
          explanation = computed.explanation;
        } catch (error) {
          if (error instanceof HttpProblem) throw error;
          throw problems.conflict(`The deadline cannot be counted on the calendar: ${(error as Error).message}`, 'calendar-not-loaded');
        }
      }
      const refusal = refuseDeadline(r, dueAtMs, body.dueOn ? startOfAstanaDay(astanaDay(at)).getTime() : at.getTime(), 'body.dueOn');
      if (refusal) throw refused(refusal);
      const deadline = { dueAt: new Date(dueAtMs), ...(body.dueOn && { dueOn: body.dueOn }), ...(rule && { rule }), explanation, setBy: actor.employeeId, setAt: at };
      const updated = (await AdminRequest.findOneAndUpdate({ _id: r._id, state: r.state }, { $set: { state: 'in-work', deadline } }, { new: true }).lean()) as Stored | null;
      if (!updated) throw problems.conflict('The request changed meanwhile; read it again.', 'admin-request-state');
      await event('admin-request.deadline-set', actor, r, { dueAtMs, ...(rule && { rule }), ...(r.deadline && { previousDueAtMs: r.deadline.dueAt.getTime() }) }, `admin-request.deadline-set:${randomUUID()}`);
      return view(updated, await callerOf(actor, doc));
    },
  );

  route(
    {
      method: 'post',
      path: '/api/documents/:id/admin-requests/:requestId/files',
      summary: "Upload a file of the answer (raw body, streamed, with ?filename=): it is kept with the responsible executor's execution card of the memo",
      tags: ['documents'],
      roles: ['administrator'],
      params,
      query: z.object({ filename: z.string().min(1).max(1000) }).strict(),
      response: { status: 201, description: 'The request with the file among its files', schema: adminRequestView },
    },
    async ({ actor, params, query, req }) => {
      if (req.is('application/json') || req.is('multipart/*') || req.is('application/x-www-form-urlencoded')) {
        throw problems.unsupportedMediaType('Send the file itself as the request body (e.g. Content-Type: application/octet-stream) with ?filename=.');
      }
      const doc = await deps.loadVisible(actor, params.id);
      const r = await load(doc._id, params.requestId);
      const refusal = refuseAnswerFile(r);
      if (refusal) throw refused(refusal);
      const stored = await uploadTo(executionFilesOwner(doc._id, r.resolutionId, r.raisedBy), query.filename, actor, req);
      const updated = (await AdminRequest.findByIdAndUpdate(r._id, { $addToSet: { uploadedFileIds: stored.id } }, { new: true }).lean()) as Stored;
      await event('admin-request.file-added', actor, r, { attachmentId: stored.id, sha256: stored.sha256, size: stored.size }, `admin-request.file-added:${stored.id}`);
      return view(updated, await callerOf(actor, doc));
    },
  );

  async function uploadTo(owner: string, filename: string, actor: AuthenticatedActor, req: Request) {
    const length = req.get('content-length');
    try {
      return await deps.store.upload({ documentId: owner, kind: 'attachment', filename, uploadedBy: actor.employeeId, source: req, declaredBytes: length !== undefined ? Number(length) : undefined });
    } catch (error) {
      if (error instanceof AttachmentRuleError) {
        if (!req.complete) req.res?.setHeader('Connection', 'close');
        throw attachmentProblem(error);
      }
      throw error;
    }
  }

  route(
    {
      method: 'post',
      path: '/api/documents/:id/admin-requests/:requestId/answer',
      summary: "Answer the request (text, and the files uploaded for it): the answer is shown on the memo's execution card and carried by the responsible executor's card",
      tags: ['documents'],
      roles: ['administrator'],
      params,
      body: answerBody,
      response: { description: 'The answered request', schema: adminRequestView },
    },
    async ({ actor, params, body }) => {
      const doc = await deps.loadVisible(actor, params.id);
      const r = await load(doc._id, params.requestId);
      const uploaded = new Set((await view(r, ADMINISTRATOR)).files.map((f) => f.id));
      const attachmentIds = body.attachmentIds ? [...new Set(body.attachmentIds)] : [...uploaded];
      const refusal = refuseAnswer(r, attachmentIds, uploaded);
      if (refusal) throw refused(refusal);
      const answer = { text: body.text, attachmentIds, by: actor.employeeId, at: now() };
      const updated = (await AdminRequest.findOneAndUpdate({ _id: r._id, state: r.state }, { $set: { state: 'answered', answer } }, { new: true }).lean()) as Stored | null;
      if (!updated) throw problems.conflict('The request changed meanwhile; read it again.', 'admin-request-state');
      const breach = deadlineBreach({ state: 'answered', raisedBy: r.raisedBy, dueAt: r.deadline?.dueAt, answeredAt: answer.at }, answer.at.getTime());
      await event('admin-request.answered', actor, r, { attachmentIds, ...(breach && { late: true }) });
      await notify([r.raisedBy], 'admin-request.decided', r, 'answered', { outcome: 'answered' });
      return view(updated, await callerOf(actor, doc));
    },
  );
}
