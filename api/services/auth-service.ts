/**
 * Signing in and out. Password logins are rate-limited per address and login (in memory, see
 * sliding-window-limiter) and lock the account after repeated failures (in the database, so the lock holds
 * across processes). EDS logins sign a one-time challenge with an NCA authentication key; the certificate's
 * IIN decides who is signing in, and a certificate of anybody else than the claimed person is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Models } from '../../db/models';
import type { Role } from '../../db/models/employee';
import { EKU_CLIENT_AUTH, type EdsPort } from '../auth/eds-port';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../domain/identity/password-hash';
import { createSlidingWindowLimiter, type SlidingWindowLimiter } from '../auth/sliding-window-limiter';
import { HttpProblem, problems } from '../problem';
import type { AuditRecorder } from './audit-recorder';
import type { SessionService } from './session-service';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;
export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface AuthServiceDeps {
  models: Pick<Models, 'Employee' | 'AuthChallenge'>;
  sessions: SessionService;
  record: AuditRecorder;
  eds?: EdsPort;
  now?: () => Date;
  /** Attempts per address + login, and per address alone, in a 15-minute window. */
  limits?: { perLogin: number; perAddress: number; windowMs: number };
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  employeeId: string;
  roles: Role[];
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const loginFailed = () => new HttpProblem(401, 'login-failed', 'Not signed in', 'The login or the password is wrong.');

