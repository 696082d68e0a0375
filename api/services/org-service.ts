/**
 * The organisation: units (a tree), positions and employees, edited by administrators and read by everyone
 * signed in (personal fields only by administrators, auditors and the person themself). Every change is an
 * audit event that names the fields changed; personal values are never written into the chained trail.
 */
import { randomUUID } from 'node:crypto';
import type { Models } from '../../db/models';
import type { EmployeeRecord, Role } from '../../db/models/employee';
import { hashPassword } from '../../domain/identity/password-hash';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { AuditRecorder } from './audit-recorder';
import type { SessionService } from './session-service';

/** Fields whose values are personal data: audit events name them but never carry their values. */
const PERSONAL_FIELDS = new Set(['fullName', 'iin', 'email', 'certificateDn']);
const SEES_PERSONAL: readonly Role[] = ['administrator', 'auditor'];

type Bilingual = { kk: string; ru: string };
type Lean<T> = T & { _id: string };

export interface OrgServiceDeps {
  models: Pick<Models, 'Unit' | 'Position' | 'Employee'>;
  sessions: SessionService;
  record: AuditRecorder;
}

export interface Caller {
  actor: AuthenticatedActor;
  source: string;
}

const iso = (d: Date | null | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);
const orUndefined = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

export function employeeViewOf(e: Lean<EmployeeRecord>, personal: boolean) {
  const base = {
    id: e._id,
    fullName: e.fullName,
    unitId: e.unitId,
    positionId: orUndefined(e.positionId),
    status: e.status,
    language: e.language,
  };
  if (!personal) return base;
  const lockedUntil = e.loginGuard?.lockedUntil;
  return {
    ...base,
    roles: e.roles as Role[],
    iin: orUndefined(e.iin),
    email: orUndefined(e.email),
    certificateDn: orUndefined(e.certificateDn),
    lockedUntil: lockedUntil && lockedUntil.getTime() > Date.now() ? lockedUntil.toISOString() : undefined,
    dismissedAt: iso(e.dismissedAt),
    deletedAt: iso(e.deletedAt),
  };
}

