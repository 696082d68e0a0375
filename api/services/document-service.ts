/**
 * Documents: create the card and start its route, read the card with the live state, and pass human
 * actions to the workflow as Updates (whose validators decide).
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Models } from '../../db/models';
import type { Role } from '../../db/models/employee';
import * as defs from '../../workflows/definitions';
import type { Actor, DocumentState, DocumentWorkflowInput } from '../../workflows/definitions';
import type { PinnedRoute, RouteDefinition } from '../../workflows/lib/route-model';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { ActionName, actionBodies } from './document-schemas';
import type { SubstitutionService } from './substitution-service';
import type { z } from '../openapi/zod';

export interface DocumentServiceDeps {
  models: Models;
  temporal: Client;
  taskQueue: string;
  substitutions: SubstitutionService;
}

/** Roles that see every document (the rest see only what they take part in). */
const SEE_ALL: readonly Role[] = ['auditor', 'administrator'];

type CreateInput = {
  type: string;
  title: string;
  language: 'kk' | 'ru';
  correspondent?: string;
  summary?: string;
  participants: Record<string, unknown>;
  fields: Record<string, unknown>;
};

export function createDocumentService(deps: DocumentServiceDeps) {
  const { models, temporal } = deps;

  const handleOf = (documentId: string): WorkflowHandle => temporal.workflow.getHandle(defs.documentWorkflowId(documentId));

  async function currentRoute(documentType: string): Promise<PinnedRoute> {
    const type = await models.DocumentType.findById(documentType).lean();
    if (!type) throw problems.validation([{ field: 'body.type', message: `unknown document type "${documentType}"` }]);
    const version = await models.RouteVersion.findOne({ key: type.routeKey }).sort({ version: -1 }).lean();
    if (!version) throw problems.conflict(`Route "${type.routeKey}" of type "${documentType}" has no published version yet.`);
    return { key: version.key, version: version.version, definition: version.definition as RouteDefinition };
  }

  async function checkPeopleExist(participants: Record<string, unknown>): Promise<void> {
    for (const [field, value] of Object.entries(participants)) {
      const ids = Array.isArray(value) ? value : [value];
      for (const [i, id] of ids.entries()) {
        const exists = await models.Employee.exists({ _id: id, status: 'active' });
        if (!exists) {
          const path = Array.isArray(value) ? `body.participants.${field}.${i}` : `body.participants.${field}`;
          throw problems.validation([{ field: path, message: `no active employee "${String(id)}"` }]);
        }
      }
    }
  }

  async function create(actor: AuthenticatedActor, input: CreateInput) {
    const route = await currentRoute(input.type);
    await checkPeopleExist(input.participants);
    const documentId = randomUUID();
    const workflowId = defs.documentWorkflowId(documentId);
    await models.Document.create({
      _id: documentId,
      ...input,
      authorId: actor.employeeId,
      route: { key: route.key, version: route.version },
      workflowId,
      status: 'draft',
      participantIds: [actor.employeeId],
    });
    const workflowInput: DocumentWorkflowInput = { documentId, authorId: actor.employeeId, route };
    try {
      await temporal.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [workflowInput],
      });
    } catch (error) {
      // Without its route the card is useless: remove it so a retry starts clean.
      await models.Document.deleteOne({ _id: documentId });
      throw error;
    }
    return get(actor, documentId);
  }

  async function loadVisible(actor: AuthenticatedActor, documentId: string) {
    const doc = await models.Document.findById(documentId).lean();
    if (!doc) throw problems.notFound(`Document ${documentId}`);
    if (!(await canSee(actor, doc))) {
      // Same answer as a missing document: existence is not leaked to outsiders.
      throw problems.notFound(`Document ${documentId}`);
    }
    return doc;
  }

  async function canSee(actor: AuthenticatedActor, doc: { participantIds: string[]; authorId: string }): Promise<boolean> {
    if (actor.roles.some((r) => SEE_ALL.includes(r))) return true;
    if (doc.participantIds.includes(actor.employeeId)) return true;
    const represented = await deps.substitutions.representedBy(actor.employeeId, new Date());
    return represented.some((id) => doc.participantIds.includes(id));
  }

  async function liveState(documentId: string): Promise<DocumentState | undefined> {
    try {
      return await handleOf(documentId).query(defs.stateQuery);
    } catch {
      return undefined; // the card is still useful when Temporal is briefly away
    }
  }

  function view(doc: NonNullable<Awaited<ReturnType<typeof loadVisible>>>, state: DocumentState | undefined) {
    return {
      id: doc._id,
      type: doc.type,
      title: doc.title,
      language: doc.language,
      authorId: doc.authorId,
      status: state?.status ?? doc.status,
      route: { key: doc.route?.key ?? '', version: doc.route?.version ?? 0 },
      registration:
        state?.registration
          ? { journal: state.registration.journal, number: state.registration.number, registeredAt: new Date(state.registration.registeredAtMs).toISOString() }
          : undefined,
      participants: (doc.participants ?? {}) as Record<string, unknown>,
      correspondent: doc.correspondent ?? undefined,
      summary: doc.summary ?? undefined,
      createdAt: new Date(doc.createdAt).toISOString(),
      workflow: state as unknown as Record<string, unknown> | undefined,
    };
  }

  async function get(actor: AuthenticatedActor, documentId: string) {
    const doc = await loadVisible(actor, documentId);
    return view(doc, await liveState(documentId));
  }

  /** The workflow actor: who acts, for whom (checked against live substitutions), with which roles. */
  async function workflowActor(actor: AuthenticatedActor, onBehalfOf: string | undefined, documentType: string): Promise<Actor> {
    if (!onBehalfOf || onBehalfOf === actor.employeeId) return { employeeId: actor.employeeId, roles: actor.roles };
    if (!(await deps.substitutions.mayActFor(actor.employeeId, onBehalfOf, new Date(), documentType))) {
      throw problems.forbidden(`${actor.employeeId} is not a substitute for ${onBehalfOf} now.`);
    }
    return { employeeId: actor.employeeId, onBehalfOf, roles: actor.roles };
  }

  async function act<A extends ActionName>(
    actor: AuthenticatedActor,
    documentId: string,
    action: A,
    body: z.output<(typeof actionBodies)[A]>,
  ): Promise<ReturnType<typeof view>> {
    const doc = await loadVisible(actor, documentId);
    const { onBehalfOf, ...rest } = body as { onBehalfOf?: string } & Record<string, unknown>;
    const who = await workflowActor(actor, onBehalfOf, doc.type);
    const handle = handleOf(documentId);
    const payload = { ...rest, actor: who } as Record<string, unknown>;
    let state: DocumentState;
    switch (action) {
      case 'submit':
        state = await handle.executeUpdate(defs.submitUpdate, { args: [payload as never] });
        break;
      case 'withdraw':
        state = await handle.executeUpdate(defs.withdrawUpdate, { args: [payload as never] });
        break;
      case 'approve':
        state = await handle.executeUpdate(defs.approveUpdate, { args: [payload as never] });
        break;
      case 'reject':
        state = await handle.executeUpdate(defs.rejectUpdate, { args: [payload as never] });
        break;
      case 'register':
        state = await handle.executeUpdate(defs.registerUpdate, { args: [payload as never] });
        break;
      case 'refuse':
        state = await handle.executeUpdate(defs.refuseIncomingUpdate, { args: [payload as never] });
        break;
      case 'write-resolution': {
        const { dueAt, ...resolution } = payload as { dueAt?: string } & Record<string, unknown>;
        const args = { ...resolution, dueAtMs: dueAt ? Date.parse(dueAt) : undefined };
        state = await handle.executeUpdate(defs.writeResolutionUpdate, { args: [args as never] });
        break;
      }
      case 'file-card':
        state = await handle.executeUpdate(defs.fileExecutionCardUpdate, { args: [payload as never] });
        break;
      case 'edit-card':
        state = await handle.executeUpdate(defs.editExecutionCardUpdate, { args: [payload as never] });
        break;
      case 'acknowledge':
        state = await handle.executeUpdate(defs.acknowledgeUpdate, { args: [payload as never] });
        break;
      case 'remove-from-control':
        state = await handle.executeUpdate(defs.removeFromControlUpdate, { args: [payload as never] });
        break;
      case 'return-for-rework':
        state = await handle.executeUpdate(defs.returnForReworkUpdate, { args: [payload as never] });
        break;
      case 'extend-deadline': {
        const { newDueAt, ...extension } = payload as { newDueAt: string } & Record<string, unknown>;
        state = await handle.executeUpdate(defs.extendDeadlineUpdate, { args: [{ ...extension, newDueAtMs: Date.parse(newDueAt) } as never] });
        break;
      }
      default:
        throw problems.notFound(`Action "${String(action)}"`);
    }
    return view(doc, state);
  }

  /** Signing goes through the same update, after the CMS has been stored by the signature service. */
  async function sign(actor: AuthenticatedActor, documentId: string, signatureId: string, onBehalfOf?: string) {
    const doc = await loadVisible(actor, documentId);
    const who = await workflowActor(actor, onBehalfOf, doc.type);
    const state = await handleOf(documentId).executeUpdate(defs.signUpdate, { args: [{ actor: who, signatureId }] });
    return view(doc, state);
  }

  return { create, get, act, sign, loadVisible, canSee };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
