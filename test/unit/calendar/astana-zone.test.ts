/**
 * Astana time from the zone database: UTC+6 until 2024-03-01 00:00 local, UTC+5 since. Day boundaries in 2023
 * and 2025 — in the labels printed on documents and the audit, the numbering year, search days, the web UI's
 * dates, and the deadlines the workflow computes from its recorded calendar.
 */
import { buildBusinessCalendar } from '../../../domain/calendar/build-calendar';
import { astanaDateLabel, astanaDateTimeLabel } from '../../../domain/journals/document-caption';
import { astanaYear } from '../../../domain/journals/number-format';
import { astanaIso } from '../../../domain/calendar/astana-time';
import { lowerBound, upperBound } from '../../../api/services/search-dates';
import { assertZoneDataKnows2024Change, astanaOffsetMinutes, astanaParts, astanaTransitions, astanaWallTime, zoneParts } from '../../../domain/calendar/astana-zone';
import { computeDeadline, endOfLocalDayMs, formatLocalInstant, startOfLocalDayMs, toLocalDate } from '../../../domain/calendar/business-calendar';
import { astanaInstant, formatDate, formatDateTime } from '../../../web/src/i18n/astana-time';

const at = (iso: string) => new Date(iso);

it("this runtime's zone data knows the 2024 change: Asia/Almaty is +6 in 2023 and +5 in 2025", () => {
  expect(astanaOffsetMinutes(at('2023-06-01T12:00:00Z'))).toBe(360);
  expect(astanaOffsetMinutes(at('2025-06-01T12:00:00Z'))).toBe(300);
  expect(() => assertZoneDataKnows2024Change()).not.toThrow();
  // The clocks went back from 00:00 +06 to 23:00 +05 on 2024-03-01.
  expect(astanaTransitions(Date.UTC(2023, 0, 1), Date.UTC(2026, 0, 1))).toEqual([{ atMs: Date.parse('2024-02-29T18:00:00Z'), offsetMinutes: 300 }]);
});

describe('printed dates at the day boundary', () => {
  it('2023: 18:30 UTC is already the next day in Astana (00:30 +06)', () => {
    expect(astanaIso(at('2023-06-01T18:30:00Z'))).toBe('2023-06-02T00:30:00+06:00');
    expect(astanaDateLabel(at('2023-06-01T18:30:00Z'))).toBe('02.06.2023');
    expect(astanaDateTimeLabel(at('2023-06-01T18:30:00Z'))).toBe('02.06.2023 00:30');
    expect(astanaYear(at('2023-12-31T18:30:00Z'))).toBe(2024);
    expect(formatDate('2023-06-01T18:30:00Z')).toBe('02.06.2023');
    expect(formatDateTime('2023-06-01T18:30:00Z')).toBe('02.06.2023 00:30');
  });
  it('2025: 18:30 UTC is still the same day (23:30 +05)', () => {
    expect(astanaIso(at('2025-06-01T18:30:00Z'))).toBe('2025-06-01T23:30:00+05:00');
    expect(astanaDateLabel(at('2025-06-01T18:30:00Z'))).toBe('01.06.2025');
    expect(astanaDateTimeLabel(at('2025-06-01T18:59:00Z'))).toBe('01.06.2025 23:59');
    expect(astanaYear(at('2025-12-31T18:30:00Z'))).toBe(2025);
    expect(formatDateTime('2025-06-01T18:30:00Z')).toBe('01.06.2025 23:30');
  });
});

describe('days read back into instants', () => {
  it('search days and form dates begin at the Astana midnight of their year', () => {
    expect(lowerBound('2023-06-01').toISOString()).toBe('2023-05-31T18:00:00.000Z');
    expect(upperBound('2023-06-01').toISOString()).toBe('2023-06-01T17:59:59.999Z');
    expect(lowerBound('2025-06-01').toISOString()).toBe('2025-05-31T19:00:00.000Z');
    expect(astanaInstant('2023-06-01', '18:00:00')).toBe('2023-06-01T12:00:00.000Z');
    expect(astanaInstant('2025-06-01', '18:00:00')).toBe('2025-06-01T13:00:00.000Z');
  });
  it('the hour that occurred twice on 2024-02-29 is read as the later one, so the day is never cut short', () => {
    expect(astanaWallTime('2024-02-29', '23:30').toISOString()).toBe('2024-02-29T18:30:00.000Z');
    expect(astanaWallTime('2024-03-01', '00:00').toISOString()).toBe('2024-02-29T19:00:00.000Z');
    expect(astanaInstant('2024-02-29', '23:30:00')).toBe('2024-02-29T18:30:00.000Z');
  });
});