function tooMany(retryAfterSeconds: number): HttpProblem {
  return new HttpProblem(429, 'too-many-attempts', 'Too many attempts', `Too many sign-in attempts; try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
}

export function createAuthService(deps: AuthServiceDeps) {
  const { models, sessions, record } = deps;
  const now = deps.now ?? (() => new Date());
  const limits = deps.limits ?? { perLogin: 10, perAddress: 100, windowMs: 15 * 60_000 };
  const perLogin: SlidingWindowLimiter = createSlidingWindowLimiter({ limit: limits.perLogin, windowMs: limits.windowMs, now: () => now().getTime() });
  const perAddress: SlidingWindowLimiter = createSlidingWindowLimiter({ limit: limits.perAddress, windowMs: limits.windowMs, now: () => now().getTime() });

  async function findByLogin(login: string) {
    const trimmed = login.trim();
    // The id first, by _id: the embedded database reads every employee for any other filter (an e-mail login still does).
    return (await models.Employee.findById(trimmed).lean()) ?? (await models.Employee.findOne({ email: trimmed.toLowerCase() }).lean());
  }

  function refuseInactive(status: string): HttpProblem {
    return status === 'blocked'
      ? new HttpProblem(403, 'account-blocked', 'Not allowed', 'This account is blocked.')
      : new HttpProblem(403, 'account-closed', 'Not allowed', 'This account is closed.');
  }

  /** Counts one failure; the fifth in a row locks the account for LOCK_MS and starts the count again. */
  async function countFailure(employeeId: string, source: string): Promise<void> {
    // No projection: the embedded FerretDB does not implement one on findAndModify.
    const after = await models.Employee.findOneAndUpdate({ _id: employeeId }, { $inc: { 'loginGuard.failures': 1 } }, { new: true }).lean();
    const failures = after?.loginGuard?.failures ?? 0;
    await record('auth.login-failed', { employeeId, source }, { data: { method: 'password', failures } });
    if (failures >= MAX_FAILED_LOGINS) {
      const lockedUntil = new Date(now().getTime() + LOCK_MS);
      const locked = await models.Employee.updateOne(
        { _id: employeeId, 'loginGuard.failures': { $gte: MAX_FAILED_LOGINS } },
        { $set: { 'loginGuard.failures': 0, 'loginGuard.lockedUntil': lockedUntil } },
      );
      if (locked.modifiedCount) await record('auth.account-locked', { employeeId, source }, { data: { until: lockedUntil.toISOString(), failures } });
    }
  }

  async function loginWithPassword(input: { login: string; password: string }, source: string): Promise<SignedIn> {
    const key = `${source}|${input.login.trim().toLowerCase()}`;
    for (const decision of [perAddress.hit(source), perLogin.hit(key)]) {
      if (!decision.allowed) {
        await record('auth.rate-limited', { source }, { data: { method: 'password' } });
        throw tooMany(decision.retryAfterSeconds);
      }
    }
    const employee = await findByLogin(input.login);
    if (!employee || !employee.passwordHash) {
      await verifyPassword(input.password, await decoyHash()); // same time as a real check
      await record('auth.login-failed', { employeeId: employee?._id, source }, { data: { method: 'password', knownLogin: !!employee } });
      throw loginFailed();
    }
    const lockedUntil = employee.loginGuard?.lockedUntil;
    if (lockedUntil && lockedUntil.getTime() > now().getTime()) {
      await record('auth.login-refused', { employeeId: employee._id, source }, { data: { method: 'password', reason: 'locked', until: lockedUntil.toISOString() } });
      throw new HttpProblem(403, 'account-locked', 'Not allowed', `Too many failed sign-ins: the account is locked until ${lockedUntil.toISOString()}.`, {
        lockedUntil: lockedUntil.toISOString(),
      });
    }
    if (!(await verifyPassword(input.password, employee.passwordHash))) {
      await countFailure(employee._id, source);
      throw loginFailed();
    }
    if (employee.status !== 'active') {
      await record('auth.login-refused', { employeeId: employee._id, source }, { data: { method: 'password', reason: employee.status } });
      throw refuseInactive(employee.status);
    }
    perLogin.reset(key);
    const reset: Record<string, unknown> = { 'loginGuard.failures': 0 };
    if (needsRehash(employee.passwordHash)) reset.passwordHash = await hashPassword(input.password);
    await models.Employee.updateOne({ _id: employee._id }, { $set: reset, $unset: { 'loginGuard.lockedUntil': 1 } });
    return signIn(employee._id, employee.roles as Role[], 'password', source);
  }

  async function signIn(employeeId: string, roles: Role[], method: 'password' | 'eds', source: string): Promise<SignedIn> {
    const session = await sessions.issue(employeeId, method);
    await record('auth.login', { employeeId, roles, source }, { data: { method, expiresAt: session.expiresAt.toISOString() } });
    return { ...session, employeeId, roles };
  }

  /** A one-time challenge: random, short-lived, stored only by its hash. */
  async function issueChallenge(source: string): Promise<{ challenge: string; expiresAt: Date }> {
    if (!deps.eds) throw problems.unavailable('EDS sign-in is not configured on this server.');
    const challenge = `qujat-login:${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now().getTime() + CHALLENGE_TTL_MS);
    await models.AuthChallenge.create({ _id: sha256(challenge), expiresAt, source });
    return { challenge, expiresAt };
  }

  function edsRefusal(slug: string, detail: string, extras: Record<string, unknown> = {}): HttpProblem {
    return new HttpProblem(401, slug, 'Not signed in', detail, extras);
  }

  async function loginWithEds(input: { challenge: string; cms: string; login?: string }, source: string): Promise<SignedIn> {
    if (!deps.eds) throw problems.unavailable('EDS sign-in is not configured on this server.');
    const decision = perAddress.hit(source);
    if (!decision.allowed) throw tooMany(decision.retryAfterSeconds);
    // Consumed before verification: a challenge is good for one attempt, whatever its outcome.
    const consumed = await models.AuthChallenge.findOneAndUpdate(
      { _id: sha256(input.challenge), consumedAt: { $exists: false }, expiresAt: { $gt: now() } },
      { $set: { consumedAt: now() } },
    ).lean();
    if (!consumed) {
      await record('auth.login-failed', { source }, { data: { method: 'eds', reason: 'challenge-invalid' } });
      throw edsRefusal('challenge-invalid', 'The challenge is unknown, used or expired; ask for a new one.');
    }
    const verdict = await deps.eds.verifyLogin({ cms: input.cms, content: new TextEncoder().encode(input.challenge), receivedAt: now() });
    const certificate = verdict.signer ? { serialNumber: verdict.signer.serialNumber, issuer: verdict.signer.issuer } : undefined;
    if (!verdict.valid || !verdict.signer) {
      await record('auth.login-failed', { source }, { data: { method: 'eds', reason: 'signature-invalid', failures: verdict.failures.map((f) => f.code), certificate } });
      throw edsRefusal('eds-invalid', `The signature does not verify: ${verdict.failures.map((f) => f.message).join('; ') || 'unknown reason'}.`, {
        failures: verdict.failures,
      });
    }
    if (!verdict.signer.extKeyUsage.includes(EKU_CLIENT_AUTH)) {
      await record('auth.login-failed', { source }, { data: { method: 'eds', reason: 'not-an-auth-key', certificate } });
      throw edsRefusal('not-an-auth-key', 'Sign in with your authentication key (AUTH_…), not the signing key.');
    }
    const iin = verdict.signer.iin;
    const claimed = input.login ? await findByLogin(input.login) : undefined;
    if (input.login && (!claimed || claimed.iin !== iin)) {
      // Someone presents a certificate that is not the claimed person's: refused and recorded against the claim.
      await record('auth.eds-wrong-person', { employeeId: claimed?._id, source }, { data: { certificate } });
      throw edsRefusal('wrong-person', 'This certificate does not belong to the person signing in.');
    }
    const holders = iin ? await models.Employee.find({ iin, status: { $ne: 'deleted' } }, { roles: 1, status: 1 }).lean() : [];
    if (holders.length !== 1) {
      await record('auth.login-failed', { source }, { data: { method: 'eds', reason: holders.length ? 'iin-ambiguous' : 'unknown-certificate', certificate } });
      throw edsRefusal('unknown-certificate', 'No account is registered for this certificate.');
    }
    const employee = holders[0];
    if (employee.status !== 'active') {
      await record('auth.login-refused', { employeeId: employee._id, source }, { data: { method: 'eds', reason: employee.status } });
      throw refuseInactive(employee.status);
    }
    return signIn(employee._id, employee.roles as Role[], 'eds', source);
  }

  async function logout(actor: { employeeId: string; sessionId: string; roles: readonly string[] }, source: string): Promise<void> {
    await sessions.revoke(actor.sessionId);
    await record('auth.logout', { employeeId: actor.employeeId, roles: actor.roles, source });
  }

  /** Changing one's own password needs the current one (when there is one); a wrong one counts as a failed login. */
  async function changeOwnPassword(actor: { employeeId: string; roles: readonly string[] }, input: { currentPassword?: string; newPassword: string }, source: string): Promise<void> {
    const employee = await models.Employee.findById(actor.employeeId, { passwordHash: 1 }).lean();
    if (!employee) throw problems.unauthorized();
    if (employee.passwordHash && !(input.currentPassword && (await verifyPassword(input.currentPassword, employee.passwordHash)))) {
      await countFailure(actor.employeeId, source);
      throw new HttpProblem(403, 'password-wrong', 'Not allowed', 'The current password is wrong.');
    }
    await models.Employee.updateOne({ _id: actor.employeeId }, { $set: { passwordHash: await hashPassword(input.newPassword) } });
    await record('auth.password-changed', { employeeId: actor.employeeId, roles: actor.roles, source });
  }

  return { loginWithPassword, issueChallenge, loginWithEds, logout, changeOwnPassword };
}

export type AuthService = ReturnType<typeof createAuthService>;
