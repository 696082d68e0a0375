/**
 * Departmental control's monthly task on a real Temporal server: the schedule starts the workflow, which opens
 * each unit head's review of the month before; a second run opens nothing new. The run's history replays
 * against the current workflow code.
 */
import { Worker } from '@temporalio/worker';
import { ensureInformationReviewSchedule, informationReviewScheduleId } from '../../client/information-review-schedule';
import { previousAstanaMonth } from '../../domain/information-requests/reviews';
import { eventually, startTestSystem, workflowBundle, type TestSystem } from '../support/system';

jest.setTimeout(180_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.models.Unit.create([
    { _id: 'department', name: { kk: 'Департамент', ru: 'Департамент' }, headEmployeeId: 'director' },
    { _id: 'division', name: { kk: 'Бөлім', ru: 'Отдел' }, parentId: 'department', headEmployeeId: 'chief' },
    { _id: 'no-head', name: { kk: 'Топ', ru: 'Группа' } },
  ]);
});
afterAll(async () => {
  await sys?.temporal.schedule.getHandle(informationReviewScheduleId(sys.taskQueue)).delete().catch(() => undefined);
  await sys?.stop();
});

it('the monthly schedule opens one review per unit head for the month before, once', async () => {
  await ensureInformationReviewSchedule(sys.temporal, sys.taskQueue);
  await ensureInformationReviewSchedule(sys.temporal, sys.taskQueue); // a second worker start keeps the one schedule
  const schedule = sys.temporal.schedule.getHandle(informationReviewScheduleId(sys.taskQueue));
  const described = await schedule.describe();
  expect(described.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }], hour: [{ start: 3, end: 3, step: 1 }] });

  await schedule.trigger();
  const runId = await eventually(async () => {
    const action = (await schedule.describe()).info.recentActions[0];
    expect(action).toBeDefined();
    return action.action.workflow.workflowId;
  });
  const result = await sys.temporal.workflow.getHandle(runId).result();
  const month = previousAstanaMonth(new Date());
  expect(result).toEqual({ month, opened: 2 });
  const reviews = await sys.models.InfoReview.find({ month }).sort({ _id: 1 }).lean();
  expect(reviews.map((r) => [r.officialId, r.unitIds])).toEqual([
    ['chief', ['division']],
    ['director', ['department', 'division']],
  ]);

  const again = await sys.temporal.workflow.execute('informationReviewsWorkflow', { taskQueue: sys.taskQueue, workflowId: `reviews-again-${runId}`, args: [{}] });
  expect(again).toEqual({ month, opened: 0 });

  const history = await sys.temporal.workflow.getHandle(runId).fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, runId);
});

it('the month before is counted in Astana time', () => {
  expect(previousAstanaMonth(new Date('2026-01-01T03:00:00Z'))).toBe('2025-12');
  // 19:30 UTC on 31 May is already 1 June in Astana (UTC+5).
  expect(previousAstanaMonth(new Date('2026-05-31T19:30:00Z'))).toBe('2026-05');
  expect(previousAstanaMonth(new Date('2026-05-31T18:30:00Z'))).toBe('2026-04');
});
