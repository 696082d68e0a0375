/**
 * The route as the card shows it: every stage with its state, tasks and deadline. With the published route
 * definition (designers may read it) every stage is known in advance; without it the stages are the ones
 * the workflow has reached so far, read from its tasks.
 */
import type { Deadline, RouteDefinition, StageDefinition, StageType, Task, TaskKind, WorkflowState } from '../api/types';

export type StageState = 'done' | 'current' | 'pending' | 'skipped';

export interface StageRow {
  id: string;
  type?: StageType;
  definition?: StageDefinition;
  state: StageState;
  tasks: Task[];
  deadline?: Deadline;
}

const TYPE_OF_KIND: Record<TaskKind, StageType> = {
  approve: 'approval',
  sign: 'signing',
  register: 'registration',
  resolve: 'execution',
  execute: 'execution',
  acknowledge: 'acknowledgement',
  'remove-control': 'control-removal',
};

const roundOf = (task: Task): number => Number(task.id.split('.')[0]) || 0;

/** The tasks of the latest round that reached this stage (earlier rounds are history). */
function latestTasks(w: WorkflowState, stageId: string): Task[] {
  const all = w.tasks.filter((t) => t.stageId === stageId);
  const latest = Math.max(0, ...all.map(roundOf));
  return all.filter((t) => roundOf(t) === latest);
}

export function stageRows(w: WorkflowState, definition?: RouteDefinition): StageRow[] {
  const ids = definition ? definition.stages.map((s) => s.id) : [...new Set([...w.tasks.map((t) => t.stageId), ...(w.stage ? [w.stage.id] : [])])];
  const currentIndex = w.stage ? ids.indexOf(w.stage.id) : -1;
  return ids.map((id, i) => {
    const tasks = latestTasks(w, id);
    const def = definition?.stages.find((s) => s.id === id);
    const current = w.stage?.id === id;
    const settled = tasks.length > 0 && tasks.every((t) => t.state !== 'open' && t.state !== 'waiting');
    let state: StageState;
    if (current) state = 'current';
    else if (definition && currentIndex >= 0) state = i < currentIndex ? (tasks.length ? 'done' : 'skipped') : 'pending';
    else if (w.status === 'executed') state = tasks.length ? 'done' : 'skipped';
    else state = settled ? 'done' : 'pending';
    return {
      id,
      type: def?.type ?? (current ? w.stage!.type : tasks[0] ? TYPE_OF_KIND[tasks[0].kind] : undefined),
      definition: def,
      state,
      tasks,
      deadline: current ? w.stage!.deadline : undefined,
    };
  });
}
