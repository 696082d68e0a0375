/**
 * What auditors read about one document: the business timeline (audit events joined with the workflow
 * history's Updates and the signatures' verdicts: who did what, on whose behalf, when, under which route
 * version), the raw Temporal history, a replay against the current code, and the card as it was at T.
 */
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { snapshotHash, SNAPSHOT_EVENT } from '../../domain/audit/document-snapshots';
import { recordedUpdates } from '../../client/replay/history-transitions';
import { replayDocumentHistory } from '../../client/replay/document-replay';
import type { Models } from '../../db/models';
import * as defs from '../../workflows/definitions';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import { astanaIso } from '../../domain/calendar/astana-time';
import type { DocumentService } from './document-service';

export interface TimelineEntry {
  at: string;
  atAstana: string;
  source: 'audit' | 'workflow' | 'signature';
  type: string;
  actor?: { id: string; name?: string };
  onBehalfOf?: { id: string; name?: string };
  /** "X on behalf of Y", or just X. */
  who?: string;
  role?: string;
  stageId?: string;
  route?: { key: string; version: number };
  comment?: string;
  seq?: number;
  updateId?: string;
  outcome?: string;
  signature?: { id: string; status: string; reason?: string; signer?: string; signerIin?: string; signingTime?: string };
  data?: Record<string, unknown>;
}

interface SignatureReport {
  reason?: string;
  failures?: Array<{ code: string }>;
  signers?: Array<{ subject?: { commonName?: string; iin?: string }; signingTime?: string }>;
}

