/**
 * The audit trail for auditors: verify the hash chain (naming the first broken event) and read events.
 */
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { Models } from '../../db/models';
import { auditPositionId } from '../../db/models/audit-event';
import { astanaIso } from '../../domain/calendar/astana-time';

export function createAuditService(deps: { models: Pick<Models, 'AuditEvent'>; audit: AuditChain }) {
  const { models, audit } = deps;

  async function verify() {
    const verdict = await audit.verify();
    if (verdict.ok || !verdict.brokenAt) return { ok: verdict.ok, checked: verdict.checked };
    const stored = await models.AuditEvent.findById(auditPositionId(verdict.brokenAt.seq), { type: 1, at: 1, documentId: 1 }).lean();
    return {
      ok: false,
      checked: verdict.checked,
      brokenAt: {
        ...verdict.brokenAt,
        type: stored?.type,
        at: stored?.at ? new Date(stored.at).toISOString() : undefined,
        documentId: stored?.documentId ?? undefined,
      },
    };
  }

  async function events(query: { documentId?: string; actorId?: string; type?: string; from?: Date; to?: Date; afterSeq?: number; limit: number }) {
    const filter: Record<string, unknown> = {};
    if (query.documentId) filter.documentId = query.documentId;
    if (query.actorId) filter.$or = [{ actorId: query.actorId }, { onBehalfOf: query.actorId }];
    if (query.type) filter.type = query.type;
    if (query.from || query.to) filter.at = { ...(query.from && { $gte: query.from }), ...(query.to && { $lt: query.to }) };
    if (query.afterSeq !== undefined) filter._id = { $gt: auditPositionId(query.afterSeq) };
    const rows = await models.AuditEvent.find(filter).sort({ _id: 1 }).limit(query.limit).lean();
    return {
      items: rows.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: new Date(e.at).toISOString(),
        atAstana: astanaIso(new Date(e.at)),
        actorId: e.actorId ?? undefined,
        onBehalfOf: e.onBehalfOf ?? undefined,
        role: e.role ?? undefined,
        documentId: e.documentId ?? undefined,
        routeKey: e.routeKey ?? undefined,
        routeVersion: e.routeVersion ?? undefined,
        stageId: e.stageId ?? undefined,
        comment: e.comment ?? undefined,
        source: e.source ?? undefined,
        data: (e.data ?? undefined) as Record<string, unknown> | undefined,
        hash: e.hash,
      })),
      nextAfterSeq: rows.length === query.limit ? rows[rows.length - 1].seq : undefined,
    };
  }

  return { verify, events };
}

export type AuditService = ReturnType<typeof createAuditService>;
