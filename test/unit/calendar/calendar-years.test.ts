/**
 * Years with no holiday data: 2023 ships; another year counts only once an administrator loads its decree table;
 * the calendar activity waits (a retryable, typed failure naming the year) for the year a deadline starts in, and
 * leaves out the later years that are not loaded; the dashboard warns from 1 November when next year's is missing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CALENDAR_YEAR_NOT_LOADED, createCalendarActivities } from '../../../activities/calendar/calendar-activities';
import { createCalendarService } from '../../../api/services/calendar-service';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  await t.models.CalendarYear.deleteMany({});
  await t.models.CalendarOverride.deleteMany({});
});

const service = (now: string) => createCalendarService({ models: t.models, temporal: {} as never, now: () => new Date(now) });
const activity = () =>
  createCalendarActivities({
    loadOverrides: async (years) => (await t.models.CalendarOverride.find({ year: { $in: years } }).lean()).map((o) => ({ date: o._id, kind: o.kind, reason: o.reason })),
    loadedYears: async (years) => (await t.models.CalendarYear.find({ _id: { $in: years.map(String) } }).lean()).map((y) => y.year),
  }).getBusinessCalendar;

it('ships 2023 with its moved day (Saturday 1 July worked, Friday 7 July off) and the Astana offset of the time', async () => {
  const cal = await activity()({ years: [2023] });
  expect(cal.years).toEqual([2023]);
  expect(cal.workingWeekends).toContain('2023-07-01');
  expect(cal.daysOff).toEqual(expect.arrayContaining(['2023-01-03', '2023-03-21', '2023-06-28', '2023-07-07', '2023-12-18']));
  expect(cal.timeZoneOffsetMinutes).toBe(360);
});

it('waits, with a retryable failure naming the year, when the year a deadline starts in is not loaded', async () => {
  const failure = await activity()({ years: [2027, 2028, 2029] }).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: CALENDAR_YEAR_NOT_LOADED, nonRetryable: false });
  expect((failure as Error).message).toMatch(/^calendar for 2027 not loaded/);
});

it('leaves out later years that are not loaded, and includes them once an administrator loads the table', async () => {
  expect((await activity()({ years: [2026, 2027, 2028] })).years).toEqual([2026]);
  const loaded = await service('2026-11-20T06:00:00Z').loadYear(2027, { basis: 'Government decree (test)', daysOff: [{ date: '2027-01-08', reason: 'moved from Saturday 2027-01-09' }], workingDays: [{ date: '2027-01-09', reason: 'worked instead of Friday 2027-01-08' }] }, 'admin');
  expect(loaded).toMatchObject({ year: 2027, loaded: true, basis: 'Government decree (test)' });
  const cal = await activity()({ years: [2026, 2027, 2028] });
  expect(cal.years).toEqual([2026, 2027]);
  expect(cal.daysOff).toContain('2027-01-08');
  expect(cal.workingWeekends).toContain('2027-01-09');
  expect(await activity()({ years: [2027], required: [2027] })).toMatchObject({ years: [2027] });
});

it("loading a year's table again replaces its moved days, and refuses a date of another year, naming the field", async () => {
  const s = service('2026-11-20T06:00:00Z');
  await s.loadYear(2027, { basis: 'first', daysOff: [{ date: '2027-01-08', reason: 'x' }], workingDays: [] }, 'admin');
  const again = await s.loadYear(2027, { basis: 'corrected', daysOff: [], workingDays: [] }, 'admin');
  expect(again.daysOff).not.toContain('2027-01-08');
  await expect(s.loadYear(2027, { basis: 'x', daysOff: [], workingDays: [{ date: '2028-01-08', reason: 'x' }] }, 'admin')).rejects.toMatchObject({ status: 422, extras: { errors: [{ field: 'body.workingDays[0].date' }] } });
});

it("warns from 1 November (Astana time) while next year's table is missing, in Kazakh and Russian", async () => {
  expect(await service('2026-10-31T18:30:00Z').status()).toMatchObject({ year: 2026, yearLoaded: true, nextYear: 2027, nextYearLoaded: false });
  expect((await service('2026-10-31T18:30:00Z').status()).warning).toBeUndefined(); // 23:30 on 31 October in Astana
  const warned = await service('2026-10-31T19:00:00Z').status(); // 00:00 on 1 November
  expect(warned.warning?.kk).toMatch(/2027/);
  expect(warned.warning?.ru).toMatch(/Производственный календарь на 2027 год/);
  await service('2026-11-02T06:00:00Z').loadYear(2027, { basis: 'decree', daysOff: [], workingDays: [] }, 'admin');
  expect(await service('2026-12-20T06:00:00Z').status()).toMatchObject({ nextYearLoaded: true });
  expect((await service('2026-12-20T06:00:00Z').status()).warning).toBeUndefined();
});