export function createDocumentHistoryService(deps: {
  models: Pick<Models, 'AuditEvent' | 'Employee' | 'Signature' | 'DocumentSnapshot' | 'Document' | 'Journal'>;
  temporal: Client;
  documents: Pick<DocumentService, 'loadVisible'>;
}) {
  const { models, temporal } = deps;
  const handleOf = (documentId: string) => temporal.workflow.getHandle(defs.documentWorkflowId(documentId));

  async function namesOf(ids: Iterable<string>): Promise<Map<string, string>> {
    const rows = await models.Employee.find({ _id: { $in: [...new Set(ids)] } }, { fullName: 1 }).lean();
    return new Map(rows.map((r) => [r._id, r.fullName]));
  }

  /** The Updates from Temporal, when it still holds the history (it may have passed its retention). */
  async function updatesOf(documentId: string) {
    try {
      return recordedUpdates(await handleOf(documentId).fetchHistory());
    } catch {
      return undefined;
    }
  }

  async function timeline(actor: AuthenticatedActor, documentId: string) {
    const doc = await deps.documents.loadVisible(actor, documentId);
    const route = { key: doc.route?.key ?? '', version: doc.route?.version ?? 0 };
    const [events, signatures, updates] = await Promise.all([
      models.AuditEvent.find({ documentId, type: { $ne: SNAPSHOT_EVENT } }).sort({ _id: 1 }).lean(),
      models.Signature.find({ documentId }, { cms: 0 }).lean(),
      updatesOf(documentId),
    ]);
    const verdicts = new Map(
      signatures.map((s) => {
        const report = (s.report ?? {}) as SignatureReport;
        const signer = report.signers?.[0];
        return [
          s._id,
          {
            id: s._id,
            status: s.status,
            reason: report.reason ?? report.failures?.[0]?.code,
            signer: signer?.subject?.commonName,
            signerIin: signer?.subject?.iin,
            signingTime: signer?.signingTime,
          },
        ];
      }),
    );
    const entries: TimelineEntry[] = [];
    for (const e of events) {
      const data = (e.data ?? undefined) as Record<string, unknown> | undefined;
      const signatureId = typeof data?.signatureId === 'string' ? data.signatureId : undefined;
      entries.push({
        at: new Date(e.at).toISOString(),
        atAstana: '',
        source: 'audit',
        type: e.type,
        actor: e.actorId ? { id: e.actorId } : undefined,
        onBehalfOf: e.onBehalfOf ? { id: e.onBehalfOf } : undefined,
        role: e.role ?? undefined,
        stageId: e.stageId ?? undefined,
        route: e.routeKey && e.routeVersion ? { key: e.routeKey, version: e.routeVersion } : undefined,
        comment: e.comment ?? undefined,
        seq: e.seq,
        signature: signatureId ? verdicts.get(signatureId) : undefined,
        data,
      });
    }
    for (const u of updates ?? []) {
      const action = (u.args[0] ?? {}) as { actor?: { employeeId?: string; onBehalfOf?: string; roles?: string[] }; signatureId?: string };
      entries.push({
        at: u.at.toISOString(),
        atAstana: '',
        source: 'workflow',
        type: `update:${u.name}`,
        actor: action.actor?.employeeId ? { id: action.actor.employeeId } : undefined,
        onBehalfOf: action.actor?.onBehalfOf ? { id: action.actor.onBehalfOf } : undefined,
        role: action.actor?.roles?.join(','),
        route,
        updateId: u.updateId,
        outcome: u.outcome,
        comment: u.failure,
        signature: action.signatureId ? verdicts.get(action.signatureId) : undefined,
      });
    }
    // Refused signatures never reach the route, so they appear here from the signature store itself.
    for (const s of signatures.filter((x) => x.status === 'invalid')) {
      entries.push({
        at: new Date(s.verifiedAt ?? s.createdAt).toISOString(),
        atAstana: '',
        source: 'signature',
        type: 'signature.refused',
        actor: { id: s.submittedBy },
        onBehalfOf: s.onBehalfOf ? { id: s.onBehalfOf } : undefined,
        route,
        signature: verdicts.get(s._id),
      });
    }
    const names = await namesOf(entries.flatMap((e) => [e.actor?.id, e.onBehalfOf?.id].filter((x): x is string => !!x)));
    for (const e of entries) {
      e.atAstana = astanaIso(new Date(e.at));
      if (e.actor) e.actor.name = names.get(e.actor.id);
      if (e.onBehalfOf) e.onBehalfOf.name = names.get(e.onBehalfOf.id);
      const actorName = e.actor ? (e.actor.name ?? e.actor.id) : undefined;
      e.who = actorName && e.onBehalfOf ? `${actorName} on behalf of ${e.onBehalfOf.name ?? e.onBehalfOf.id}` : actorName;
    }
    // By time; at the same instant the workflow's Update comes before the events it caused.
    const order = { workflow: 0, signature: 1, audit: 2 } as const;
    entries.sort((a, b) => a.at.localeCompare(b.at) || order[a.source] - order[b.source] || (a.seq ?? 0) - (b.seq ?? 0));
    return { documentId, route, workflowHistoryAvailable: updates !== undefined, entries };
  }

  async function exportHistory(actor: AuthenticatedActor, documentId: string): Promise<{ filename: string; json: string }> {
    await deps.documents.loadVisible(actor, documentId);
    const history = await handleOf(documentId).fetchHistory();
    return { filename: `document-${documentId}-history.json`, json: historyToJSON(history) };
  }

  /** The stored snapshot at T, with whether its hash still matches the one chained into the audit trail. */
  async function snapshotAt(documentId: string, at: Date | undefined, seq?: number) {
    const snapshot =
      seq !== undefined
        ? await models.DocumentSnapshot.findById(`${documentId}:${seq}`).lean()
        : await models.DocumentSnapshot.findOne({ documentId, ...(at && { at: { $lte: at } }) }).sort({ seq: -1 }).lean();
    if (!snapshot) return undefined;
    const chained = await models.AuditEvent.findOne({ eventKey: `${documentId}:${snapshot.seq}:snapshot` }, { data: 1 }).lean();
    const recomputed = snapshotHash(snapshot.state);
    const chainedHash = (chained?.data as { sha256?: string } | undefined)?.sha256;
    return {
      seq: snapshot.seq,
      at: snapshot.at.toISOString(),
      state: snapshot.state as Record<string, unknown>,
      sha256: recomputed,
      verified: recomputed === snapshot.sha256 && recomputed === chainedHash,
    };
  }

  /**
   * The card's heading at T: the route's snapshot does not carry it, so it is the current title rolled back through
   * the card edits made after T (each `document.edited` event keeps the old value), and the journal by its title.
   */
  async function headingAt(card: { title?: string | null }, documentId: string, at: Date | undefined, journal: string | undefined) {
    let title = card.title ?? undefined;
    if (at) {
      const later = await models.AuditEvent.find({ documentId, type: 'document.edited', at: { $gt: at } }, { data: 1 }).sort({ at: 1 }).lean();
      for (const e of later) {
        const change = ((e.data as { changes?: Array<{ field: string; old: unknown }> } | undefined)?.changes ?? []).find((c) => c.field === 'title');
        if (change && typeof change.old === 'string') {
          title = change.old;
          break;
        }
      }
    }
    const journalTitle = journal ? (await models.Journal.findById(journal, { title: 1 }).lean())?.title : undefined;
    return { title, journalTitle: journalTitle ? { kk: journalTitle.kk, ru: journalTitle.ru } : undefined };
  }

  async function stateAt(actor: AuthenticatedActor, documentId: string, at: Date | undefined) {
    const card = await deps.documents.loadVisible(actor, documentId);
    const snapshot = await snapshotAt(documentId, at);
    if (!snapshot) throw problems.notFound(`A recorded state of document ${documentId}${at ? ` at ${at.toISOString()}` : ''}`);
    const journal = (snapshot.state.registration as { journal?: string } | undefined)?.journal;
    const heading = await headingAt(card, documentId, at, journal);
    return { documentId, requestedAt: at?.toISOString(), ...snapshot, atAstana: astanaIso(new Date(snapshot.at)), card: heading };
  }

  async function replay(actor: AuthenticatedActor, documentId: string, at: Date | undefined) {
    await deps.documents.loadVisible(actor, documentId);
    const workflowId = defs.documentWorkflowId(documentId);
    const history = await handleOf(documentId).fetchHistory();
    const report = await replayDocumentHistory(history, { workflowId, at });
    // The stored snapshot of the same step: the read model and the replay must tell the same story.
    const snapshot = report.stateAt ? await snapshotAt(documentId, undefined, report.stateAt.seq) : undefined;
    return {
      ...report,
      snapshot: snapshot
        ? { seq: snapshot.seq, verified: snapshot.verified, matchesReplay: snapshotHash(snapshot.state) === snapshotHash(JSON.parse(JSON.stringify(report.stateAt!.state))) }
        : undefined,
    };
  }

  return { timeline, exportHistory, stateAt, replay };
}

export type DocumentHistoryService = ReturnType<typeof createDocumentHistoryService>;
