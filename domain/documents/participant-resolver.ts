/**
 * Resolves a stage's participant references against the org tree as it is now (when the stage starts).
 */
import { employeesVersion } from '../../db/employees-version';
import type { Models } from '../../db/models';
import { DomainFailure } from '../failure';
import type { ParticipantRef } from '../routes/route-model';

/** Roles and positions whose members are kept (a large organisation's positions in use). */
const MEMBERS_CACHE_MAX = 2_000;
/** Named people whose active status is kept (an organisation's staff, well within memory). */
const ACTIVITY_CACHE_MAX = 50_000;

export interface ResolutionContext {
  documentId: string;
  authorId: string;
  card?: Record<string, unknown>;
}

/**
 * One resolution (a reference, or all of a stage's): the employees' version token is read once in it and
 * shared by its roles, positions and named people, rather than read by each.
 */
interface Resolution {
  employeesToken?: string;
}

export function createParticipantResolver(models: Pick<Models, 'Employee' | 'Unit' | 'Document'>) {
  const { Employee, Unit, Document } = models;

  /**
   * Members of a role or position, kept per filter until the employees' version token moves
   * (db/employees-version.ts): the query itself reads every employee on the embedded database.
   */
  const members = new Map<string, { token: string; ids: string[] }>();
  /**
   * Whether a named person is active, kept per person under the same token: `status` is one of the fields whose
   * change moves it, and so are an insert and a delete, so a kept answer is that of the current token.
   */
  const activity = new Map<string, { token: string; active: boolean }>();

  async function tokenFor(resolution: Resolution): Promise<string> {
    return (resolution.employeesToken ??= await employeesVersion(Employee.db));
  }

  async function activeIds(filter: Record<string, unknown>, resolution: Resolution): Promise<string[]> {
    const key = JSON.stringify(filter);
    const token = await tokenFor(resolution);
    const kept = members.get(key);
    if (kept?.token === token) return [...kept.ids];
    const rows = await Employee.find({ ...filter, status: 'active' }, { _id: 1 }).sort({ _id: 1 }).lean();
    const ids = rows.map((r) => r._id);
    members.delete(key);
    members.set(key, { token, ids });
    if (members.size > MEMBERS_CACHE_MAX) members.delete(members.keys().next().value as string);
    return [...ids];
  }

  /** The named people who are active, in the order given: one `_id` read each of those not kept under the token. */
  async function activeAmong(ids: string[], resolution: Resolution): Promise<string[]> {
    const token = await tokenFor(resolution);
    const active: string[] = [];
    for (const id of ids) {
      let known = activity.get(id);
      if (known?.token !== token) {
        known = { token, active: (await Employee.findById(id, { status: 1 }).lean())?.status === 'active' };
        activity.delete(id);
        activity.set(id, known);
        if (activity.size > ACTIVITY_CACHE_MAX) activity.delete(activity.keys().next().value as string);
      }
      if (known.active) active.push(id);
    }
    return active;
  }

  /** The head of a unit; when the head is the person asking, the head of the unit above. */
  async function headOf(unitId: string | undefined, notId?: string): Promise<string[]> {
    for (let id = unitId, depth = 0; id && depth < 32; depth++) {
      const unit = await Unit.findById(id).lean();
      if (!unit) return [];
      if (unit.headEmployeeId && unit.headEmployeeId !== notId) return [unit.headEmployeeId];
      id = unit.parentId ?? undefined;
    }
    return [];
  }

  /** `card` stands in for the stored card's participants (a designer's dry run has no document yet). */
  async function resolve(ref: ParticipantRef, context: ResolutionContext, resolution: Resolution = {}): Promise<string[]> {
    switch (ref.kind) {
      case 'employee':
        return activeAmong([ref.employeeId], resolution);
      case 'position':
        return activeIds({ positionId: ref.positionId }, resolution);
      case 'author':
        return [context.authorId];
      case 'author-unit-head': {
        const author = await Employee.findById(context.authorId, { unitId: 1 }).lean();
        return headOf(author?.unitId, context.authorId);
      }
      case 'unit-head':
        return headOf(ref.unitId);
      case 'role':
        return activeIds({ roles: ref.role }, resolution);
      case 'card-field': {
        const card = context.card ?? ((await Document.findById(context.documentId, { participants: 1 }).lean())?.participants as Record<string, unknown> | undefined);
        const value = card?.[ref.field];
        const ids = Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
        return activeAmong([...new Set(ids)], resolution);
      }
    }
  }

  /** All references of a stage, in order, without repeats. An empty result is an incident to fix. */
  async function resolveAll(
    refs: ParticipantRef[],
    context: ResolutionContext & { stageId: string },
    options: { allowEmpty?: boolean } = {},
  ): Promise<string[]> {
    const ids: string[] = [];
    const resolution: Resolution = {};
    for (const ref of refs) for (const id of await resolve(ref, context, resolution)) if (!ids.includes(id)) ids.push(id);
    if (ids.length === 0 && !options.allowEmpty) {
      // Retryable on purpose: once an administrator fixes the org tree, the route goes on by itself.
      throw new DomainFailure(
        `Stage "${context.stageId}" of document ${context.documentId} has nobody to act: ${JSON.stringify(refs)}`,
        'NoParticipants',
        false,
      );
    }
    return ids;
  }

  /**
   * Which of the named people are active, in the order given: the employees' version token read once, then an
   * `_id` read for each person not kept under it (a create's check of the people named on its card).
   */
  function activeOf(ids: string[]): Promise<string[]> {
    return activeAmong(ids, {});
  }

  return { resolve, resolveAll, headOf, activeOf };
}

export type ParticipantResolver = ReturnType<typeof createParticipantResolver>;
