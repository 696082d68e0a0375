/**
 * Instants shown in Astana time (seed-004 ¶29). Stored times stay UTC; the zone database decides the offset,
 * so the 2024 move of all Kazakhstan to UTC+5 is applied to dates on either side of it.
 */
const ZONE = 'Asia/Almaty';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** e.g. "2026-11-23T17:05:09+05:00". */
export function astanaIso(at: Date): string {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}
