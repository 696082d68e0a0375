/**
 * Transfer of cases (002 A1 §6.12): one employee's open tasks, the controls of open resolutions and the
 * authorship of unfinished documents move to another employee, document by document through the workflow
 * Update `task.reassign` (the route decides, as for any action); then the first employee is left as is,
 * dismissed, or deleted. Deletion pseudonymises the record (ids kept, personal data erased) so the hash-chained
 * audit trail, which holds ids only, stays verifiable.
 *
 * Safe to repeat: documents with nothing left to move refuse the update as AlreadyDone and are skipped. If
 * any document could not be moved, the dismissal or deletion is not carried out, so no work is orphaned.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Models } from '../../db/models';
import type { EmployeeStatus } from '../../db/models/employee';
import * as defs from '../../workflows/definitions';
import { reassignmentPlan } from '../../domain/documents/document-machine';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { AuditRecorder } from './audit-recorder';
import type { SessionService } from './session-service';
import type { SubstitutionManagement } from './substitution-management';

export type AfterTransfer = 'nothing' | 'dismiss' | 'delete';

export interface TransferDeps {
  models: Pick<Models, 'Employee' | 'Document' | 'InboxEntry' | 'Unit' | 'AgreementAcceptance'>;
  temporal: Client;
  sessions: SessionService;
  substitutions: SubstitutionManagement;
  record: AuditRecorder;
}

/** A stable stand-in for an erased name: the same person always gets the same one, and it reveals nothing. */
export function pseudonymOf(employeeId: string): string {
  return `Deleted employee ${createHash('sha256').update(employeeId).digest('hex').slice(0, 8)}`;
}

function refusalType(error: unknown): string | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  return error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;
}

