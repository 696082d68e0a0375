/**
 * Carries out an access application (seed-004 ¶¶13–15) when its route completes: registers the new account
 * or moves the existing one. Runs inside the `recordTransition` activity (see with-transition-hooks), so the
 * workflow stays a plain document route. A block is carried out when it is filed, not here (¶14).
 *
 * Idempotent: the application's outcome is set once; a retry finds it no longer pending. An effect that has
 * become impossible (the IIN is taken by now, the unit is gone) is recorded as not applicable rather than
 * retried forever: the route has already ended, and the administrator reads the outcome and acts.
 */
import type { Models } from '../../db/models';
import type { AccessApplicationRecord } from '../../db/models/access-application';
import type { AuditChain } from '../audit/audit-chain';
import type { ProjectedCard, RecordTransitionInput } from '../../activities/contracts';
import { ACCESS_APPLICATION_TYPE } from '../../db/seed/access-application-route';

type Application = AccessApplicationRecord & { _id: string };

function isFromThisApplication(existing: { iin?: string | null; unitId: string; fullName: string }, app: Application): boolean {
  return existing.fullName === app.person?.fullName && existing.unitId === app.unitId && (existing.iin ?? undefined) === (app.person?.iin ?? undefined);
}

export function createAccessApplicationEffects(deps: { models: Pick<Models, 'AccessApplication' | 'Employee' | 'Unit' | 'Position'>; audit: AuditChain }) {
  const { models, audit } = deps;

  async function reasonNotApplicable(app: Application): Promise<string | undefined> {
    if (app.unitId && !(await models.Unit.exists({ _id: app.unitId }))) return `unit ${app.unitId} no longer exists`;
    // By _id, the unit compared here: any other filter makes the embedded database read the whole collection.
    if (app.positionId && (await models.Position.findById(app.positionId, { unitId: 1 }).lean())?.unitId !== app.unitId) return `position ${app.positionId} is not in unit ${app.unitId}`;
    if (app.action === 'register') {
      const existing = await models.Employee.findById(app.subjectId, { iin: 1, unitId: 1, fullName: 1 }).lean();
      // An earlier attempt of this very activity may have created it before crashing: that is success.
      if (existing && isFromThisApplication(existing, app)) return undefined;
      if (existing) return `account ${app.subjectId} already exists`;
      if (app.person?.iin && (await models.Employee.exists({ iin: app.person.iin, status: { $ne: 'deleted' } }))) return 'another account has this IIN by now';
    } else {
      const subject = await models.Employee.findById(app.subjectId, { status: 1 }).lean();
      if (!subject || subject.status === 'deleted') return `account ${app.subjectId} no longer exists`;
    }
    return undefined;
  }

  async function apply(app: Application): Promise<void> {
    if (app.action === 'register') {
      if (await models.Employee.exists({ _id: app.subjectId })) return; // created by an earlier attempt
      await models.Employee.create({
        _id: app.subjectId,
        fullName: app.person!.fullName!,
        iin: app.person?.iin ?? undefined,
        email: app.person?.email ?? undefined,
        language: app.person?.language ?? 'kk',
        certificateDn: app.person?.certificateDn ?? undefined,
        unitId: app.unitId!,
        positionId: app.positionId ?? undefined,
        roles: app.roles?.length ? app.roles : ['employee'],
        status: 'active',
      });
    } else if (app.action === 'move') {
      const set: Record<string, unknown> = { unitId: app.unitId };
      if (app.roles?.length) set.roles = app.roles;
      await models.Employee.updateOne({ _id: app.subjectId }, app.positionId ? { $set: { ...set, positionId: app.positionId } } : { $set: set, $unset: { positionId: 1 } });
    }
  }

  return async function onTransition(input: RecordTransitionInput, card?: ProjectedCard): Promise<void> {
    const finished = input.events.find((e) => e.type === 'document.executed');
    if (!finished) return;
    // Only an access application's card has an application: other documents' ends read nothing. Without the
    // card (a hook called on its own) the application is looked up as before.
    if (card && card.type !== ACCESS_APPLICATION_TYPE) return;
    const app = (await models.AccessApplication.findById(input.documentId).lean()) as Application | null;
    if (!app || app.outcome !== 'pending' || app.action === 'block') return;
    const decidedBy = [...input.state.tasks].reverse().find((t) => t.state === 'done')?.actedBy;
    const problem = await reasonNotApplicable(app);
    if (!problem) await apply(app);
    // Claim the outcome only now: a crash between apply and here is retried, and apply's own checks hold.
    await models.AccessApplication.updateOne(
      { _id: app._id, outcome: 'pending' },
      { $set: { outcome: problem ? 'not-applicable' : 'applied', outcomeDetail: problem, appliedAt: problem ? undefined : new Date(finished.atMs) } },
    );
    await audit.append([
      {
        eventKey: `${input.documentId}:access-application:outcome`,
        type: problem ? 'access.application.not-applicable' : 'access.application.applied',
        at: new Date(finished.atMs),
        documentId: input.documentId,
        routeKey: input.routeKey,
        routeVersion: input.routeVersion,
        comment: problem,
        data: { action: app.action, subjectId: app.subjectId, unitId: app.unitId, positionId: app.positionId, roles: app.roles, decidedBy },
      },
    ]);
  };
}
