/** Days as a clerk types them (dd.mm.yyyy) to and from the ISO day the API takes, and times of day (24-hour). */
const pad = (n: number) => String(n).padStart(2, '0');

/** '05.12.2026' → '2026-12-05'; anything that is not a real calendar day → undefined. */
export function parseClerkDate(text: string): string | undefined {
  const m = /^\s*(\d{1,2})[.,/-](\d{1,2})[.,/-](\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** '2026-12-05' → '05.12.2026'; other text is returned as is. */
export function clerkDateOf(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
}

/** '9:05' or '09.05' → '09:05' (24-hour); anything that is not a time of day → undefined. */
export function parseClockTime(text: string): string | undefined {
  const m = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}
