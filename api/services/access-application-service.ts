/**
 * Access applications (seed-004 ¶¶13–16): a signed-in person applies to register a new account, or to move
 * or block an existing one. The application is a document of type `access-application` run by the generic
 * document workflow (head approval, then an administrator's decision within 24 h); its effect is carried out
 * inside the recordTransition activity when the route completes (`domain/access/access-application-effects.ts`).
 * A block is different: it takes effect the moment it is filed (¶14), and the route that follows only
 * records the decision.
 */
import { randomUUID } from 'node:crypto';
import type { Models } from '../../db/models';
import type { AccessAction } from '../../db/models/access-application';
import type { Role } from '../../db/models/employee';
import { createParticipantResolver } from '../../domain/documents/participant-resolver';
import { ACCESS_APPLICATION_TYPE, ensureAccessApplicationRoute } from '../../db/seed/access-application-route';
import { blockRefusal, type BlockGround } from '../../domain/access/block-grounds';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';
import type { OrgService } from './org-service';
import type { SubstitutionManagement } from './substitution-management';

const SEES_ALL: readonly Role[] = ['administrator', 'auditor'];
const NOT_ROUTED = 'nobody heads a unit above the applicant to sign: the block stands, the application has no route';

export type AccessApplicationInput =
  | {
      action: 'register';
      subjectId?: string;
      person: { fullName: string; iin: string; email?: string; language: 'kk' | 'ru'; certificateDn?: string };
      unitId: string;
      positionId?: string;
      roles?: Role[];
      reason: string;
    }
  | { action: 'move'; subjectId: string; unitId: string; positionId?: string; roles?: Role[]; reason: string }
  | { action: 'block'; subjectId: string; reason: string; ground?: BlockGround; absentFrom?: string; absentUntil?: string };

export interface AccessApplicationDeps {
  models: Pick<Models, 'AccessApplication' | 'Employee' | 'Unit' | 'Position' | 'Document' | 'RouteVersion' | 'DocumentType'>;
  documents: DocumentService;
  org: OrgService;
  substitutions: Pick<SubstitutionManagement, 'isHeadAbove'>;
}

