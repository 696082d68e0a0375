/** Who is calling: set by the authentication middleware, read by handlers and the refusal log. */
import type { Request } from 'express';
import type { Role } from '../db/models/employee';

export interface AuthenticatedActor {
  employeeId: string;
  roles: Role[];
  sessionId: string;
  /** The acceptance the employee record points to (read with the employee, so the agreement guard needs one lookup by _id). */
  agreement?: { version?: string | null; acceptanceId?: string | null };
  /** The agreement version the session already found accepted (db/session-actor.ts): the guard then reads nothing. */
  acceptedVersion?: string;
  /** The IIN on record, from the session's copy (db/session-actor.ts); absent when unknown or none. */
  iin?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: AuthenticatedActor;
  }
}

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