describe('the business calendar the workflow records', () => {
  const cal = buildBusinessCalendar({ years: [2024, 2025], overrides: [] });
  it('carries the offsets of the zone database for its years', () => {
    expect(cal.timeZoneOffsetMinutes).toBe(360);
    expect(cal.offsetChanges).toEqual([{ atMs: Date.parse('2024-02-29T18:00:00Z'), offsetMinutes: 300 }]);
  });
  it('puts day boundaries at the local midnight in force, before and after the change', () => {
    expect(toLocalDate(Date.parse('2024-01-10T18:30:00Z'), cal)).toBe('2024-01-11');
    expect(toLocalDate(Date.parse('2025-01-10T18:30:00Z'), cal)).toBe('2025-01-10');
    expect(new Date(startOfLocalDayMs('2024-01-11', cal)).toISOString()).toBe('2024-01-10T18:00:00.000Z');
    expect(new Date(endOfLocalDayMs('2024-01-11', cal)).toISOString()).toBe('2024-01-11T17:59:59.999Z');
    expect(new Date(endOfLocalDayMs('2025-01-10', cal)).toISOString()).toBe('2025-01-10T18:59:59.999Z');
    // The last day at +6 ends an hour of wall clock later: its 23:00–24:00 happened twice.
    expect(new Date(endOfLocalDayMs('2024-02-29', cal)).toISOString()).toBe('2024-02-29T18:59:59.999Z');
    expect(formatLocalInstant(Date.parse('2024-01-10T18:30:00Z'), cal)).toBe('2024-01-11T00:30:00.000+06:00');
  });
  it('a three-working-day term set at 00:30 local in January 2024 starts counting the next day and ends at local midnight', () => {
    // Thursday 2024-01-11 00:30 +06 (Wednesday 18:30 UTC): Fri 12, Mon 15, Tue 16 → end of Tuesday, 18:00 UTC.
    const due = computeDeadline(Date.parse('2024-01-10T18:30:00Z'), { kind: 'working', days: 3 }, cal);
    expect(due.dueDate).toBe('2024-01-16');
    expect(new Date(due.dueAtMs).toISOString()).toBe('2024-01-16T17:59:59.999Z');
  });
  it('a calendar recorded before the change (no offsetChanges) keeps its fixed offset, as old histories computed it', () => {
    const old = { ...cal, timeZoneOffsetMinutes: 300, offsetChanges: undefined };
    expect(toLocalDate(Date.parse('2024-01-10T18:30:00Z'), old)).toBe('2024-01-10');
    expect(new Date(endOfLocalDayMs('2024-01-11', old)).toISOString()).toBe('2024-01-11T18:59:59.999Z');
  });
});

describe('the wall clock, remembered per hour, is what the zone database says', () => {
  // The zone database itself, through Intl, for every instant asked.
  const fromZone = zoneParts;
  // Every change of offset Asia/Almaty has had, LMT (+05:07:48) to +05 in 1924 included, and instants on both sides.
  const changes = astanaTransitions(Date.UTC(1900, 0, 1), Date.UTC(2030, 0, 1)).map((t) => t.atMs);
  changes.push(Date.UTC(1924, 4, 1, 18, 52, 12));

  it('knows the changes this test walks over', () => {
    expect(changes.length).toBeGreaterThan(20);
  });

  it('around every change: each second near it, and every 59 s for two hours either side, asked twice (then from the cache)', () => {
    for (const change of changes) {
      const near = Array.from({ length: 21 }, (_, k) => change + (k - 10) * 1000);
      const around = Array.from({ length: 245 }, (_, k) => change - 2 * 3_600_000 + k * 59_000);
      for (const ms of [...near, ...around]) {
        const expected = fromZone(ms);
        expect(astanaParts(ms)).toEqual(expected);
        expect(astanaParts(new Date(ms))).toEqual(expected);
      }
    }
  });

  it('at instants spread over 1850–2250, each asked twice', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const from = Date.UTC(1850, 0, 1);
    const span = Date.UTC(2250, 0, 1) - from;
    for (let i = 0; i < 5_000; i++) {
      const ms = Math.floor(from + next() * span);
      expect(astanaParts(ms)).toEqual(fromZone(ms));
      expect(astanaParts(ms)).toEqual(fromZone(ms));
    }
  });
});
