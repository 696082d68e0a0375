/**
 * Astana time from the IANA time-zone database (through `Intl`, which Node 20 ships with full ICU data), never
 * from a fixed offset: Astana and Almaty kept UTC+6 until 2024-03-01 00:00 local and UTC+5 since, so a date
 * before the change is an hour off under a fixed +5. `Asia/Almaty` is the zone (Asia/Astana is not an IANA
 * name). Stored instants stay UTC; only reading and printing them go through here.
 *
 * Dependency-free, and an instant always gives the same answer (the cache below only repeats what the zone
 * database said): the API, activities, rendering and the workflow's calendar data all use it.
 */

export const ASTANA_ZONE = 'Asia/Almaty';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ASTANA_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export interface AstanaParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC at that instant (360 before 2024-03-01, 300 after). */
  offsetMinutes: number;
}

function parseOffset(name: string): number {
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The wall clock in Astana at an instant, as the zone database tells it (uncached: what `astanaParts` must equal). */
export function zoneParts(ms: number): AstanaParts {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    offsetMinutes: parseOffset(p.timeZoneName),
  };
}

/** How far the wall clock is ahead of UTC, to the millisecond (LMT, before 1924, was +05:07:48). */
function wallAheadMs(ms: number, p: AstanaParts): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (((ms % 1000) + 1000) % 1000));
}

const MS_PER_HOUR = 3_600_000;
// Where the cache may answer: Gregorian years the formatter writes plainly (no era, four digits).
const CACHED_FROM = Date.UTC(1900, 0, 1);
const CACHED_UNTIL = Date.UTC(2200, 0, 1);
const CACHE_LIMIT = 4096;
interface HourOffset {
  aheadMs: number;
  offsetMinutes: number;
}
/** UTC hour → the offset in force through all of it; hours with a change in them are never kept. */
const hourOffsets = new Map<number, HourOffset>();

/**
 * The wall clock in Astana at an instant. `formatToParts` costs tens of microseconds and every screen, caption
 * and projection asks, mostly about the same few hours; so the offset of each UTC hour is kept once the zone
 * database has given it, when the offset is the same at the hour's first and last millisecond, and the wall
 * clock is then plain arithmetic. Identical answers (test/unit/calendar/astana-zone.test.ts).
 */
export function astanaParts(at: Date | number): AstanaParts {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (!(ms >= CACHED_FROM && ms < CACHED_UNTIL)) return zoneParts(ms);
  const hour = Math.floor(ms / MS_PER_HOUR);
  let known = hourOffsets.get(hour);
  if (!known) {
    const exact = zoneParts(ms);
    const first = hour * MS_PER_HOUR;
    const last = first + MS_PER_HOUR - 1;
    const aheadMs = wallAheadMs(ms, exact);
    const sameThroughout = [first, last].every((t) => t === ms || wallAheadMs(t, zoneParts(t)) === aheadMs);
    if (!sameThroughout) return exact;
    if (hourOffsets.size >= CACHE_LIMIT) hourOffsets.clear();
    hourOffsets.set(hour, (known = { aheadMs, offsetMinutes: exact.offsetMinutes }));
    return exact;
  }
  const wall = new Date(ms + known.aheadMs);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    offsetMinutes: known.offsetMinutes,
  };
}

export function astanaOffsetMinutes(at: Date | number): number {
  return astanaParts(at).offsetMinutes;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** e.g. "2026-11-23T17:05:09+05:00", "2023-11-23T18:05:09+06:00". */
export function astanaIso(at: Date | number): string {
  const p = astanaParts(at);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offsetText(p.offsetMinutes)}`;
}

/** The local calendar date, 'YYYY-MM-DD'. */
export function astanaDay(at: Date | number): string {
  const p = astanaParts(at);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The calendar year in Astana (a registration's numbering year). */
export function astanaYear(at: Date | number): number {
  return astanaParts(at).year;
}

/** DD.MM.YYYY, as dates are written on Kazakh documents. */
export function astanaDateLabel(at: Date | number): string {
  const p = astanaParts(at);
  return `${pad(p.day)}.${pad(p.month)}.${p.year}`;
}

/** DD.MM.YYYY HH:MM. */
export function astanaDateTimeLabel(at: Date | number): string {
  const p = astanaParts(at);
  return `${pad(p.day)}.${pad(p.month)}.${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant of an Astana wall-clock time ('YYYY-MM-DD', 'HH:MM'). A wall time that occurs twice (the hour
 * repeated when the clocks went back) gives the later instant, so a day or a term is never cut short.
 */
export function astanaWallTime(day: string, hhmm = '00:00'): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const candidates = new Set([astanaOffsetMinutes(wall - 12 * 3_600_000), astanaOffsetMinutes(wall + 12 * 3_600_000)]);
  let best: number | undefined;
  for (const offset of candidates) {
    const at = wall - offset * MS_PER_MINUTE;
    if (astanaOffsetMinutes(at) === offset && (best === undefined || at > best)) best = at;
  }
  // A wall time skipped by a forward change: read it with the offset in force before the change.
  return new Date(best ?? wall - astanaOffsetMinutes(wall - MS_PER_DAY) * MS_PER_MINUTE);
}

/** Midnight that begins the day in Astana. */
export function startOfAstanaDay(day: string): Date {
  return astanaWallTime(day, '00:00');
}

export interface ZoneTransition {
  /** The first instant (UTC ms) of the new offset. */
  atMs: number;
  offsetMinutes: number;
}

/** Every change of Astana's UTC offset between two instants, found by day then narrowed to the minute. */
export function astanaTransitions(fromMs: number, toMs: number): ZoneTransition[] {
  const found: ZoneTransition[] = [];
  let prev = astanaOffsetMinutes(fromMs);
  for (let t = fromMs + MS_PER_DAY; t <= toMs + MS_PER_DAY; t += MS_PER_DAY) {
    const now = astanaOffsetMinutes(t);
    if (now === prev) continue;
    let lo = t - MS_PER_DAY;
    let hi = t;
    while (hi - lo > MS_PER_MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE || lo + MS_PER_MINUTE;
      if (astanaOffsetMinutes(mid) === prev) lo = mid;
      else hi = mid;
    }
    found.push({ atMs: hi, offsetMinutes: now });
    prev = now;
  }
  return found;
}

/**
 * The zone database in this runtime knows the 2024 change: +6 in 2023, +5 in 2025. A runtime with tzdata older
 * than 2024a would silently print every 2023 time an hour off; this names the problem instead.
 */
export function assertZoneDataKnows2024Change(): void {
  const before = astanaOffsetMinutes(Date.UTC(2023, 5, 1));
  const after = astanaOffsetMinutes(Date.UTC(2025, 5, 1));
  if (before !== 360 || after !== 300) {
    throw new Error(`The time-zone data of this Node.js (tz ${process.versions.tz ?? '?'}) does not know Kazakhstan's 2024-03-01 change (${ASTANA_ZONE}: ${before} / ${after} minutes); use Node 20 with full ICU and tzdata 2024a or later.`);
  }
}
