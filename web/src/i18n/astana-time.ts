/**
 * Astana time in the browser, from its zone database (Asia/Almaty: UTC+6 until 2024-03-01, UTC+5 since), never
 * a fixed offset: dates as a clerk writes them (05.12.2026, 05.12.2026 14:30) and form dates back to instants.
 */
const ASTANA_ZONE = 'Asia/Almaty';
const pad = (n: number) => String(n).padStart(2, '0');

const astanaFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ASTANA_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

interface Wall {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
  offsetMinutes: number;
}

function wallAt(ms: number): Wall {
  const p = Object.fromEntries(astanaFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const o = /GMT([+-])(\d{2}):(\d{2})/.exec(p.timeZoneName ?? '');
  const offsetMinutes = o ? (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) : 0;
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: Number(p.hour), mi: Number(p.minute), offsetMinutes };
}

function astana(value: number | string | undefined): Wall | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? wallAt(ms) : undefined;
}

export function formatDate(value: number | string | undefined): string {
  const d = astana(value);
  return d ? `${pad(d.d)}.${pad(d.m)}.${d.y}` : '—';
}

export function formatDateTime(value: number | string | undefined): string {
  const d = astana(value);
  return d ? `${pad(d.d)}.${pad(d.m)}.${d.y} ${pad(d.hh)}:${pad(d.mi)}` : '—';
}

/**
 * The ISO instant of an Astana wall-clock time picked on a form ('YYYY-MM-DD', 'HH:MM:SS'), with the offset then in
 * force; a time that occurred twice (clocks went back on 2024-03-01) is the later one.
 */
export function astanaInstant(day: string, time = '00:00:00'): string {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mi, ss] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mi, ss || 0);
  let best: number | undefined;
  for (const probe of [wall - 43_200_000, wall + 43_200_000]) {
    const at = wall - wallAt(probe).offsetMinutes * 60_000;
    if (wallAt(at).offsetMinutes === wallAt(probe).offsetMinutes && (best === undefined || at > best)) best = at;
  }
  return new Date(best ?? wall - wallAt(wall - 86_400_000).offsetMinutes * 60_000).toISOString();
}