export function createTransferService(deps: TransferDeps) {
  const { models, temporal, record } = deps;

  /** Every document the first employee may still have work on: open inbox entries, and unfinished ones they take part in. */
  async function candidateDocuments(fromId: string): Promise<string[]> {
    const [inbox, unfinished] = await Promise.all([
      models.InboxEntry.distinct('documentId', { ownerId: fromId }),
      models.Document.find(
        { $or: [{ participantIds: fromId }, { authorId: fromId }], status: { $nin: ['executed'] }, 'state.finishedAtMs': { $exists: false } },
        { _id: 1 },
      ).lean(),
    ]);
    return [...new Set([...inbox.map(String), ...unfinished.map((d) => d._id)])].sort();
  }

  async function moveOne(caller: AuthenticatedActor, documentId: string, fromId: string, toId: string, reason: string) {
    const handle = temporal.workflow.getHandle(defs.documentWorkflowId(documentId));
    const before = await handle.query(defs.stateQuery);
    const plan = reassignmentPlan(before, fromId, true);
    await handle.executeUpdate(defs.reassignTasksUpdate, {
      args: [{ actor: { employeeId: caller.employeeId, roles: caller.roles }, fromEmployeeId: fromId, toEmployeeId: toId, moveAuthorship: true, comment: reason }],
    });
    if (plan.authorship) await models.Document.updateOne({ _id: documentId, authorId: fromId }, { $set: { authorId: toId } });
    return { documentId, tasks: plan.taskIds.length, resolutions: plan.resolutionIds.length, authorship: plan.authorship };
  }

  async function transfer(caller: AuthenticatedActor, fromId: string, input: { toEmployeeId: string; then: AfterTransfer; reason: string }, source: string) {
    const who = { employeeId: caller.employeeId, roles: caller.roles, source };
    const from = await models.Employee.findById(fromId).lean();
    if (!from) throw problems.notFound(`Employee ${fromId}`);
    if (from.status === 'deleted') throw problems.conflict(`Employee ${fromId} was deleted already.`);
    if (input.toEmployeeId === fromId) throw problems.validation([{ field: 'body.toEmployeeId', message: 'cases move to somebody else' }]);
    if ((await models.Employee.findById(input.toEmployeeId, { status: 1 }).lean())?.status !== 'active') {
      throw problems.validation([{ field: 'body.toEmployeeId', message: `no active employee "${input.toEmployeeId}"` }]);
    }
    if (input.then !== 'nothing' && from.roles.includes('administrator') && from.status === 'active') {
      const others = await models.Employee.countDocuments({ _id: { $ne: fromId }, roles: 'administrator', status: 'active' });
      if (others === 0) throw problems.conflict('This is the last active administrator; appoint another one first.');
    }

    const documents: Array<{ documentId: string; tasks: number; resolutions: number; authorship: boolean }> = [];
    const failed: Array<{ documentId: string; reason: string }> = [];
    for (const documentId of await candidateDocuments(fromId)) {
      try {
        documents.push(await moveOne(caller, documentId, fromId, input.toEmployeeId, input.reason));
      } catch (error) {
        if (refusalType(error) === defs.REFUSALS.alreadyDone || error instanceof WorkflowNotFoundError) continue; // nothing left there
        failed.push({ documentId, reason: (error as Error).message });
      }
    }

    let unitsHeaded: string[] = [];
    let substitutionsCancelled = 0;
    let status = from.status as EmployeeStatus;
    if (failed.length === 0 && input.then !== 'nothing') {
      // Whoever leaves also stops heading units: "head of the author's unit" must resolve to someone who acts.
      unitsHeaded = (await models.Unit.find({ headEmployeeId: fromId }, { _id: 1 }).lean()).map((u) => u._id);
      if (unitsHeaded.length) await models.Unit.updateMany({ headEmployeeId: fromId }, { $set: { headEmployeeId: input.toEmployeeId } });
      substitutionsCancelled = await deps.substitutions.cancelAllOf(fromId, caller, source);
      status = input.then === 'dismiss' ? await dismiss(fromId) : await erase(fromId);
      await deps.sessions.revokeAllOf(fromId);
    }
    await record('org.employee.transferred', who, {
      comment: input.reason,
      data: {
        from: fromId,
        to: input.toEmployeeId,
        then: input.then,
        applied: failed.length === 0,
        documents: documents.map((d) => d.documentId),
        failed: failed.map((f) => f.documentId),
        unitsHeaded,
        substitutionsCancelled,
      },
    });
    if (status !== from.status) await record(status === 'dismissed' ? 'org.employee.dismissed' : 'org.employee.deleted', who, { data: { employeeId: fromId } });
    return { fromEmployeeId: fromId, toEmployeeId: input.toEmployeeId, then: input.then, documents, unitsHeaded, substitutionsCancelled, failed, status };
  }

  async function dismiss(id: string): Promise<EmployeeStatus> {
    await models.Employee.updateOne({ _id: id }, { $set: { status: 'dismissed', dismissedAt: new Date() } });
    return 'dismissed';
  }

  /**
   * Pseudonymisation: the id stays (documents, tasks and the audit trail refer to it), the name becomes a
   * pseudonym, and IIN, e-mail, certificate name, password and the CMS of the consent (which carries the
   * certificate) are erased; the consent record keeps the CMS hash as proof that there was one.
   */
  async function erase(id: string): Promise<EmployeeStatus> {
    await models.Employee.updateOne(
      { _id: id },
      {
        $set: { status: 'deleted', deletedAt: new Date(), fullName: pseudonymOf(id), roles: [] },
        $unset: { iin: 1, email: 1, certificateDn: 1, passwordHash: 1, positionId: 1, loginGuard: 1, dismissedAt: 1 },
      },
    );
    await models.AgreementAcceptance.updateMany({ employeeId: id }, { $unset: { 'signature.cms': 1, 'signature.signerIin': 1 } });
    return 'deleted';
  }

  return { transfer, candidateDocuments };
}

export type TransferService = ReturnType<typeof createTransferService>;
