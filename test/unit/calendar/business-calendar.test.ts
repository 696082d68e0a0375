import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBusinessCalendar } from '../../../domain/calendar/build-calendar';
import {
  addCalendarDays,
  addWorkingDays,
  assertBusinessCalendar,
  ASTANA_OFFSET_MINUTES,
  type BusinessCalendar,
  CalendarInputError,
  CalendarNotCoveredError,
  calendarYearsForInstant,
  computeDeadline,
  dayOfWeek,
  type DeadlineRule,
  endOfLocalDayMs,
  formatLocalInstant,
  fromEpochDay,
  isWeekend,
  isWithinWorkingHours,
  isWorkingDay,
  localTimeMs,
  nextWorkingDay,
  previousWorkingDay,
  reminderInstant,
  startOfLocalDayMs,
  toEpochDay,
  toLocalDate,
} from '../../../domain/calendar/business-calendar';

/** An instant given as Astana wall-clock time (UTC+5). */
function astana(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  return Date.UTC(year, month - 1, day, hour - 5, minute, second, ms);
}
/** The inclusive end of an Astana day. */
function endOf(year: number, month: number, day: number): number {
  return astana(year, month, day, 23, 59, 59, 999);
}

// The real Kazakhstan calendar, as the activity builds it, with no admin overrides.
const kz = buildBusinessCalendar({ years: [2024, 2025, 2026, 2027], overrides: [] });
const kz2025Only = buildBusinessCalendar({ years: [2025], overrides: [] });

function bareCalendar(overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    id: 'test',
    version: 'test-version',
    timeZoneOffsetMinutes: ASTANA_OFFSET_MINUTES,
    years: [2025],
    daysOff: [],
    workingWeekends: [],
    workdayStart: '09:00',
    workdayEnd: '18:00',
    ...overrides,
  };
}

