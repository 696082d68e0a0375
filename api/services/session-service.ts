/** Issues and revokes session tokens; the token is random, only its hash is stored. */
import { randomBytes } from 'node:crypto';
import type { Models } from '../../db/models';
import { hashToken } from '../middleware/authenticate';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export function createSessionService(models: Pick<Models, 'Session'>) {
  async function issue(employeeId: string, method: 'password' | 'eds' | 'test'): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await models.Session.create({ _id: hashToken(token), employeeId, expiresAt, method });
    return { token, expiresAt };
  }

  async function revoke(sessionId: string): Promise<void> {
    await models.Session.updateOne({ _id: sessionId }, { $set: { revokedAt: new Date() } });
  }

  /** Ends every live session of a person at once: blocking, dismissal and deletion take effect now. */
  async function revokeAllOf(employeeId: string): Promise<number> {
    const result = await models.Session.updateMany({ employeeId, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } });
    return result.modifiedCount;
  }

  return { issue, revoke, revokeAllOf };
}

export type SessionService = ReturnType<typeof createSessionService>;
