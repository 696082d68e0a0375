/**
 * The web UI's pure logic, run here because it decides what people see: which actions the card offers now
 * (web/src/documents/available-actions.ts) and where a route validation error sits in the JSON text
 * (web/src/designer/json-locate.ts). No browser needed.
 */
import type { DocumentView, Task, WorkflowState } from '../../../web/src/api/types';
import { availableActions, type ActingAs } from '../../../web/src/documents/available-actions';
import { locate, pathOfField } from '../../../web/src/designer/json-locate';
import { clerkDate, readDeadlineExplanation } from '../../../web/src/documents/deadline-explanation';
import { buildBusinessCalendar } from '../../../domain/calendar/build-calendar';
import { computeDeadline } from '../../../domain/calendar/business-calendar';

const task = (t: Partial<Task> & Pick<Task, 'kind' | 'assigneeId'>): Task => ({ id: `1.s.${t.assigneeId}`, stageId: 's', state: 'open', ...t });

function doc(w: Partial<WorkflowState>, type = 'outgoing-letter'): DocumentView {
  const workflow: WorkflowState = { documentId: 'd1', authorId: 'author', route: { key: type, version: 1 }, status: 'draft', round: 1, tasks: [], resolutions: [], cards: [], seq: 0, ...w };
  return { id: 'd1', type, title: 'T', language: 'kk', authorId: 'author', caption: 'T', status: workflow.status, route: workflow.route, participants: {}, createdAt: '2026-01-01T00:00:00Z', workflow };
}

const as = (employeeId: string, extra: Partial<ActingAs> = {}): ActingAs => ({ employeeId, ownerIds: [employeeId], roles: ['employee'], ...extra });
const names = (d: DocumentView, who: ActingAs) => availableActions(d, who).map((a) => a.name);

describe('available actions', () => {
  it('the author sends a draft, withdraws during approval and signing, and cannot act for others', () => {
    expect(names(doc({ status: 'draft' }), as('author'))).toEqual(['submit']);
    expect(names(doc({ status: 'on-approval', tasks: [task({ kind: 'approve', assigneeId: 'a1' })] }), as('author'))).toEqual(['withdraw']);
    expect(names(doc({ status: 'on-signing' }), as('author'))).toEqual(['withdraw']);
    expect(names(doc({ status: 'on-registration' }), as('author'))).toEqual([]);
    // Returned by a rejection: may send again; refused as incoming mail (finished): may not.
    expect(names(doc({ status: 'rejected' }), as('author'))).toEqual(['submit']);
    expect(names(doc({ status: 'rejected', finishedAtMs: 1 }), as('author'))).toEqual([]);
  });

  it('offers a task only to its assignee while it is open, not while waiting its turn', () => {
    const d = doc({ status: 'on-approval', tasks: [task({ kind: 'approve', assigneeId: 'a1' }), task({ kind: 'approve', assigneeId: 'a2', state: 'waiting' })] });
    expect(names(d, as('a1'))).toEqual(['approve', 'reject']);
    expect(names(d, as('a2'))).toEqual([]);
    expect(names(d, as('stranger'))).toEqual([]);
  });

  it('a substitute acts on behalf of the absent assignee', () => {
    const d = doc({ status: 'on-signing', tasks: [task({ kind: 'sign', assigneeId: 'boss' })] });
    const actions = availableActions(d, as('deputy', { ownerIds: ['deputy', 'boss'] }));
    expect(actions.map((a) => [a.name, a.onBehalfOf])).toEqual([
      ['sign', 'boss'],
      ['reject', 'boss'],
    ]);
  });

  it('registration: register, and refuse only for incoming mail', () => {
    const tasks = [task({ kind: 'register', assigneeId: 'reg' })];
    expect(names(doc({ status: 'on-registration', tasks }), as('reg'))).toEqual(['register']);
    expect(names(doc({ status: 'on-registration', tasks }, 'incoming-paper'), as('reg'))).toEqual(['register', 'refuse']);
  });

  it('execution: resolution, card per resolution, sub-resolution, card edits until Executed, control removal', () => {
    const inExecution = doc({
      status: 'in-execution',
      tasks: [task({ kind: 'resolve', assigneeId: 'head' }), task({ kind: 'execute', assigneeId: 'ex', resolutionId: 'R1' })],
      cards: [{ id: 'C1', resolutionId: 'R0', executorId: 'ex', actedBy: 'ex', text: 'done', attachmentIds: [], filedAtMs: 1, edits: [] }],
    });
    expect(names(inExecution, as('head'))).toEqual(['write-resolution']);
    const ex = availableActions(inExecution, as('ex'));
    expect(ex.map((a) => [a.name, a.resolutionId ?? a.parentResolutionId ?? a.cardId])).toEqual([
      ['file-card', 'R1'],
      ['write-resolution', 'R1'],
      ['edit-card', 'C1'],
    ]);
    expect(names({ ...inExecution, workflow: { ...inExecution.workflow!, status: 'executed', tasks: [] } }, as('ex'))).toEqual([]);
    const control = doc({ status: 'awaiting-control-removal', tasks: [task({ kind: 'remove-control', assigneeId: 'ctl' })] });
    expect(names(control, as('ctl'))).toEqual(['remove-from-control', 'return-for-rework']);
  });

  it('deadline extension for controllers when a deadline runs', () => {
    const d = doc({ status: 'on-approval', stage: { index: 0, id: 's', type: 'approval', startedAtMs: 0, deadline: { dueAtMs: 10, explanation: '', extensions: [] } } });
    expect(names(d, as('ctl', { roles: ['employee', 'controller'] }))).toEqual(['extend-deadline']);
    expect(names(d, as('someone'))).toEqual([]);
  });

  it('nothing without the live state', () => {
    expect(availableActions({ ...doc({}), workflow: undefined }, as('author'))).toEqual([]);
  });
});

