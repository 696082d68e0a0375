import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import dateHolidaysPackage from 'date-holidays/package.json';
import {
  buildBusinessCalendar,
  CalendarBuildError,
  type CalendarOverride,
} from '../../../domain/calendar/build-calendar';
import { createCalendarActivities } from '../../../activities/calendar/calendar-activities';
import { KZ_DECREE_OVERRIDES } from '../../../domain/calendar/kz-decree-overrides';
import {
  KZ_HOLIDAY_SOURCE,
  KzHolidayDataError,
  kzPublicHolidays,
  kzStatutoryNonWorkingDays,
} from '../../../domain/calendar/kz-holidays';
import {
  addCalendarDays,
  type BusinessCalendar,
  CalendarInputError,
  isWeekend,
  isWorkingDay,
} from '../../../domain/calendar/business-calendar';

const cal2024 = buildBusinessCalendar({ years: [2024], overrides: [] });
const cal2025 = buildBusinessCalendar({ years: [2025], overrides: [] });
const cal2026 = buildBusinessCalendar({ years: [2026], overrides: [] });
const cal2027 = buildBusinessCalendar({ years: [2027], overrides: [] });

function nonWorking(cal: BusinessCalendar, ...dates: string[]): void {
  for (const date of dates) expect([date, isWorkingDay(date, cal)]).toEqual([date, false]);
}
function working(cal: BusinessCalendar, ...dates: string[]): void {
  for (const date of dates) expect([date, isWorkingDay(date, cal)]).toEqual([date, true]);
}
function workingDaysIn(cal: BusinessCalendar, year: number): number {
  let count = 0;
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d, cal)) count += 1;
  }
  return count;
}

describe('date-holidays as the source', () => {
  it('names the library version it was built from', () => {
    expect(KZ_HOLIDAY_SOURCE).toEqual({
      library: 'date-holidays',
      version: dateHolidaysPackage.version,
      country: 'KZ',
    });
  });

  it('gives the 2025 public holidays: New Year, Christmas, 8 March, Nauryz, May, Kurban ait, Capital, Constitution, Republic, Independence', () => {
    expect(kzPublicHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01',
      '2025-01-02',
      '2025-01-07',
      '2025-03-08',
      '2025-03-21',
      '2025-03-22',
      '2025-03-23',
      '2025-05-01',
      '2025-05-07',
      '2025-05-09',
      '2025-06-06',
      '2025-07-06',
      '2025-08-30',
      '2025-10-25',
      '2025-12-16',
    ]);
  });

  it('marks only the religious holidays (Orthodox Christmas, Kurban ait) as not carried over', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      const notCarried = kzPublicHolidays(year).filter((h) => !h.carriedOver);
      expect(notCarried.map((h) => h.name)).toEqual([
        expect.stringMatching(/Christmas/),
        expect.stringMatching(/Adha/),
      ]);
      expect(notCarried[0].date).toBe(`${year}-01-07`);
    }
  });

  it('rejects years outside the supported range', () => {
    expect(() => kzPublicHolidays(2023)).toThrow(KzHolidayDataError);
    expect(() => kzPublicHolidays(2101)).toThrow(KzHolidayDataError);
    expect(() => kzPublicHolidays(2025.5)).toThrow(KzHolidayDataError);
  });
});

