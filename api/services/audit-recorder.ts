/**
 * The API's own audit events (logins, agreements, org changes, transfers): who, for whom, with which role,
 * what, from where. Personal data never goes into an event: events are chained by hash and cannot be
 * edited later, so a deleted person's name or IIN must not be in them, only their id.
 */
import { randomUUID } from 'node:crypto';
import type { AuditChain, AuditEventInput } from '../../domain/audit/audit-chain';

export interface AuditWho {
  employeeId?: string;
  roles?: readonly string[];
  onBehalfOf?: string;
  /** The caller's address. */
  source?: string;
}

export type AuditRecorder = (type: string, who: AuditWho, details?: Pick<AuditEventInput, 'documentId' | 'comment' | 'data' | 'stageId'>) => Promise<void>;

export function createAuditRecorder(audit: AuditChain, now: () => Date = () => new Date()): AuditRecorder {
  return async (type, who, details = {}) => {
    await audit.append([
      {
        eventKey: `${type}:${randomUUID()}`,
        type,
        at: now(),
        actorId: who.employeeId,
        onBehalfOf: who.onBehalfOf,
        role: who.roles?.length ? who.roles.join(',') : undefined,
        source: who.source,
        ...details,
      },
    ]);
  };
}