export function createOrgService(deps: OrgServiceDeps) {
  const { models, sessions, record } = deps;
  const who = (c: Caller) => ({ employeeId: c.actor.employeeId, roles: c.actor.roles, source: c.source });

  // ---------------------------------------------------------------- units
  const unitView = (u: { _id: string; name?: Bilingual | null; parentId?: string | null; headEmployeeId?: string | null }) => ({
    id: u._id,
    name: { kk: u.name?.kk ?? '', ru: u.name?.ru ?? '' },
    parentId: orUndefined(u.parentId),
    headEmployeeId: orUndefined(u.headEmployeeId),
  });

  async function listUnits() {
    return (await models.Unit.find({}).sort({ _id: 1 }).lean()).map(unitView);
  }

  async function requireUnit(id: string, field = 'params.id') {
    const unit = await models.Unit.findById(id).lean();
    if (!unit) {
      if (field === 'params.id') throw problems.notFound(`Unit ${id}`);
      throw problems.validation([{ field, message: `no unit "${id}"` }]);
    }
    return unit;
  }

  async function requireActiveEmployee(id: string, field: string) {
    const employee = await models.Employee.findById(id).lean();
    if (!employee || employee.status !== 'active') throw problems.validation([{ field, message: `no active employee "${id}"` }]);
    return employee;
  }

  /** A unit may not become its own ancestor. */
  async function checkNoCycle(unitId: string, parentId: string): Promise<void> {
    for (let id: string | undefined = parentId, depth = 0; id && depth < 64; depth++) {
      if (id === unitId) throw problems.unprocessable('A unit cannot be placed under itself or one of its sub-units.', 'org-cycle');
      id = orUndefined((await models.Unit.findById(id, { parentId: 1 }).lean())?.parentId);
    }
  }

  async function createUnit(caller: Caller, input: { id?: string; name: Bilingual; parentId?: string; headEmployeeId?: string }) {
    const id = input.id ?? randomUUID();
    if (await models.Unit.exists({ _id: id })) throw problems.conflict(`Unit ${id} already exists.`);
    if (input.parentId) await requireUnit(input.parentId, 'body.parentId');
    if (input.headEmployeeId) await requireActiveEmployee(input.headEmployeeId, 'body.headEmployeeId');
    const created = await models.Unit.create({ _id: id, name: input.name, parentId: input.parentId, headEmployeeId: input.headEmployeeId });
    await record('org.unit.created', who(caller), { data: { unitId: id, parentId: input.parentId, headEmployeeId: input.headEmployeeId } });
    return unitView(created.toObject());
  }

  async function updateUnit(caller: Caller, id: string, patch: { name?: Bilingual; parentId?: string | null; headEmployeeId?: string | null }) {
    const unit = await requireUnit(id);
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    if (patch.name) set.name = patch.name;
    if (patch.parentId !== undefined) {
      if (patch.parentId === null) unset.parentId = 1;
      else {
        await requireUnit(patch.parentId, 'body.parentId');
        await checkNoCycle(id, patch.parentId);
        set.parentId = patch.parentId;
      }
    }
    if (patch.headEmployeeId !== undefined) {
      if (patch.headEmployeeId === null) unset.headEmployeeId = 1;
      else {
        await requireActiveEmployee(patch.headEmployeeId, 'body.headEmployeeId');
        set.headEmployeeId = patch.headEmployeeId;
      }
    }
    const updated = await models.Unit.findByIdAndUpdate(id, { $set: set, $unset: unset }, { new: true }).lean();
    await record('org.unit.updated', who(caller), {
      data: {
        unitId: id,
        changed: Object.keys(patch),
        parentId: patch.parentId !== undefined ? { from: orUndefined(unit.parentId), to: patch.parentId ?? undefined } : undefined,
        headEmployeeId: patch.headEmployeeId !== undefined ? { from: orUndefined(unit.headEmployeeId), to: patch.headEmployeeId ?? undefined } : undefined,
      },
    });
    return unitView(updated!);
  }

  async function deleteUnit(caller: Caller, id: string): Promise<void> {
    await requireUnit(id);
    const [children, positions, employees] = await Promise.all([
      models.Unit.countDocuments({ parentId: id }),
      models.Position.countDocuments({ unitId: id }),
      models.Employee.countDocuments({ unitId: id, status: { $ne: 'deleted' } }),
    ]);
    if (children || positions || employees) {
      throw problems.conflict(`Unit ${id} still has ${children} sub-unit(s), ${positions} position(s) and ${employees} employee(s).`, 'unit-not-empty');
    }
    await models.Unit.deleteOne({ _id: id });
    await record('org.unit.deleted', who(caller), { data: { unitId: id } });
  }

  // ---------------------------------------------------------------- positions
  const positionView = (p: { _id: string; title?: Bilingual | null; unitId: string }) => ({
    id: p._id,
    title: { kk: p.title?.kk ?? '', ru: p.title?.ru ?? '' },
    unitId: p.unitId,
  });

  async function listPositions(unitId?: string) {
    return (await models.Position.find(unitId ? { unitId } : {}).sort({ _id: 1 }).lean()).map(positionView);
  }

  async function createPosition(caller: Caller, input: { id?: string; title: Bilingual; unitId: string }) {
    const id = input.id ?? randomUUID();
    if (await models.Position.exists({ _id: id })) throw problems.conflict(`Position ${id} already exists.`);
    await requireUnit(input.unitId, 'body.unitId');
    const created = await models.Position.create({ _id: id, title: input.title, unitId: input.unitId });
    await record('org.position.created', who(caller), { data: { positionId: id, unitId: input.unitId } });
    return positionView(created.toObject());
  }

  async function updatePosition(caller: Caller, id: string, patch: { title?: Bilingual; unitId?: string }) {
    const position = await models.Position.findById(id).lean();
    if (!position) throw problems.notFound(`Position ${id}`);
    if (patch.unitId && patch.unitId !== position.unitId) {
      await requireUnit(patch.unitId, 'body.unitId');
      // An employee's position belongs to their own unit (checkPosition): a held position stays where its holders are.
      const holders = await models.Employee.countDocuments({ positionId: id, status: { $ne: 'deleted' } });
      if (holders) throw problems.conflict(`Position ${id} is held by ${holders} employee(s) of its unit; move them first.`, 'position-held');
    }
    const updated = await models.Position.findByIdAndUpdate(id, { $set: patch }, { new: true }).lean();
    await record('org.position.updated', who(caller), {
      data: { positionId: id, changed: Object.keys(patch), unitId: patch.unitId ? { from: position.unitId, to: patch.unitId } : undefined },
    });
    return positionView(updated!);
  }

  async function deletePosition(caller: Caller, id: string): Promise<void> {
    if (!(await models.Position.exists({ _id: id }))) throw problems.notFound(`Position ${id}`);
    const holders = await models.Employee.countDocuments({ positionId: id, status: { $ne: 'deleted' } });
    if (holders) throw problems.conflict(`Position ${id} is held by ${holders} employee(s).`, 'position-held');
    await models.Position.deleteOne({ _id: id });
    await record('org.position.deleted', who(caller), { data: { positionId: id } });
  }

  // ---------------------------------------------------------------- employees
  const seesPersonal = (actor: AuthenticatedActor, employeeId: string): boolean =>
    actor.employeeId === employeeId || actor.roles.some((r) => SEES_PERSONAL.includes(r));

  async function listEmployees(actor: AuthenticatedActor, query: { unitId?: string; status?: string; role?: string; q?: string }) {
    const filter: Record<string, unknown> = {};
    if (query.unitId) filter.unitId = query.unitId;
    if (query.status) filter.status = query.status;
    if (query.role) filter.roles = query.role;
    const rows = await models.Employee.find(filter).sort({ fullName: 1, _id: 1 }).lean();
    const needle = query.q?.toLocaleLowerCase('kk');
    return rows
      .filter((e) => !needle || e.fullName.toLocaleLowerCase('kk').includes(needle) || e._id.includes(needle))
      .map((e) => employeeViewOf(e, seesPersonal(actor, e._id)));
  }

  async function getEmployee(actor: AuthenticatedActor, id: string) {
    const employee = await models.Employee.findById(id).lean();
    if (!employee) throw problems.notFound(`Employee ${id}`);
    return employeeViewOf(employee, seesPersonal(actor, id));
  }

  /** IIN and e-mail identify a person at sign-in, so two living accounts may not share one. */
  async function checkUnique(field: 'iin' | 'email', value: string | null | undefined, exceptId?: string): Promise<void> {
    if (!value) return;
    const clash = await models.Employee.findOne({ [field]: value, status: { $ne: 'deleted' }, ...(exceptId && { _id: { $ne: exceptId } }) }, { _id: 1 }).lean();
    if (clash) throw problems.conflict(`Another account already has this ${field === 'iin' ? 'IIN' : 'e-mail'}.`, 'org-duplicate');
  }

  async function checkPosition(positionId: string | null | undefined, unitId: string, field: string): Promise<void> {
    if (!positionId) return;
    const position = await models.Position.findById(positionId, { unitId: 1 }).lean();
    if (!position) throw problems.validation([{ field, message: `no position "${positionId}"` }]);
    if (position.unitId !== unitId) throw problems.validation([{ field, message: `position "${positionId}" belongs to unit "${position.unitId}"` }]);
  }

  interface EmployeeInput {
    id?: string;
    fullName: string;
    iin?: string;
    email?: string;
    language: 'kk' | 'ru';
    unitId: string;
    positionId?: string;
    roles: Role[];
    certificateDn?: string;
    password?: string;
  }

  async function createEmployee(caller: Caller, input: EmployeeInput) {
    const id = input.id ?? randomUUID();
    if (await models.Employee.exists({ _id: id })) throw problems.conflict(`Employee ${id} already exists.`);
    await requireUnit(input.unitId, 'body.unitId');
    await checkPosition(input.positionId, input.unitId, 'body.positionId');
    await checkUnique('iin', input.iin);
    await checkUnique('email', input.email);
    const { password, ...fields } = input;
    const created = await models.Employee.create({ ...fields, _id: id, status: 'active', passwordHash: password ? await hashPassword(password) : undefined });
    await record('org.employee.created', who(caller), {
      data: { employeeId: id, unitId: input.unitId, positionId: input.positionId, roles: input.roles, withPassword: !!password },
    });
    return employeeViewOf(created.toObject(), true);
  }

  async function requireEmployee(id: string) {
    const employee = await models.Employee.findById(id).lean();
    if (!employee) throw problems.notFound(`Employee ${id}`);
    if (employee.status === 'deleted') throw problems.conflict(`Employee ${id} was deleted; the record keeps only its id.`);
    return employee;
  }

  /** Removing the last active administrator would leave nobody able to fix the organisation. */
  async function checkAdministratorsRemain(employee: Lean<EmployeeRecord>, nextRoles: readonly string[], nextStatus: string): Promise<void> {
    const losesAdmin = employee.roles.includes('administrator') && employee.status === 'active' && (!nextRoles.includes('administrator') || nextStatus !== 'active');
    if (!losesAdmin) return;
    const others = await models.Employee.countDocuments({ _id: { $ne: employee._id }, roles: 'administrator', status: 'active' });
    if (others === 0) throw problems.conflict('This is the last active administrator; appoint another one first.');
  }

  type EmployeePatch = Partial<Omit<EmployeeInput, 'id' | 'password' | 'iin' | 'email' | 'positionId' | 'certificateDn'>> & {
    iin?: string | null;
    email?: string | null;
    positionId?: string | null;
    certificateDn?: string | null;
    status?: 'active' | 'blocked';
  };

  async function updateEmployee(caller: Caller, id: string, patch: EmployeePatch) {
    const employee = await requireEmployee(id);
    const unitId = patch.unitId ?? employee.unitId;
    if (patch.unitId) await requireUnit(patch.unitId, 'body.unitId');
    if (patch.positionId !== undefined || patch.unitId) {
      await checkPosition(patch.positionId === undefined ? employee.positionId : patch.positionId, unitId, 'body.positionId');
    }
    await checkUnique('iin', patch.iin, id);
    await checkUnique('email', patch.email, id);
    await checkAdministratorsRemain(employee, patch.roles ?? employee.roles, patch.status ?? employee.status);
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) unset[field] = 1;
      else if (value !== undefined) set[field] = value;
    }
    if (patch.status === 'active') {
      // Unblocking or re-hiring: the dismissal date stays in the audit trail, not on the active record.
      unset.dismissedAt = 1;
      set['loginGuard.failures'] = 0;
      unset['loginGuard.lockedUntil'] = 1;
    }
    const updated = await models.Employee.findByIdAndUpdate(id, { $set: set, $unset: unset }, { new: true }).lean();
    const changes: Record<string, unknown> = {};
    for (const field of Object.keys(patch)) {
      if (!PERSONAL_FIELDS.has(field)) changes[field] = { from: (employee as Record<string, unknown>)[field] ?? null, to: (patch as Record<string, unknown>)[field] ?? null };
    }
    await record('org.employee.updated', who(caller), { data: { employeeId: id, changed: Object.keys(patch), changes } });
    if (patch.status === 'blocked' && employee.status !== 'blocked') await block(caller, id, 'blocked by an administrator');
    return employeeViewOf(updated!, true);
  }

  /** Blocking takes effect at once (seed-004 ¶14): the status, then every live session. */
  async function block(caller: Caller | { system: string }, id: string, reason: string): Promise<void> {
    await models.Employee.updateOne({ _id: id, status: { $ne: 'deleted' } }, { $set: { status: 'blocked' } });
    const revoked = await sessions.revokeAllOf(id);
    const by = 'actor' in caller ? who(caller) : {};
    await record('org.employee.blocked', by, { data: { employeeId: id, sessionsRevoked: revoked, reason: 'actor' in caller ? reason : `${caller.system}: ${reason}` } });
  }

  async function setPassword(caller: Caller, id: string, password: string): Promise<void> {
    await requireEmployee(id);
    await models.Employee.updateOne({ _id: id }, { $set: { passwordHash: await hashPassword(password), 'loginGuard.failures': 0 }, $unset: { 'loginGuard.lockedUntil': 1 } });
    await record('org.employee.password-set', who(caller), { data: { employeeId: id, self: caller.actor.employeeId === id } });
  }

  /** The tree for the structure view: units nested, with their positions and (limited) employees. */
  async function tree() {
    const [units, positions, employees] = await Promise.all([
      models.Unit.find({}).sort({ _id: 1 }).lean(),
      models.Position.find({}).sort({ _id: 1 }).lean(),
      models.Employee.find({ status: { $in: ['active', 'blocked'] } }).sort({ fullName: 1 }).lean(),
    ]);
    interface Node extends ReturnType<typeof unitView> {
      positions: ReturnType<typeof positionView>[];
      employees: ReturnType<typeof employeeViewOf>[];
      units: Node[];
    }
    const nodes = new Map<string, Node>(units.map((u) => [u._id, { ...unitView(u), positions: [], employees: [], units: [] }]));
    for (const p of positions) nodes.get(p.unitId)?.positions.push(positionView(p));
    for (const e of employees) nodes.get(e.unitId)?.employees.push(employeeViewOf(e, false));
    const roots: Node[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      if (parent) parent.units.push(node);
      else roots.push(node);
    }
    return roots;
  }

  return {
    listUnits,
    createUnit,
    updateUnit,
    deleteUnit,
    listPositions,
    createPosition,
    updatePosition,
    deletePosition,
    listEmployees,
    getEmployee,
    createEmployee,
    updateEmployee,
    setPassword,
    block,
    tree,
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