describe('carry-over of holidays that fall on a weekend', () => {
  it('moves each weekend holiday to the next working day after it (2025)', () => {
    const carryOvers = kzStatutoryNonWorkingDays(2025).filter((d) => d.kind === 'carry-over');
    expect(carryOvers.map((d) => d.date)).toEqual([
      '2025-03-10', // 8 March, Saturday
      '2025-03-24', // Nauryz 22 March, Saturday
      '2025-03-25', // Nauryz 23 March, Sunday
      '2025-07-07', // Capital Day, Sunday
      '2025-09-01', // Constitution Day, Saturday
      '2025-10-27', // Republic Day, Saturday
    ]);
    expect(carryOvers[0].reason).toMatch(/2025-03-08/);
  });

  it('gives adjacent weekend holidays consecutive carry-over days (Nauryz 2026: 24 and 25 March)', () => {
    const days = kzStatutoryNonWorkingDays(2026).map((d) => d.date);
    expect(days).toEqual(
      expect.arrayContaining(['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25']),
    );
    expect(days).not.toContain('2026-03-26');
  });

  it('skips over the next holiday: New Year 2027 (Saturday 2 January → Monday 4 January)', () => {
    const carryOvers = kzStatutoryNonWorkingDays(2027).filter((d) => d.kind === 'carry-over');
    expect(carryOvers.map((d) => d.date)).toEqual([
      '2027-01-04',
      '2027-03-24', // Nauryz 21 March, Sunday; 22 and 23 are holidays themselves
      '2027-05-03',
      '2027-05-10',
    ]);
  });

  it('never carries over the religious holidays', () => {
    // Kurban ait 2024 fell on Sunday 16 June: Monday 17 June was a working day.
    nonWorking(cal2024, '2024-06-16');
    working(cal2024, '2024-06-17');
    // Orthodox Christmas 2029 falls on a Sunday.
    const days2029 = kzStatutoryNonWorkingDays(2029);
    expect(days2029.map((d) => d.date)).toContain('2029-01-07');
    expect(days2029.map((d) => d.date)).not.toContain('2029-01-08');
  });
});

describe('buildBusinessCalendar — the Kazakhstan calendar', () => {
  it('2025: every public holiday, carry-over and decree day', () => {
    nonWorking(
      cal2025,
      '2025-01-01',
      '2025-01-02',
      '2025-01-03', // decree: moved from Sunday 5 January
      '2025-01-07', // Orthodox Christmas
      '2025-03-08',
      '2025-03-10',
      '2025-03-21',
      '2025-03-22',
      '2025-03-23',
      '2025-03-24',
      '2025-03-25',
      '2025-05-01',
      '2025-05-07',
      '2025-05-09',
      '2025-06-06', // Kurban ait
      '2025-07-06',
      '2025-07-07',
      '2025-08-30',
      '2025-09-01',
      '2025-10-25',
      '2025-10-27',
      '2025-12-16',
    );
    working(
      cal2025,
      '2025-01-05',
      '2025-01-06',
      '2025-03-07',
      '2025-03-26',
      '2025-05-08',
      '2025-08-29',
      '2025-12-17',
    );
    expect(cal2025.workingWeekends).toEqual(['2025-01-05']);
    expect(workingDaysIn(cal2025, 2025)).toBe(246);
  });

  it('2026: Nauryz to 25 March, Victory Day carried to 11 May, no Constitution Day in the transition year', () => {
    nonWorking(
      cal2026,
      '2026-01-01',
      '2026-01-02',
      '2026-01-07',
      '2026-03-09', // 8 March, Sunday
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-05-01',
      '2026-05-07',
      '2026-05-11', // 9 May, Saturday
      '2026-05-27', // Kurban ait
      '2026-07-06',
      '2026-10-26', // 25 October, Sunday
      '2026-12-16',
    );
    // 15 March (the referendum day) becomes Constitution Day only from 2027, and 30 August is no longer a holiday.
    working(cal2026, '2026-03-16', '2026-08-31', '2026-01-05', '2026-03-26', '2026-05-08');
    expect(cal2026.workingWeekends).toEqual([]);
    // The December 2025 production calendar said 246, counting 31 August as a day off; the new Constitution undid it.
    expect(workingDaysIn(cal2026, 2026)).toBe(247);
  });

  it('2024: the decree moved the day off from Saturday 4 May to Wednesday 8 May', () => {
    working(cal2024, '2024-05-04');
    nonWorking(cal2024, '2024-05-07', '2024-05-08', '2024-05-09');
    expect(cal2024.workingWeekends).toEqual(['2024-05-04']);
  });

  it('2027: Constitution Day on 15 March from the new Constitution', () => {
    nonWorking(cal2027, '2027-03-15', '2027-01-04', '2027-03-24');
    working(cal2027, '2027-08-30');
  });

  it('ships only entries with sources, in pairs for decrees, and only for 2024–2026', () => {
    for (const entry of KZ_DECREE_OVERRIDES) {
      expect(entry.sources.length).toBeGreaterThanOrEqual(2);
      expect(entry.reason.length).toBeGreaterThan(10);
      expect(['2024', '2025', '2026']).toContain(entry.date.slice(0, 4));
    }
    const decrees = KZ_DECREE_OVERRIDES.filter((e) => e.basis === 'decree');
    expect(decrees.filter((e) => e.kind === 'day-off').length).toBe(
      decrees.filter((e) => e.kind === 'working-day').length,
    );
    for (const entry of decrees.filter((e) => e.kind === 'working-day'))
      expect(isWeekend(entry.date)).toBe(true);
  });

  it('records only departures from the Saturday+Sunday week, sorted', () => {
    const cal = buildBusinessCalendar({ years: [2025, 2026], overrides: [] });
    expect(cal.daysOff.every((d) => !isWeekend(d))).toBe(true);
    expect(cal.workingWeekends.every((d) => isWeekend(d))).toBe(true);
    expect([...cal.daysOff].sort()).toEqual(cal.daysOff);
    expect(cal.years).toEqual([2025, 2026]);
    expect(cal).toMatchObject({
      id: 'kz',
      timeZoneOffsetMinutes: 300,
      workdayStart: '09:00',
      workdayEnd: '18:00',
    });
  });
});

