/**
 * Resolves a stage's participant references against the org tree as it is now (when the stage starts).
 */
import type { Models } from '../../db/models';
import { DomainFailure } from '../failure';
import type { ParticipantRef } from '../routes/route-model';

export interface ResolutionContext {
  documentId: string;
  authorId: string;
  card?: Record<string, unknown>;
}

export function createParticipantResolver(models: Pick<Models, 'Employee' | 'Unit' | 'Document'>) {
  const { Employee, Unit, Document } = models;

  async function activeIds(filter: Record<string, unknown>): Promise<string[]> {
    const rows = await Employee.find({ ...filter, status: 'active' }, { _id: 1 }).sort({ _id: 1 }).lean();
    return rows.map((r) => r._id);
  }

  /** The named people who are active, in the order given: one `_id` read each, no collection scan. */
  async function activeAmong(ids: string[]): Promise<string[]> {
    const active: string[] = [];
    for (const id of ids) if ((await Employee.findById(id, { status: 1 }).lean())?.status === 'active') active.push(id);
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
  async function resolve(ref: ParticipantRef, context: ResolutionContext): Promise<string[]> {
    switch (ref.kind) {
      case 'employee':
        return activeAmong([ref.employeeId]);
      case 'position':
        return activeIds({ positionId: ref.positionId });
      case 'author':
        return [context.authorId];
      case 'author-unit-head': {
        const author = await Employee.findById(context.authorId, { unitId: 1 }).lean();
        return headOf(author?.unitId, context.authorId);
      }
      case 'unit-head':
        return headOf(ref.unitId);
      case 'role':
        return activeIds({ roles: ref.role });
      case 'card-field': {
        const card = context.card ?? ((await Document.findById(context.documentId, { participants: 1 }).lean())?.participants as Record<string, unknown> | undefined);
        const value = card?.[ref.field];
        const ids = Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
        return activeAmong([...new Set(ids)]);
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
    for (const ref of refs) for (const id of await resolve(ref, context)) if (!ids.includes(id)) ids.push(id);
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

  return { resolve, resolveAll, headOf };
}

export type ParticipantResolver = ReturnType<typeof createParticipantResolver>;
