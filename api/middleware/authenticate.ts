/**
 * Reads the bearer token, finds its live session and the employee behind it. A missing token leaves the
 * request anonymous (public routes work); a bad or expired one is refused outright.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Models } from '../../db/models';
import type { Role } from '../../db/models/employee';
import { problems } from '../problem';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function authenticate(models: Pick<Models, 'Session' | 'Employee'>) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization');
    if (!header) return next();
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match) throw problems.unauthorized('The Authorization header must be "Bearer <token>".');
    const session = await models.Session.findById(hashToken(match[1])).lean();
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) {
      throw problems.unauthorized('The session has expired or was revoked; sign in again.');
    }
    const employee = await models.Employee.findById(session.employeeId, { roles: 1, status: 1, agreement: 1 }).lean();
    if (!employee || employee.status !== 'active') throw problems.unauthorized('This account cannot sign in.');
    req.actor = { employeeId: employee._id, roles: employee.roles as Role[], sessionId: session._id, agreement: employee.agreement ?? undefined };
    next();
  };
}