describe('buildBusinessCalendar — admin overrides', () => {
  it('wins over the library and the shipped table', () => {
    const cal = buildBusinessCalendar({
      years: [2025],
      overrides: [
        { date: '2025-01-03', kind: 'working-day', reason: 'Decree revoked (test)' },
        { date: '2025-12-31', kind: 'day-off', reason: 'Extra day off by decree (test)' },
        { date: '2025-11-15', kind: 'working-day', reason: 'Working Saturday by decree (test)' },
        { date: '2025-03-21', kind: 'working-day', reason: 'Test: a holiday made working' },
      ],
    });
    working(cal, '2025-01-03', '2025-11-15', '2025-03-21');
    nonWorking(cal, '2025-12-31');
    expect(cal.workingWeekends).toEqual(['2025-01-05', '2025-11-15']);
  });

  it('ignores a day-off on a weekend and overrides for years not asked for', () => {
    const withNoise = buildBusinessCalendar({
      years: [2025],
      overrides: [
        { date: '2025-11-16', kind: 'day-off', reason: 'Already a Sunday' },
        { date: '2026-02-02', kind: 'day-off', reason: 'Another year' },
      ],
    });
    expect(withNoise).toEqual(cal2025);
  });

  it('refuses conflicting or malformed overrides', () => {
    const build = (overrides: CalendarOverride[]) => () =>
      buildBusinessCalendar({ years: [2025], overrides });
    expect(
      build([
        { date: '2025-12-31', kind: 'day-off', reason: 'a' },
        { date: '2025-12-31', kind: 'working-day', reason: 'b' },
      ]),
    ).toThrow(/Conflicting calendar overrides for 2025-12-31/);
    expect(build([{ date: '2025-02-30', kind: 'day-off', reason: 'x' }])).toThrow(CalendarBuildError);
    expect(
      build([{ date: '2025-12-31', kind: 'holiday', reason: 'x' } as unknown as CalendarOverride]),
    ).toThrow(/kind must be/);
    expect(build([{ date: '2025-12-31', kind: 'day-off', reason: '  ' }])).toThrow(/reason is required/);
    // The same override twice is harmless.
    expect(
      build([
        { date: '2025-12-31', kind: 'day-off', reason: 'a' },
        { date: '2025-12-31', kind: 'day-off', reason: 'b' },
      ])(),
    ).toMatchObject({ daysOff: expect.arrayContaining(['2025-12-31']) });
  });

  it('refuses bad years and bad working hours', () => {
    expect(() => buildBusinessCalendar({ years: [], overrides: [] })).toThrow(CalendarBuildError);
    expect(() => buildBusinessCalendar({ years: [2023], overrides: [] })).toThrow(KzHolidayDataError);
    expect(() => buildBusinessCalendar({ years: [2025], overrides: [], workdayStart: '9:00' })).toThrow(
      CalendarInputError,
    );
    expect(
      buildBusinessCalendar({ years: [2025], overrides: [], workdayStart: '08:30', workdayEnd: '17:30' }),
    ).toMatchObject({
      workdayStart: '08:30',
      workdayEnd: '17:30',
    });
  });
});