export function createAccessApplicationService(deps: AccessApplicationDeps) {
  const { models, documents } = deps;
  const participants = createParticipantResolver(models);
  let routeReady: Promise<void> | undefined;

  async function checkTarget(input: AccessApplicationInput): Promise<void> {
    if (input.action === 'block') return;
    if (!(await models.Unit.exists({ _id: input.unitId }))) throw problems.validation([{ field: 'body.unitId', message: `no unit "${input.unitId}"` }]);
    if (input.positionId && (await models.Position.findById(input.positionId, { unitId: 1 }).lean())?.unitId !== input.unitId) {
      throw problems.validation([{ field: 'body.positionId', message: `no position "${input.positionId}" in unit "${input.unitId}"` }]);
    }
  }

  /** Moving or blocking an account is asked for by its holder, a head above them, or an administrator. */
  async function checkMayApplyFor(actor: AuthenticatedActor, subjectId: string): Promise<void> {
    const subject = await models.Employee.findById(subjectId, { status: 1 }).lean();
    if (!subject || subject.status === 'deleted') throw problems.validation([{ field: 'body.subjectId', message: `no account "${subjectId}"` }]);
    const allowed = actor.employeeId === subjectId || actor.roles.includes('administrator') || (await deps.substitutions.isHeadAbove(actor.employeeId, subjectId));
    if (!allowed) throw problems.forbidden('You may apply for your own account or for the people under you.');
  }

  /**
   * The route's first stage needs the head above the applicant; without one the stage could not start and the
   * application would wait for an org-tree fix, so it is refused now with the reason.
   */
  async function hasHeadAbove(actor: AuthenticatedActor): Promise<boolean> {
    const applicant = await models.Employee.findById(actor.employeeId, { unitId: 1 }).lean();
    return (await participants.headOf(applicant?.unitId, actor.employeeId)).length > 0;
  }

  const noHeadAbove = () => problems.unprocessable('Nobody heads a unit above you to sign the application; ask an administrator to make the change directly.', 'no-head-above');

  async function checkHeadAbove(actor: AuthenticatedActor): Promise<void> {
    if (!(await hasHeadAbove(actor))) throw noHeadAbove();
  }

  /**
   * A block is carried out before anything else can fail (¶¶14, 16: immediately): the account is blocked and its
   * sessions end, so its very next request is refused. The route that follows records the head's and the
   * administrator's decision. When nobody could sign it (no head above the applicant), a block on dismissal or
   * removal still stands and the application is kept without a route; other blocks are refused unfiled (422).
   */
  async function fileBlock(actor: AuthenticatedActor, input: Extract<AccessApplicationInput, { action: 'block' }>, source: string) {
    const ground = input.ground ?? 'other';
    await checkMayApplyFor(actor, input.subjectId);
    const refusal = blockRefusal({ ground, applicantId: actor.employeeId, subjectId: input.subjectId, absentFrom: input.absentFrom, absentUntil: input.absentUntil }, actor.roles.includes('administrator'));
    if (refusal?.forbidden) throw problems.forbidden(`${refusal.field}: ${refusal.message}`);
    if (refusal) throw problems.validation([{ field: refusal.field, message: refusal.message }]);
    // Dismissal and removal cannot wait for an org-tree fix (¶16); other blocks are refused unfiled, as other applications are.
    const routed = await hasHeadAbove(actor);
    if (!routed && ground !== 'dismissal' && ground !== 'removal') throw noHeadAbove();
    await deps.org.block({ actor, source }, input.subjectId, `access application (${ground}): ${input.reason}`);
    const blockedAt = new Date();
    const created = await documents.create(actor, {
      type: ACCESS_APPLICATION_TYPE,
      title: `Access application: block ${input.subjectId}`,
      language: 'kk',
      summary: input.reason,
      participants: {},
      fields: { action: 'block', subjectId: input.subjectId, ground },
    });
    await models.AccessApplication.create({
      _id: created.id,
      action: 'block',
      applicantId: actor.employeeId,
      subjectId: input.subjectId,
      reason: input.reason,
      ground,
      absentFrom: input.absentFrom,
      absentUntil: input.absentUntil,
      outcome: 'applied',
      appliedAt: blockedAt,
      outcomeDetail: routed ? undefined : NOT_ROUTED,
    });
    if (routed) await documents.act(actor, created.id, 'submit', { comment: input.reason });
    return get(actor, created.id);
  }

  async function file(actor: AuthenticatedActor, input: AccessApplicationInput, source: string) {
    await (routeReady ??= ensureAccessApplicationRoute(models).catch((error: unknown) => {
      routeReady = undefined;
      throw error;
    }));
    if (input.action === 'block') return fileBlock(actor, input, source);
    let subjectId: string;
    if (input.action === 'register') {
      subjectId = input.subjectId ?? randomUUID();
      if (await models.Employee.exists({ _id: subjectId })) throw problems.conflict(`Account ${subjectId} already exists.`);
      if (await models.Employee.exists({ iin: input.person.iin, status: { $ne: 'deleted' } })) throw problems.conflict('An account with this IIN already exists.', 'org-duplicate');
    } else {
      subjectId = input.subjectId;
      await checkMayApplyFor(actor, subjectId);
    }
    await checkTarget(input);
    await checkHeadAbove(actor);

    const created = await documents.create(actor, {
      type: ACCESS_APPLICATION_TYPE,
      title: `Access application: ${input.action} ${subjectId}`,
      language: 'kk',
      summary: input.reason,
      participants: {},
      fields: { action: input.action, subjectId },
    });
    await models.AccessApplication.create({
      _id: created.id,
      action: input.action,
      applicantId: actor.employeeId,
      subjectId,
      person: input.action === 'register' ? input.person : undefined,
      unitId: input.unitId,
      positionId: input.positionId,
      roles: input.roles,
      reason: input.reason,
      outcome: 'pending',
    });
    await documents.act(actor, created.id, 'submit', { comment: input.reason });
    return get(actor, created.id);
  }

  async function get(actor: AuthenticatedActor, id: string) {
    const app = await models.AccessApplication.findById(id).lean();
    if (!app) throw problems.notFound(`Access application ${id}`);
    const mayRead = actor.roles.some((r) => SEES_ALL.includes(r)) || app.applicantId === actor.employeeId || app.subjectId === actor.employeeId;
    const doc = mayRead ? await models.Document.findById(id, { status: 1, stageId: 1 }).lean() : await documents.loadVisible(actor, id).catch(() => undefined);
    if (!doc) throw problems.notFound(`Access application ${id}`);
    return viewOf(app, doc);
  }

  async function list(actor: AuthenticatedActor, query: { subjectId?: string }) {
    const seesAll = actor.roles.some((r) => SEES_ALL.includes(r));
    const filter: Record<string, unknown> = seesAll ? {} : { $or: [{ applicantId: actor.employeeId }, { subjectId: actor.employeeId }] };
    if (query.subjectId) filter.subjectId = query.subjectId;
    const apps = await models.AccessApplication.find(filter).sort({ createdAt: -1 }).limit(500).lean();
    const docs = new Map((await models.Document.find({ _id: { $in: apps.map((a) => a._id) } }, { status: 1, stageId: 1 }).lean()).map((d) => [d._id, d]));
    return apps.map((a) => viewOf(a, docs.get(a._id) ?? { status: 'draft' }));
  }

  return { file, get, list };
}