describe('civil date arithmetic', () => {
  it('agrees with Date.UTC and getUTCDay for every day from 1999 to 2101', () => {
    const first = Date.UTC(1999, 0, 1) / 86_400_000;
    const last = Date.UTC(2101, 11, 31) / 86_400_000;
    const mismatches: string[] = [];
    for (let epochDay = first; epochDay <= last; epochDay += 1) {
      const reference = new Date(epochDay * 86_400_000);
      const iso = reference.toISOString().slice(0, 10);
      if (
        fromEpochDay(epochDay) !== iso ||
        toEpochDay(iso) !== epochDay ||
        dayOfWeek(iso) !== reference.getUTCDay()
      ) {
        mismatches.push(iso);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects dates that do not exist or are not ISO', () => {
    for (const bad of [
      '2025-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '25-01-01',
      '2025-1-1',
      '2025-01-01T00:00',
    ]) {
      expect(() => toEpochDay(bad)).toThrow(CalendarInputError);
    }
    expect(toEpochDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
  });

  it('treats Saturday and Sunday as the weekly days off', () => {
    expect(isWeekend('2025-11-15')).toBe(true); // Saturday
    expect(isWeekend('2025-11-16')).toBe(true); // Sunday
    expect(isWeekend('2025-11-14')).toBe(false); // Friday
    expect(isWeekend('2025-11-17')).toBe(false); // Monday
    expect(addCalendarDays('2025-12-30', 3)).toBe('2026-01-02');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('instants and Astana local dates', () => {
  it('converts with the fixed +5 h offset', () => {
    // 23:59 UTC is already 04:59 the next morning in Astana.
    expect(toLocalDate(Date.UTC(2025, 10, 13, 23, 59), kz)).toBe('2025-11-14');
    expect(toLocalDate(Date.UTC(2025, 10, 13, 18, 59, 59, 999), kz)).toBe('2025-11-13');
    expect(toLocalDate(Date.UTC(2025, 10, 13, 19, 0, 0, 0), kz)).toBe('2025-11-14');
    expect(startOfLocalDayMs('2025-11-14', kz)).toBe(Date.UTC(2025, 10, 13, 19));
    expect(endOfLocalDayMs('2025-11-14', kz)).toBe(Date.UTC(2025, 10, 14, 18, 59, 59, 999));
    expect(localTimeMs('2025-11-14', '09:00', kz)).toBe(Date.UTC(2025, 10, 14, 4));
    expect(toLocalDate(-1, kz)).toBe('1970-01-01'); // 04:59:59.999 Astana
  });

  it('formats instants with the offset so logs are unambiguous', () => {
    expect(formatLocalInstant(endOf(2025, 3, 12), kz)).toBe('2025-03-12T23:59:59.999+05:00');
    expect(formatLocalInstant(Date.UTC(2025, 0, 1), kz)).toBe('2025-01-01T05:00:00.000+05:00');
    expect(formatLocalInstant(Date.UTC(2025, 0, 1), { timeZoneOffsetMinutes: -210 })).toBe(
      '2024-12-31T20:30:00.000-03:30',
    );
  });

  it('asks for the local year and the next one', () => {
    expect(calendarYearsForInstant(astana(2025, 6, 1))).toEqual([2025, 2026]);
    // 20:00 UTC on 31 December is 01:00 on 1 January in Astana.
    expect(calendarYearsForInstant(Date.UTC(2025, 11, 31, 20))).toEqual([2026, 2027]);
  });
});

describe('isWorkingDay', () => {
  it('knows weekends, holidays, carry-over days and decree days', () => {
    expect(isWorkingDay('2025-11-14', kz)).toBe(true);
    expect(isWorkingDay('2025-11-15', kz)).toBe(false);
    expect(isWorkingDay('2025-11-16', kz)).toBe(false);
    expect(isWorkingDay('2025-03-21', kz)).toBe(false); // Nauryz
    expect(isWorkingDay('2025-03-24', kz)).toBe(false); // carried over from Saturday 22 March
    expect(isWorkingDay('2025-01-03', kz)).toBe(false); // decree day off
    expect(isWorkingDay('2025-01-05', kz)).toBe(true); // decree working Sunday
    expect(isWorkingDay('2024-05-04', kz)).toBe(true); // decree working Saturday
  });

  it('throws CalendarNotCoveredError outside the covered years instead of guessing', () => {
    expect(() => isWorkingDay('2026-01-05', kz2025Only)).toThrow(CalendarNotCoveredError);
    try {
      isWorkingDay('2026-01-05', kz2025Only);
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarNotCoveredError);
      const notCovered = error as CalendarNotCoveredError;
      expect(notCovered.name).toBe('CalendarNotCoveredError');
      expect(notCovered.year).toBe(2026);
      expect(notCovered.date).toBe('2026-01-05');
      expect(notCovered.coveredYears).toEqual([2025]);
      expect(notCovered.message).toContain('2026');
    }
  });

  it('refuses malformed calendars', () => {
    expect(() => assertBusinessCalendar(bareCalendar({ daysOff: ['2025-11-15'] }))).toThrow(
      /already a weekend/,
    );
    expect(() => assertBusinessCalendar(bareCalendar({ workingWeekends: ['2025-11-14'] }))).toThrow(
      /weekday/,
    );
    expect(() => assertBusinessCalendar(bareCalendar({ daysOff: ['2025-11-31'] }))).toThrow(
      CalendarInputError,
    );
    expect(() => assertBusinessCalendar(bareCalendar({ workdayStart: '9:00' }))).toThrow(CalendarInputError);
    expect(() => assertBusinessCalendar(bareCalendar({ workdayEnd: '08:00' }))).toThrow(/after workdayStart/);
    expect(() => assertBusinessCalendar(bareCalendar({ timeZoneOffsetMinutes: 300.5 }))).toThrow(
      CalendarInputError,
    );
    expect(() => isWorkingDay('2025-11-14', bareCalendar({ years: [2025.5] }))).toThrow(CalendarInputError);
    expect(() => assertBusinessCalendar(bareCalendar())).not.toThrow();
  });
});

describe('addWorkingDays', () => {
  it('never counts the start day and skips non-working days', () => {
    expect(addWorkingDays('2025-11-17', 1, kz)).toBe('2025-11-18');
    expect(addWorkingDays('2025-11-14', 1, kz)).toBe('2025-11-17'); // Friday → Monday
    expect(addWorkingDays('2025-11-15', 1, kz)).toBe('2025-11-17'); // from a Saturday
    expect(addWorkingDays('2025-03-20', 1, kz)).toBe('2025-03-26'); // over Nauryz and its carry-over days
  });

  it('treats 0 as the same working day, or the next one from a day off', () => {
    expect(addWorkingDays('2025-11-17', 0, kz)).toBe('2025-11-17');
    expect(addWorkingDays('2025-11-15', 0, kz)).toBe('2025-11-17');
    expect(addWorkingDays('2025-12-16', 0, kz)).toBe('2025-12-17');
  });

  it('counts backwards for negative days', () => {
    expect(addWorkingDays('2025-11-17', -1, kz)).toBe('2025-11-14');
    expect(addWorkingDays('2025-03-26', -1, kz)).toBe('2025-03-20');
    expect(previousWorkingDay('2025-01-06', kz)).toBe('2025-01-05'); // the decree working Sunday
    expect(nextWorkingDay('2025-01-04', kz)).toBe('2025-01-05');
  });

  it('refuses fractional days', () => {
    expect(() => addWorkingDays('2025-11-17', 1.5, kz)).toThrow(CalendarInputError);
  });
});

describe('computeDeadline — calendar days', () => {
  it('a memo arriving on Friday 17:00 is due 5 calendar days later, at the end of Wednesday', () => {
    const result = computeDeadline(astana(2025, 11, 14, 17), { days: 5, kind: 'calendar' }, kz);
    expect(result.dueAtMs).toBe(endOf(2025, 11, 19));
    expect(result.dueDate).toBe('2025-11-19');
    expect(result.explanation).toContain('5 calendar day(s) after 2025-11-14');
    expect(result.explanation).toContain('2025-11-19T23:59:59.999+05:00');
    expect(result.explanation).toContain(`calendar kz@${kz.version.slice(0, 12)}`);
  });

  it('does not move a last day that falls on a weekend or holiday, unless the rule asks for it', () => {
    // Monday + 5 = Saturday.
    expect(computeDeadline(astana(2025, 11, 10, 10), { days: 5, kind: 'calendar' }, kz).dueAtMs).toBe(
      endOf(2025, 11, 15),
    );
    const moved = computeDeadline(
      astana(2025, 11, 10, 10),
      { days: 5, kind: 'calendar', moveOffNonWorking: true },
      kz,
    );
    expect(moved.dueAtMs).toBe(endOf(2025, 11, 17));
    expect(moved.explanation).toContain('2025-11-15 is not a working day');
    // Thursday 11 December + 5 = Tuesday 16 December, Independence Day.
    expect(computeDeadline(astana(2025, 12, 11, 10), { days: 5, kind: 'calendar' }, kz).dueDate).toBe(
      '2025-12-16',
    );
    expect(
      computeDeadline(astana(2025, 12, 11, 10), { days: 5, kind: 'calendar', moveOffNonWorking: true }, kz)
        .dueDate,
    ).toBe('2025-12-17');
    // Sunday 16 March + 5 = Friday 21 March (Nauryz); the next working day is Wednesday 26 March.
    expect(
      computeDeadline(astana(2025, 3, 16, 10), { days: 5, kind: 'calendar', moveOffNonWorking: true }, kz)
        .dueDate,
    ).toBe('2025-03-26');
  });

  it('starts counting the day after a start that falls on a holiday', () => {
    expect(computeDeadline(astana(2025, 3, 21, 10), { days: 5, kind: 'calendar' }, kz).dueDate).toBe(
      '2025-03-26',
    );
  });

  it('uses the Astana date of the start: 23:59, 00:00 and just before midnight UTC', () => {
    const rule: DeadlineRule = { days: 5, kind: 'calendar' };
    expect(computeDeadline(astana(2025, 11, 14, 23, 59), rule, kz).dueDate).toBe('2025-11-19');
    expect(computeDeadline(astana(2025, 11, 14, 23, 59, 59, 999), rule, kz).dueDate).toBe('2025-11-19');
    expect(computeDeadline(astana(2025, 11, 15, 0, 0), rule, kz).dueDate).toBe('2025-11-20');
    // 23:59 UTC on Thursday 13 November is 04:59 on Friday 14 November in Astana.
    expect(computeDeadline(Date.UTC(2025, 10, 13, 23, 59), rule, kz).dueDate).toBe('2025-11-19');
  });

  it('treats 0 calendar days as the end of the start day', () => {
    expect(computeDeadline(astana(2025, 11, 15, 8), { days: 0, kind: 'calendar' }, kz).dueAtMs).toBe(
      endOf(2025, 11, 15),
    );
  });

  it('needs no holiday data unless it moves the last day', () => {
    const noYears = bareCalendar({ years: [] });
    expect(computeDeadline(astana(2030, 1, 1, 9), { days: 5, kind: 'calendar' }, noYears).dueDate).toBe(
      '2030-01-06',
    );
    expect(() =>
      computeDeadline(astana(2030, 1, 1, 9), { days: 5, kind: 'calendar', moveOffNonWorking: true }, noYears),
    ).toThrow(CalendarNotCoveredError);
  });
});

describe('computeDeadline — working days', () => {
  it('P1D is one working day, not 24 working hours: Monday 17:00 + 1 = end of Tuesday', () => {
    const result = computeDeadline(astana(2025, 11, 17, 17), { days: 1, kind: 'working' }, kz);
    expect(result.dueAtMs).toBe(endOf(2025, 11, 18));
    expect(result.explanation).toContain('1 working day(s) after 2025-11-17');
  });

  it('does not count a working start day, whatever the time', () => {
    expect(computeDeadline(astana(2025, 11, 17, 0, 0), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-18',
    );
    expect(computeDeadline(astana(2025, 11, 17, 23, 59), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-18',
    );
    // 18:59 UTC Monday is 23:59 Monday in Astana; 19:00 UTC is already Tuesday.
    expect(computeDeadline(Date.UTC(2025, 10, 17, 18, 59), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-18',
    );
    expect(computeDeadline(Date.UTC(2025, 10, 17, 19, 0), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-19',
    );
    // 23:59 UTC Sunday is 04:59 Monday in Astana, so the start day is Monday, not Sunday.
    expect(computeDeadline(Date.UTC(2025, 10, 16, 23, 59), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-18',
    );
  });

  it('counts from the next working day when the start is a holiday or a weekend', () => {
    // Independence Day, Tuesday 16 December 2025.
    expect(computeDeadline(astana(2025, 12, 16, 10), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-12-17',
    );
    expect(computeDeadline(astana(2025, 12, 16, 10), { days: 3, kind: 'working' }, kz).dueDate).toBe(
      '2025-12-19',
    );
    expect(computeDeadline(astana(2025, 11, 15, 10), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-17',
    );
    expect(computeDeadline(astana(2025, 11, 15, 10), { days: 0, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-17',
    );
    expect(computeDeadline(astana(2025, 11, 17, 10), { days: 0, kind: 'working' }, kz).dueDate).toBe(
      '2025-11-17',
    );
  });

  it('spans Nauryz with its carry-over days (2025 and 2026)', () => {
    // 2025: Fri 21 holiday, Sat 22 / Sun 23 holidays on a weekend → Mon 24 and Tue 25 off.
    const result = computeDeadline(astana(2025, 3, 20, 17), { days: 3, kind: 'working' }, kz);
    expect(result.dueDate).toBe('2025-03-28');
    expect(result.explanation).toContain('2025-03-21, 2025-03-22, 2025-03-23, 2025-03-24, 2025-03-25');
    // 2026: Sat 21, Sun 22, Mon 23 → Tue 24 and Wed 25 off.
    expect(computeDeadline(astana(2026, 3, 20, 17), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2026-03-26',
    );
    expect(computeDeadline(astana(2026, 3, 20, 17), { days: 3, kind: 'working' }, kz).dueDate).toBe(
      '2026-03-30',
    );
  });

  it('notifies a change finished on the eve of a public holiday by the right working day', () => {
    // Finished Monday 15 December 2025 at 18:30, the eve of Independence Day.
    const finished = astana(2025, 12, 15, 18, 30);
    expect(computeDeadline(finished, { days: 1, kind: 'working' }, kz).dueDate).toBe('2025-12-17');
    expect(computeDeadline(finished, { days: 3, kind: 'working' }, kz).dueDate).toBe('2025-12-19');
    // Finished Thursday 8 May 2025, between Defender's Day (7 May) and Victory Day (9 May).
    expect(computeDeadline(astana(2025, 5, 8, 17), { days: 3, kind: 'working' }, kz).dueDate).toBe(
      '2025-05-14',
    );
  });

  it('counts decree working weekends as working days', () => {
    // 2024: Saturday 4 May worked, Wednesday 8 May off.
    expect(computeDeadline(astana(2024, 5, 3, 17), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2024-05-04',
    );
    expect(computeDeadline(astana(2024, 5, 4, 10), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2024-05-06',
    );
    expect(computeDeadline(astana(2024, 5, 4, 10), { days: 2, kind: 'working' }, kz).dueDate).toBe(
      '2024-05-10',
    );
    // 2025: Friday 3 January off, Sunday 5 January worked.
    expect(computeDeadline(astana(2025, 1, 2, 12), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-01-05',
    );
    expect(computeDeadline(astana(2025, 1, 5, 12), { days: 1, kind: 'working' }, kz).dueDate).toBe(
      '2025-01-06',
    );
    expect(computeDeadline(astana(2025, 1, 5, 12), { days: 2, kind: 'working' }, kz).dueDate).toBe(
      '2025-01-08',
    );
  });

  it('crosses the year boundary: 30 December + 3 working days', () => {
    const covered = buildBusinessCalendar({ years: [2025, 2026], overrides: [] });
    const result = computeDeadline(astana(2025, 12, 30, 11), { days: 3, kind: 'working' }, covered);
    // 31 Dec (1), 1–2 Jan holidays, 3–4 Jan weekend, 5 Jan (2), 6 Jan (3).
    expect(result.dueAtMs).toBe(endOf(2026, 1, 6));
    expect(computeDeadline(astana(2025, 12, 31, 11), { days: 1, kind: 'working' }, covered).dueDate).toBe(
      '2026-01-05',
    );
  });

  it('throws when the count runs into a year the calendar does not cover', () => {
    expect(() => computeDeadline(astana(2025, 12, 30, 11), { days: 3, kind: 'working' }, kz2025Only)).toThrow(
      CalendarNotCoveredError,
    );
    expect(() => computeDeadline(astana(2028, 2, 1, 11), { days: 1, kind: 'working' }, kz)).toThrow(
      /does not cover 2028/,
    );
  });
});

describe('computeDeadline — hours', () => {
  it('is plain elapsed time that ignores weekends and holidays', () => {
    const start = astana(2025, 3, 20, 17);
    const result = computeDeadline(start, { hours: 24 }, kz);
    expect(result.dueAtMs).toBe(astana(2025, 3, 21, 17)); // Nauryz does not stop the clock
    expect(result.dueDate).toBe('2025-03-21');
    expect(result.explanation).toContain('24 elapsed hour(s) from 2025-03-20T17:00:00.000+05:00');
    expect(computeDeadline(start, { hours: 0.5 }, kz).dueAtMs).toBe(start + 30 * 60_000);
    expect(computeDeadline(start, { hours: 0 }, kz).dueAtMs).toBe(start);
  });

  it('needs no holiday data', () => {
    expect(computeDeadline(astana(2031, 1, 1), { hours: 48 }, bareCalendar({ years: [] })).dueDate).toBe(
      '2031-01-03',
    );
  });
});

describe('computeDeadline — invalid input', () => {
  it.each<[string, DeadlineRule]>([
    ['negative days', { days: -1, kind: 'working' }],
    ['fractional days', { days: 1.5, kind: 'calendar' }],
    ['NaN days', { days: Number.NaN, kind: 'working' }],
    ['negative hours', { hours: -1 }],
    ['infinite hours', { hours: Number.POSITIVE_INFINITY }],
    ['unknown kind', { days: 1, kind: 'lunar' } as unknown as DeadlineRule],
  ])('refuses %s', (_label, rule) => {
    expect(() => computeDeadline(astana(2025, 11, 17, 10), rule, kz)).toThrow(CalendarInputError);
  });

  it('refuses a non-finite start', () => {
    expect(() => computeDeadline(Number.NaN, { hours: 1 }, kz)).toThrow(CalendarInputError);
  });
});

describe('reminderInstant', () => {
  const dueWednesday = endOf(2025, 11, 19);

  it('fires at the start of the working day N working days before the due day', () => {
    expect(reminderInstant(dueWednesday, { workingDaysBefore: 0 }, kz)).toBe(astana(2025, 11, 19, 9));
    expect(reminderInstant(dueWednesday, { workingDaysBefore: 1 }, kz)).toBe(astana(2025, 11, 18, 9));
    expect(reminderInstant(dueWednesday, { workingDaysBefore: 3 }, kz)).toBe(astana(2025, 11, 14, 9));
  });

  it('counts from the last working day when the due day is not one', () => {
    const dueSunday = endOf(2025, 11, 16);
    expect(reminderInstant(dueSunday, { workingDaysBefore: 0 }, kz)).toBe(astana(2025, 11, 14, 9));
    expect(reminderInstant(dueSunday, { workingDaysBefore: 1 }, kz)).toBe(astana(2025, 11, 13, 9));
  });

  it('skips holidays on the way back', () => {
    expect(reminderInstant(endOf(2025, 3, 26), { workingDaysBefore: 1 }, kz)).toBe(astana(2025, 3, 20, 9));
  });

  it('uses the calendar working hours', () => {
    const early = { ...kz, workdayStart: '08:30' };
    expect(reminderInstant(dueWednesday, { workingDaysBefore: 1 }, early)).toBe(astana(2025, 11, 18, 8, 30));
  });

  it('returns null when the reminder would not be before the deadline', () => {
    expect(reminderInstant(astana(2025, 11, 19, 8), { workingDaysBefore: 0 }, kz)).toBeNull();
    expect(reminderInstant(astana(2025, 11, 19, 9), { workingDaysBefore: 0 }, kz)).toBeNull();
    expect(reminderInstant(astana(2025, 11, 19, 9, 0, 0, 1), { workingDaysBefore: 0 }, kz)).toBe(
      astana(2025, 11, 19, 9),
    );
  });

  it('refuses a negative or fractional count', () => {
    expect(() => reminderInstant(dueWednesday, { workingDaysBefore: -1 }, kz)).toThrow(CalendarInputError);
    expect(() => reminderInstant(dueWednesday, { workingDaysBefore: 0.5 }, kz)).toThrow(CalendarInputError);
  });
});

describe('isWithinWorkingHours', () => {
  it('is true only on working days between workdayStart and workdayEnd', () => {
    expect(isWithinWorkingHours(astana(2025, 11, 17, 9), kz)).toBe(true);
    expect(isWithinWorkingHours(astana(2025, 11, 17, 17, 59, 59, 999), kz)).toBe(true);
    expect(isWithinWorkingHours(astana(2025, 11, 17, 8, 59), kz)).toBe(false);
    expect(isWithinWorkingHours(astana(2025, 11, 17, 18), kz)).toBe(false);
    expect(isWithinWorkingHours(astana(2025, 11, 15, 10), kz)).toBe(false); // Saturday
    expect(isWithinWorkingHours(astana(2025, 12, 16, 10), kz)).toBe(false); // Independence Day
    expect(isWithinWorkingHours(astana(2025, 1, 5, 10), kz)).toBe(true); // decree working Sunday
  });
});

describe('properties over many start instants', () => {
  const rules: DeadlineRule[] = [
    { days: 0, kind: 'calendar' },
    { days: 1, kind: 'calendar' },
    { days: 5, kind: 'calendar' },
    { days: 5, kind: 'calendar', moveOffNonWorking: true },
    { days: 30, kind: 'calendar', moveOffNonWorking: true },
    { days: 0, kind: 'working' },
    { days: 1, kind: 'working' },
    { days: 3, kind: 'working' },
    { days: 5, kind: 'working' },
    { days: 10, kind: 'working' },
    { hours: 1 },
    { hours: 24 },
  ];
  // Every 5 h 17 min from the start of 2024 to mid-December 2026: every hour of the day, every weekday and every
  // holiday of three years is hit many times.
  const starts: number[] = [];
  for (let t = astana(2024, 1, 1); t < astana(2026, 12, 15); t += (5 * 60 + 17) * 60_000) starts.push(t);

  /** Checks one deadline against the invariants; returns what is wrong, if anything. */
  function violations(start: number, rule: DeadlineRule, previousDue: number): string[] {
    const problems: string[] = [];
    const { dueAtMs, dueDate } = computeDeadline(start, rule, kz);
    const positive = 'hours' in rule ? rule.hours > 0 : true;
    if (positive ? dueAtMs <= start : dueAtMs < start) problems.push('due is not after the start');
    // Monotonic: a later start never gives an earlier deadline.
    if (dueAtMs < previousDue) problems.push('due moved backwards for a later start');
    if (toLocalDate(dueAtMs, kz) !== dueDate) problems.push('dueDate is not the local date of dueAtMs');
    if ('hours' in rule) {
      if (dueAtMs - start !== rule.hours * 3_600_000) problems.push('hours are not elapsed time');
      return problems;
    }
    // Day rules end at the last millisecond of a local day.
    if (dueAtMs !== endOfLocalDayMs(dueDate, kz)) problems.push('due is not the end of a local day');
    const startDate = toLocalDate(start, kz);
    if (rule.kind === 'working') {
      if (!isWorkingDay(dueDate, kz)) problems.push('working-day due is not a working day');
      // Exactly `days` working days in (startDate, dueDate]; for 0, the start day itself or the next working day.
      let counted = 0;
      for (let d = addCalendarDays(startDate, 1); d <= dueDate; d = addCalendarDays(d, 1)) {
        if (isWorkingDay(d, kz)) counted += 1;
      }
      const expected = rule.days > 0 ? rule.days : dueDate === startDate ? 0 : 1;
      if (counted !== expected) problems.push(`counted ${counted} working days, expected ${expected}`);
    } else if (rule.moveOffNonWorking === true) {
      if (!isWorkingDay(dueDate, kz)) problems.push('moved calendar due is not a working day');
      if (dueDate < addCalendarDays(startDate, rule.days)) problems.push('moved calendar due is too early');
    } else if (dueDate !== addCalendarDays(startDate, rule.days)) {
      problems.push('calendar due is not start + days');
    }
    return problems;
  }

  it.each(rules.map((rule) => [JSON.stringify(rule), rule] as const))('%s', (_label, rule) => {
    const failures: string[] = [];
    let previousDue = Number.NEGATIVE_INFINITY;
    for (const start of starts) {
      for (const problem of violations(start, rule, previousDue)) {
        failures.push(`${formatLocalInstant(start, kz)}: ${problem}`);
      }
      previousDue = computeDeadline(start, rule, kz).dueAtMs;
    }
    expect(failures).toEqual([]);
  });

  it('reminders are before the deadline, on working days, within working hours', () => {
    const failures: string[] = [];
    for (const start of starts) {
      const { dueAtMs } = computeDeadline(start, { days: 3, kind: 'working' }, kz);
      for (const workingDaysBefore of [0, 1, 2]) {
        const at = reminderInstant(dueAtMs, { workingDaysBefore }, kz);
        if (at === null || at >= dueAtMs || !isWithinWorkingHours(at, kz)) {
          failures.push(`${formatLocalInstant(start, kz)} -${workingDaysBefore}: ${at}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the module stays fit for the workflow sandbox', () => {
  const source = readFileSync(join(__dirname, '../../../domain/calendar/business-calendar.ts'), 'utf8');

  it('imports nothing but types', () => {
    const imports = source.split('\n').filter((line) => /^\s*import\s/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type /);
    expect(source).not.toMatch(/\brequire\(/);
  });

  it('reads no clock, environment or host time zone', () => {
    expect(source).not.toMatch(/Date\.now|new Date|Date\.UTC|Date\.parse|process\.|Intl\.|Math\.random/);
  });
});