describe('buildBusinessCalendar — version', () => {
  it('is the SHA-256 of the content, independent of input order', () => {
    const overrides: CalendarOverride[] = [
      { date: '2025-12-31', kind: 'day-off', reason: 'a' },
      { date: '2026-01-03', kind: 'working-day', reason: 'b' },
    ];
    const a = buildBusinessCalendar({ years: [2025, 2026], overrides });
    const b = buildBusinessCalendar({ years: [2026, 2025, 2026], overrides: [...overrides].reverse() });
    expect(a).toEqual(b);
    const { version, ...content } = a;
    const ordered = {
      id: content.id,
      timeZoneOffsetMinutes: content.timeZoneOffsetMinutes,
      years: content.years,
      daysOff: content.daysOff,
      workingWeekends: content.workingWeekends,
      workdayStart: content.workdayStart,
      workdayEnd: content.workdayEnd,
    };
    expect(version).toBe(createHash('sha256').update(JSON.stringify(ordered)).digest('hex'));
    expect(version).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when the content changes, and only then', () => {
    const base = buildBusinessCalendar({ years: [2025], overrides: [] });
    const changed = buildBusinessCalendar({
      years: [2025],
      overrides: [{ date: '2025-12-31', kind: 'day-off', reason: 'x' }],
    });
    const reasonOnly = buildBusinessCalendar({
      years: [2025],
      overrides: [{ date: '2025-01-03', kind: 'day-off', reason: 'restating the shipped decree' }],
    });
    expect(changed.version).not.toBe(base.version);
    expect(reasonOnly.version).toBe(base.version);
    expect(buildBusinessCalendar({ years: [2025], overrides: [], workdayEnd: '18:30' }).version).not.toBe(
      base.version,
    );
  });
});

describe('createCalendarActivities', () => {
  it('loads the overrides for the normalised years and builds the calendar', async () => {
    const loadOverrides = jest.fn(async (_years: number[]) => [
      { date: '2025-12-31', kind: 'day-off' as const, reason: 'Extra day off' },
    ]);
    const { getBusinessCalendar } = createCalendarActivities({ loadOverrides });
    const cal = await getBusinessCalendar({ years: [2026, 2025] });
    expect(loadOverrides).toHaveBeenCalledWith([2025, 2026]);
    expect(cal).toEqual(
      buildBusinessCalendar({
        years: [2025, 2026],
        overrides: [{ date: '2025-12-31', kind: 'day-off', reason: 'x' }],
      }),
    );
  });

  it('passes configured working hours through', async () => {
    const { getBusinessCalendar } = createCalendarActivities({
      loadOverrides: async () => [],
      workday: { start: '09:00', end: '18:30' },
    });
    expect((await getBusinessCalendar({ years: [2025] })).workdayEnd).toBe('18:30');
  });

  it('fails non-retryably on bad years, before touching the database', async () => {
    const loadOverrides = jest.fn(async () => []);
    const { getBusinessCalendar } = createCalendarActivities({ loadOverrides });
    for (const years of [[], [1999]]) {
      const failure = await getBusinessCalendar({ years }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect((failure as ApplicationFailure).nonRetryable).toBe(true);
      expect(['CalendarBuildError', 'KzHolidayDataError']).toContain((failure as ApplicationFailure).type);
    }
    expect(loadOverrides).not.toHaveBeenCalled();
  });

  it('fails non-retryably on bad override data', async () => {
    const { getBusinessCalendar } = createCalendarActivities({
      loadOverrides: async () => [{ date: '31.12.2025', kind: 'day-off', reason: 'x' }],
    });
    const failure = await getBusinessCalendar({ years: [2025] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe('CalendarBuildError');
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('lets a database error through unchanged so the retry policy retries it', async () => {
    const outage = new Error('connection refused');
    const { getBusinessCalendar } = createCalendarActivities({
      loadOverrides: async () => Promise.reject(outage),
    });
    await expect(getBusinessCalendar({ years: [2025] })).rejects.toBe(outage);
  });
});