interface AppRow {
  _id: string;
  action: AccessAction;
  applicantId: string;
  subjectId: string;
  unitId?: string | null;
  positionId?: string | null;
  roles?: string[] | null;
  reason?: string | null;
  ground?: string | null;
  absentFrom?: string | null;
  absentUntil?: string | null;
  outcome?: string | null;
  outcomeDetail?: string | null;
  appliedAt?: Date | null;
  createdAt: Date;
}

interface DocRow {
  status: string;
  stageId?: string | null;
}

/** Where the application stands, in the applicant's terms (the route's status underneath). */
function decisionOf(doc: DocRow, outcome: string | null | undefined, detail?: string | null) {
  if (detail === NOT_ROUTED) return 'not-routed' as const;
  if (doc.status === 'rejected' || doc.status === 'withdrawn') return 'refused' as const;
  if (doc.status === 'executed') return outcome === 'not-applicable' ? ('not-applicable' as const) : ('granted' as const);
  if (doc.status === 'draft') return 'draft' as const;
  return doc.stageId === 'head-approval' ? ('awaiting-head' as const) : ('awaiting-administrator' as const);
}

function viewOf(app: AppRow, doc: DocRow) {
  return {
    id: app._id,
    action: app.action,
    applicantId: app.applicantId,
    subjectId: app.subjectId,
    unitId: app.unitId ?? undefined,
    positionId: app.positionId ?? undefined,
    roles: app.roles ?? undefined,
    reason: app.reason ?? undefined,
    documentStatus: doc.status,
    ground: (app.ground ?? undefined) as BlockGround | undefined,
    absentFrom: app.absentFrom ?? undefined,
    absentUntil: app.absentUntil ?? undefined,
    decision: decisionOf(doc, app.outcome, app.outcomeDetail),
    effect: { outcome: app.outcome ?? 'pending', detail: app.outcomeDetail ?? undefined, appliedAt: app.appliedAt ? app.appliedAt.toISOString() : undefined },
    filedAt: new Date(app.createdAt).toISOString(),
  };
}

export type AccessApplicationService = ReturnType<typeof createAccessApplicationService>;
