/**
 * Reads the bearer token, finds its live session and the employee behind it. A missing token leaves the
 * request anonymous (public routes work); a bad or expired one is refused outright.
 *
 * The session record keeps a copy of what a request needs of its employee (db/session-actor.ts), so a
 * request normally costs at most this one read by `_id` (none while the process trusts a read it made a moment
 * ago: db/models/session.ts); the copy is built again after the employee changed.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Models } from '../../db/models';
import { readSession } from '../../db/models/session';
import type { Role } from '../../db/models/employee';
import type { SessionActor } from '../../db/session-actor';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

type EmployeeView = { roles?: string[] | null; status?: string | null; iin?: string | null; agreement?: SessionActor['agreement'] } | null;

const sameEmployee = (a: EmployeeView, b: EmployeeView): boolean =>
  JSON.stringify([a?.roles, a?.status, a?.iin ?? null, a?.agreement?.version, a?.agreement?.acceptanceId]) ===
  JSON.stringify([b?.roles, b?.status, b?.iin ?? null, b?.agreement?.version, b?.agreement?.acceptanceId]);

/**
 * A usable copy: dropped copies are absent; a half-written one (a drop raced a partial update) lacks roles; one
 * made before the IIN was kept lacks it (null when the person has none), and is made again once.
 */
function keptActor(value: unknown): SessionActor | undefined {
  const actor = value as SessionActor | undefined;
  return actor && Array.isArray(actor.roles) && actor.iin !== undefined ? actor : undefined;
}

export function authenticate(models: Pick<Models, 'Session' | 'Employee'>) {
  const employeeFields = { roles: 1, status: 1, iin: 1, agreement: 1 } as const;

  /** Keeps the copy on the session, then reads the employee again: changed meanwhile, the copy goes. */
  async function rememberActor(sessionId: string, employeeId: string, seen: EmployeeView, actor: SessionActor): Promise<void> {
    await models.Session.updateOne({ _id: sessionId }, { $set: { actor } });
    const now = await models.Employee.findById(employeeId, employeeFields).lean();
    if (!sameEmployee(seen, now)) await models.Session.updateOne({ _id: sessionId }, { $unset: { actor: 1 } });
  }

  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization');
    if (!header) return next();
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match) throw problems.unauthorized('The Authorization header must be "Bearer <token>".');
    const session = await readSession(models.Session, hashToken(match[1]));
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) {
      throw problems.unauthorized('The session has expired or was revoked; sign in again.');
    }
    const kept = keptActor(session.actor);
    if (kept) {
      req.actor = actorOf(session._id, session.employeeId, kept);
      return next();
    }
    const employee = await models.Employee.findById(session.employeeId, employeeFields).lean();
    if (!employee || employee.status !== 'active') throw problems.unauthorized('This account cannot sign in.');
    const actor: SessionActor = { roles: employee.roles, iin: employee.iin ?? null, agreement: employee.agreement ?? null };
    await rememberActor(session._id, employee._id, employee, actor);
    req.actor = actorOf(session._id, employee._id, actor);
    next();
  };
}

function actorOf(sessionId: string, employeeId: string, kept: SessionActor): AuthenticatedActor {
  return {
    employeeId,
    roles: kept.roles as Role[],
    sessionId,
    agreement: kept.agreement ?? undefined,
    acceptedVersion: kept.acceptedVersion ?? undefined,
    iin: kept.iin ?? undefined,
  };
}
