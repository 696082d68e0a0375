/**
 * Appointing substitutes: who may appoint (the absent person, a head above them, an administrator), what
 * is refused (a period that has ended, two people standing in for each other at once, unknown types), the
 * history (cancelled and ended substitutions stay, with their state), and cancellation.
 */
import { randomUUID } from 'node:crypto';
import type { Models } from '../../db/models';
import type { Role } from '../../db/models/employee';
import type { SubstitutionRecord } from '../../db/models/substitution';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { AuditRecorder } from './audit-recorder';

const SEES_ALL: readonly Role[] = ['administrator', 'auditor'];

export interface SubstitutionInput {
  absentId: string;
  substituteId: string;
  from: Date;
  to: Date;
  documentTypes: string[];
  reason?: string;
}

type Row = SubstitutionRecord & { _id: string };

export function substitutionState(row: Pick<Row, 'from' | 'to' | 'cancelledAt'>, now: Date): 'scheduled' | 'active' | 'ended' | 'cancelled' {
  if (row.cancelledAt && row.cancelledAt.getTime() <= Math.max(now.getTime(), row.from.getTime())) return 'cancelled';
  if (now < row.from) return 'scheduled';
  return now < row.to ? 'active' : 'ended';
}

export function createSubstitutionManagement(deps: {
  models: Pick<Models, 'Substitution' | 'Employee' | 'Unit' | 'DocumentType'>;
  record: AuditRecorder;
  now?: () => Date;
}) {
  const { models, record } = deps;
  const now = deps.now ?? (() => new Date());

  const view = (row: Row) => ({
    id: row._id,
    absentId: row.absentId,
    substituteId: row.substituteId,
    from: row.from.toISOString(),
    to: row.to.toISOString(),
    documentTypes: [...row.documentTypes],
    reason: row.reason ?? undefined,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
    cancelledAt: row.cancelledAt ? row.cancelledAt.toISOString() : undefined,
    state: substitutionState(row, now()),
  });

  /** Whether `headId` heads the unit of `employeeId` or any unit above it. */
  async function isHeadAbove(headId: string, employeeId: string): Promise<boolean> {
    const employee = await models.Employee.findById(employeeId, { unitId: 1 }).lean();
    for (let id: string | undefined = employee?.unitId, depth = 0; id && depth < 32; depth++) {
      const unit = await models.Unit.findById(id, { parentId: 1, headEmployeeId: 1 }).lean();
      if (!unit) return false;
      if (unit.headEmployeeId === headId) return true;
      id = unit.parentId ?? undefined;
    }
    return false;
  }

  async function mayManageFor(actor: AuthenticatedActor, absentId: string): Promise<boolean> {
    return actor.employeeId === absentId || actor.roles.includes('administrator') || (await isHeadAbove(actor.employeeId, absentId));
  }

  async function create(actor: AuthenticatedActor, input: SubstitutionInput, source: string) {
    if (!(await mayManageFor(actor, input.absentId))) {
      throw problems.forbidden('A substitute is appointed by the absent person, a head above them or an administrator.');
    }
    if (input.absentId === input.substituteId) throw problems.validation([{ field: 'body.substituteId', message: 'a person does not substitute for themself' }]);
    if (input.to <= input.from) throw problems.validation([{ field: 'body.to', message: 'the period must end after it begins' }]);
    if (input.to <= now()) throw problems.validation([{ field: 'body.to', message: 'the period has already ended' }]);
    for (const [field, id] of [['absentId', input.absentId], ['substituteId', input.substituteId]] as const) {
      if ((await models.Employee.findById(id, { status: 1 }).lean())?.status !== 'active') throw problems.validation([{ field: `body.${field}`, message: `no active employee "${id}"` }]);
    }
    for (const [i, type] of input.documentTypes.entries()) {
      if (!(await models.DocumentType.exists({ _id: type }))) throw problems.validation([{ field: `body.documentTypes.${i}`, message: `unknown document type "${type}"` }]);
    }
    const overlapping = { from: { $lt: input.to }, to: { $gt: input.from }, $or: [{ cancelledAt: { $exists: false } }, { cancelledAt: null }] };
    if (await models.Substitution.exists({ absentId: input.substituteId, substituteId: input.absentId, ...overlapping })) {
      throw problems.conflict(`${input.substituteId} is away with ${input.absentId} as substitute in this period: two people cannot stand in for each other at once.`);
    }
    if (await models.Substitution.exists({ absentId: input.absentId, substituteId: input.substituteId, ...overlapping })) {
      throw problems.conflict(`${input.substituteId} already stands in for ${input.absentId} during part of this period.`);
    }
    const id = randomUUID();
    const created = await models.Substitution.create({ _id: id, ...input, createdBy: actor.employeeId });
    await record('substitution.created', { employeeId: actor.employeeId, roles: actor.roles, source }, {
      data: { substitutionId: id, absentId: input.absentId, substituteId: input.substituteId, from: input.from.toISOString(), to: input.to.toISOString(), documentTypes: input.documentTypes },
    });
    return view(created.toObject());
  }

  /** The history: everyone sees their own substitutions; administrators and auditors see anyone's. */
  async function list(actor: AuthenticatedActor, query: { employeeId?: string; state?: ReturnType<typeof substitutionState> }) {
    const seesAll = actor.roles.some((r) => SEES_ALL.includes(r));
    const person = query.employeeId ?? (seesAll ? undefined : actor.employeeId);
    if (person && person !== actor.employeeId && !seesAll && !(await isHeadAbove(actor.employeeId, person))) {
      throw problems.forbidden('You see the substitutions of yourself and of the people under you.');
    }
    const filter = person ? { $or: [{ absentId: person }, { substituteId: person }] } : {};
    const rows = await models.Substitution.find(filter).sort({ from: -1, _id: 1 }).lean();
    return rows.map(view).filter((s) => !query.state || s.state === query.state);
  }

  async function cancel(actor: AuthenticatedActor, id: string, reason: string | undefined, source: string) {
    const row = await models.Substitution.findById(id).lean();
    if (!row) throw problems.notFound(`Substitution ${id}`);
    if (row.createdBy !== actor.employeeId && row.substituteId !== actor.employeeId && !(await mayManageFor(actor, row.absentId))) {
      throw problems.forbidden('Only the absent person, the substitute, whoever appointed them, a head above or an administrator may cancel it.');
    }
    const state = substitutionState(row, now());
    if (state === 'cancelled' || state === 'ended') throw problems.conflict(`The substitution has already ${state === 'ended' ? 'ended' : 'been cancelled'}.`);
    // From now on: an ongoing substitution ends now and its history up to now stays true.
    const cancelledAt = now();
    await models.Substitution.updateOne({ _id: id }, { $set: { cancelledAt } });
    await record('substitution.cancelled', { employeeId: actor.employeeId, roles: actor.roles, source }, {
      comment: reason,
      data: { substitutionId: id, absentId: row.absentId, substituteId: row.substituteId, wasState: state },
    });
    return view({ ...row, cancelledAt });
  }

  /** On dismissal or deletion: the person stops standing in for anyone from now on. */
  async function cancelAllOf(employeeId: string, actor: AuthenticatedActor, source: string): Promise<number> {
    const open = await models.Substitution.find({ $or: [{ substituteId: employeeId }, { absentId: employeeId }], to: { $gt: now() } }).lean();
    let cancelled = 0;
    for (const row of open) {
      const state = substitutionState(row, now());
      if (state === 'cancelled' || state === 'ended') continue;
      await models.Substitution.updateOne({ _id: row._id }, { $set: { cancelledAt: now() } });
      await record('substitution.cancelled', { employeeId: actor.employeeId, roles: actor.roles, source }, {
        comment: 'transfer of cases',
        data: { substitutionId: row._id, absentId: row.absentId, substituteId: row.substituteId, wasState: state },
      });
      cancelled += 1;
    }
    return cancelled;
  }

  return { create, list, cancel, cancelAllOf, isHeadAbove };
}

export type SubstitutionManagement = ReturnType<typeof createSubstitutionManagement>;
