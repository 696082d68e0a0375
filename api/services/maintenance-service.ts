/**
 * Announced maintenance windows (seed-004 ¶44): an administrator announces start, end and a text in kk and ru;
 * every signed-in person sees it as a banner from the announcement until the window ends. Every page asks for
 * the current windows, so the answer is kept for a few seconds per process and dropped when this process
 * announces or cancels one (another API process sees the change within that time).
 */
import { randomUUID } from 'node:crypto';
import type { Models } from '../../db/models';
import type { AuditChain } from '../../domain/audit/audit-chain';
import { astanaIso } from '../../domain/calendar/astana-time';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import { createAuditRecorder } from './audit-recorder';

const CACHE_MS = 15_000;

interface WindowRow {
  _id: string;
  startsAt: Date;
  endsAt: Date;
  text: { kk: string; ru: string };
  announcedBy: string;
  announcedAt: Date;
  cancelledAt?: Date | null;
}

export function createMaintenanceService(deps: { models: Pick<Models, 'MaintenanceWindow'>; audit: AuditChain; now?: () => Date }) {
  const { models } = deps;
  const now = deps.now ?? (() => new Date());
  const record = createAuditRecorder(deps.audit, now);
  let cache: { at: number; rows: WindowRow[] } | undefined;

  function viewOf(w: WindowRow, at: Date) {
    return {
      id: w._id,
      startsAt: w.startsAt.toISOString(),
      startsAtAstana: astanaIso(w.startsAt),
      endsAt: w.endsAt.toISOString(),
      endsAtAstana: astanaIso(w.endsAt),
      text: { kk: w.text.kk, ru: w.text.ru },
      state: w.cancelledAt ? ('cancelled' as const) : w.endsAt <= at ? ('over' as const) : w.startsAt <= at ? ('now' as const) : ('announced' as const),
      announcedAt: w.announcedAt.toISOString(),
    };
  }

  async function announce(actor: AuthenticatedActor, input: { startsAt: string; endsAt: string; text: { kk: string; ru: string } }, source: string) {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw problems.validation([{ field: 'body.endsAt', message: 'the end must come after the start' }]);
    if (endsAt <= now()) throw problems.validation([{ field: 'body.endsAt', message: 'the window is over already' }]);
    const id = randomUUID();
    await models.MaintenanceWindow.create({ _id: id, startsAt, endsAt, text: input.text, announcedBy: actor.employeeId, announcedAt: now() });
    cache = undefined;
    await record('maintenance.announced', { employeeId: actor.employeeId, roles: actor.roles, source }, { data: { windowId: id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() } });
    return viewOf((await models.MaintenanceWindow.findById(id).lean()) as WindowRow, now());
  }

  async function cancel(actor: AuthenticatedActor, id: string, source: string) {
    const w = await models.MaintenanceWindow.findById(id).lean();
    if (!w) throw problems.notFound(`Maintenance window ${id}`);
    if (w.cancelledAt) throw problems.conflict('This window is cancelled already.', 'maintenance-cancelled');
    await models.MaintenanceWindow.updateOne({ _id: id }, { $set: { cancelledAt: now(), cancelledBy: actor.employeeId } });
    cache = undefined;
    await record('maintenance.cancelled', { employeeId: actor.employeeId, roles: actor.roles, source }, { data: { windowId: id } });
  }

  /** Announced and not over: what the banner shows (before the window and during it). */
  async function current() {
    const at = now();
    if (!cache || at.getTime() - cache.at > CACHE_MS) {
      cache = { at: at.getTime(), rows: (await models.MaintenanceWindow.find({ endsAt: { $gt: at }, cancelledAt: { $exists: false } }).sort({ startsAt: 1 }).lean()) as WindowRow[] };
    }
    return cache.rows.filter((w) => w.endsAt > at).map((w) => viewOf(w, at));
  }

  async function list() {
    const at = now();
    return ((await models.MaintenanceWindow.find({}).sort({ startsAt: -1 }).limit(500).lean()) as WindowRow[]).map((w) => viewOf(w, at));
  }

  return { announce, cancel, current, list };
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
