/**
 * The sending side of seed-003 §§18–19 on the time-skipping server: no receipt notification within
 * 1 working day (Astana business calendar) → the sender is told to use other channels; a receipt that
 * comes in time stops the chase. Real calendar and correspondence activities, real database.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { buildBusinessCalendar } from '../../domain/calendar/build-calendar';
import { createAuditChain } from '../../domain/audit/audit-chain';
import { createCorrespondenceActivities } from '../../activities/correspondence/correspondence-activities';
import { loadTemplateCatalog } from '../../domain/rendering/template-catalog';
import * as defs from '../../workflows/definitions';
import { addCalendarDays, dayOfWeek, endOfLocalDayMs, toLocalDate, type BusinessCalendar } from '../../domain/calendar/business-calendar';
import { createTimeSkippingEnv } from '../support/env';
import { openTestDatabase, type TestDatabase } from '../support/registry-db';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'receipt-chase-test';

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  t = await openTestDatabase();
  const audit = createAuditChain(t.models.AuditEvent);
  const correspondence = createCorrespondenceActivities({ models: t.models, audit, catalog: loadTemplateCatalog() });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows/receipt-chase-workflow'),
    activities: {
      ...createCalendarActivities({ loadOverrides: async () => [] }),
      noteReceiptDue: correspondence.noteReceiptDue,
      raiseReceiptChase: correspondence.raiseReceiptChase,
    },
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await t?.drop();
});

const ASTANA = 5 * 3600_000;
const at17 = (date: string) => Date.parse(`${date}T17:00:00+05:00`);

/** The independent oracle: the first working day after `date`, by the calendar's data. */
function nextWorkingDay(cal: BusinessCalendar, date: string): string {
  for (let d = addCalendarDays(date, 1); ; d = addCalendarDays(d, 1)) {
    const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
    if (cal.workingWeekends.includes(d) || (!weekend && !cal.daysOff.includes(d))) return d;
  }
}

async function calendarFrom(nowMs: number): Promise<BusinessCalendar> {
  const year = new Date(nowMs + ASTANA).getUTCFullYear();
  return buildBusinessCalendar({ years: [year, year + 1], overrides: [] });
}

async function sentDocument(id: string, sentAtMs: number): Promise<void> {
  await t.models.Document.create({ _id: id, type: 'outgoing-letter', title: `Letter ${id}`, authorId: 'author', route: { key: 'outgoing-letter', version: 1 }, workflowId: `document:${id}`, status: 'registered' });
  await t.models.Delivery.create({ _id: id, recipient: '«Әлем» ЖШС', sentAt: new Date(sentAtMs), sentBy: 'registrar' });
}

async function start(id: string, sentAtMs: number) {
  return env.client.workflow.start(defs.RECEIPT_CHASE_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: defs.receiptChaseWorkflowId(id),
    args: [{ documentId: id, sentAtMs } satisfies defs.ReceiptChaseInput],
  });
}

async function dueOf(handle: Awaited<ReturnType<typeof start>>): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const status = await handle.query(defs.receiptChaseQuery);
    if (status.dueAtMs) return status.dueAtMs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the workflow never computed its due instant');
}

/** The query shows the due instant as soon as it is computed, before the activity that stores it has run. */
async function storedDueOf(id: string): Promise<number | undefined> {
  for (let i = 0; i < 100; i++) {
    const stored = (await t.models.Delivery.findById(id).lean())?.receiptDueAt?.getTime();
    if (stored !== undefined) return stored;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

it('sent on a Friday at 17:00 with no receipt: chased at the end of Monday, not before', async () => {
  const now = await env.currentTimeMs();
  const cal = await calendarFrom(now);
  // The next Friday whose Monday is an ordinary working day.
  let friday = toLocalDate(now + 2 * 86_400_000, cal);
  while (dayOfWeek(friday) !== 5 || nextWorkingDay(cal, friday) !== addCalendarDays(friday, 3)) friday = addCalendarDays(friday, 1);
  const sentAtMs = at17(friday);
  await sentDocument('fri', sentAtMs);

  const handle = await start('fri', sentAtMs);
  const due = await dueOf(handle);
  expect(due).toBe(endOfLocalDayMs(addCalendarDays(friday, 3), cal));
  expect(await storedDueOf('fri')).toBe(due);

  // Monday 17:00: still inside the working day that was given.
  await env.sleep(at17(addCalendarDays(friday, 3)) - (await env.currentTimeMs()));
  expect(await t.models.Notification.countDocuments({ documentId: 'fri', kind: 'receipt.chase' })).toBe(0);
  expect((await handle.query(defs.receiptChaseQuery)).chased).toBeUndefined();

  expect(await handle.result()).toEqual({ outcome: 'chased', dueAtMs: due });
  const notices = await t.models.Notification.find({ documentId: 'fri', kind: 'receipt.chase' }).lean();
  expect(notices.map((n) => n.recipientId).sort()).toEqual(['author', 'registrar']);
  expect(notices[0].message).toContain('other channels');
  expect((await t.models.Delivery.findById('fri').lean())?.chasedAt).toBeTruthy();
  expect(await env.currentTimeMs()).toBeGreaterThan(due);
});

it('the day before a public holiday: the holiday is skipped', async () => {
  const now = await env.currentTimeMs();
  const cal = await calendarFrom(now);
  const today = toLocalDate(now, cal);
  // A weekday holiday at least two days ahead, sent the calendar day before it.
  const holiday = cal.daysOff.find((d) => d > addCalendarDays(today, 1))!;
  const sentDay = addCalendarDays(holiday, -1);
  await sentDocument('hol', at17(sentDay));
  const handle = await start('hol', at17(sentDay));
  const due = await dueOf(handle);
  expect(toLocalDate(due, cal)).toBe(nextWorkingDay(cal, sentDay));
  expect(toLocalDate(due, cal) > holiday).toBe(true);
  expect((await handle.result()).outcome).toBe('chased');
});

it('a receipt recorded in time stops the chase', async () => {
  const now = await env.currentTimeMs();
  await sentDocument('ok', now);
  const handle = await start('ok', now);
  await dueOf(handle);
  await t.models.Delivery.updateOne({ _id: 'ok' }, { $set: { receipt: { receivedAt: new Date(now + 3_600_000) } } });
  await handle.signal(defs.receiptRecordedSignal, { receivedAtMs: now + 3_600_000 });
  expect((await handle.result()).outcome).toBe('receipt-received');
  expect(await t.models.Notification.countDocuments({ documentId: 'ok' })).toBe(0);
});