describe('json-locate', () => {
  const text = JSON.stringify({ key: 'r', stages: [{ id: 'a', type: 'approval' }, { id: 'b', type: 'signin', participants: [{ kind: 'x' }] }] }, null, 2);

  it('maps the server field to a path without request prefixes', () => {
    expect(pathOfField('body.stages.1.participants.0.kind')).toEqual(['stages', 1, 'participants', 0, 'kind']);
    expect(pathOfField('body.definition.stages.0.id')).toEqual(['stages', 0, 'id']);
  });

  it('finds the value at a path, and the nearest parent of a missing key', () => {
    const at = (field: string) => {
      const r = locate(text, pathOfField(field));
      return r && text.slice(r.start, r.end);
    };
    expect(at('stages.1.type')).toBe('"signin"');
    expect(at('stages.1.participants.0.kind')).toBe('"x"');
    expect(at('stages.0.mode')).toBe(text.slice(text.indexOf('{', text.indexOf('"stages"')), text.indexOf('}') + 1));
    expect(at('key')).toBe('"r"');
  });

  it('copes with text that is not JSON', () => {
    expect(() => locate('{"stages": [', ['stages', 0])).not.toThrow();
  });
});

describe('deadline explanations, read back from the engine’s sentence for the card', () => {
  // The sentences come from the engine itself, so a change of its wording fails here instead of silently
  // leaving the card without an explanation.
  const cal = buildBusinessCalendar({ years: [2026, 2027], overrides: [] });
  const at = (iso: string) => Date.parse(iso);

  it('reads a working-day term with the days it skipped', () => {
    // Friday 04.12.2026 + 3 working days: Saturday and Sunday skipped, Independence Day (16.12) not reached.
    const { explanation } = computeDeadline(at('2026-12-04T10:00:00+05:00'), { days: 3, kind: 'working' }, cal);
    expect(readDeadlineExplanation(explanation)).toEqual({ kind: 'working', days: 3, startDate: '2026-12-04', skipped: ['2026-12-05', '2026-12-06'], dueDate: '2026-12-09' });
  });

  it('reads a calendar-day term, moved off a day off or not', () => {
    const plain = computeDeadline(at('2026-12-01T10:00:00+05:00'), { days: 5, kind: 'calendar' }, cal);
    expect(readDeadlineExplanation(plain.explanation)).toEqual({ kind: 'calendar', days: 5, startDate: '2026-12-01', notMoved: true, dueDate: '2026-12-06' });
    const moved = computeDeadline(at('2026-12-01T10:00:00+05:00'), { days: 5, kind: 'calendar', moveOffNonWorking: true }, cal);
    expect(readDeadlineExplanation(moved.explanation)).toEqual({ kind: 'calendar', days: 5, startDate: '2026-12-01', notMoved: false, moved: { lastDay: '2026-12-06' }, dueDate: '2026-12-07' });
  });

  it('reads an hours term with its start time in Astana, and gives nothing for a sentence of another shape', () => {
    const { explanation } = computeDeadline(at('2026-12-04T10:30:00+05:00'), { hours: 24 }, cal);
    expect(readDeadlineExplanation(explanation)).toEqual({ kind: 'hours', hours: 24, startDate: '2026-12-04', startTime: '10:30' });
    expect(readDeadlineExplanation('due whenever')).toBeUndefined();
    expect(clerkDate('2026-12-05')).toBe('05.12.2026');
  });
});
