/**
 * Drives one incoming document (incoming-electronic or incoming-paper) through its standard route through
 * the API: submit → register → resolution → execution card → control removal. It reads the live state
 * before each step, so a step whose answer was lost (and that a retry then found done) is not taken twice,
 * and it records every action it saw accepted, for the checks afterwards.
 */
import type { RetryingClient } from './retrying-client';

export const CHAOS_PEOPLE = { registrar: 'reg', head: 'head', executor: 'e1', controller: 'ctl' } as const;

export interface WorkflowView {
  status: string;
  tasks: Array<{ id: string; kind: string; assigneeId: string; state: string; resolutionId?: string }>;
  resolutions: Array<{ id: string; parentId?: string; state: string }>;
  cards: Array<{ id: string; resolutionId: string; executorId: string }>;
  registration?: { journal: string; number: string };
  controlSheet?: unknown;
}

export interface DrivenDocument {
  id: string;
  type: 'incoming-electronic' | 'incoming-paper';
  /** action → how many times the API accepted it (2xx) or said it was already done (409). */
  accepted: Record<string, number>;
  alreadyDone: Record<string, number>;
  final?: WorkflowView;
  /** Why the driver gave up on it, if it did. */
  error?: string;
}

const ACTOR_OF = {
  submit: CHAOS_PEOPLE.registrar,
  register: CHAOS_PEOPLE.registrar,
  'write-resolution': CHAOS_PEOPLE.head,
  'file-card': CHAOS_PEOPLE.executor,
  'remove-from-control': CHAOS_PEOPLE.controller,
} as const;
type Step = keyof typeof ACTOR_OF;

export interface DriverDeps {
  client: RetryingClient;
  tokens: Record<string, string>;
  /** Called after every accepted step (the chaos schedule keys on progress). */
  onStep(): void;
  /** Makes this run's Idempotency-Keys unique (a rerun against the same database must not find old documents). */
  runId: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function nextStep(wf: WorkflowView): { step: Step; body: Record<string, unknown> } | 'wait' | 'done' {
  switch (wf.status) {
    case 'draft':
      return { step: 'submit', body: {} };
    case 'on-registration':
      return { step: 'register', body: {} };
    case 'registered':
    case 'in-execution': {
      const resolution = wf.resolutions.find((r) => !r.parentId);
      if (!resolution) {
        const resolveOpen = wf.tasks.some((t) => t.kind === 'resolve' && t.state === 'open');
        return resolveOpen ? { step: 'write-resolution', body: { text: 'Prepare an answer', responsibleExecutorId: CHAOS_PEOPLE.executor, controllerId: CHAOS_PEOPLE.controller } } : 'wait';
      }
      const executeOpen = wf.tasks.some((t) => t.kind === 'execute' && t.state === 'open' && t.assigneeId === CHAOS_PEOPLE.executor);
      return executeOpen ? { step: 'file-card', body: { resolutionId: resolution.id, text: 'Answered' } } : 'wait';
    }
    case 'awaiting-control-removal':
      return { step: 'remove-from-control', body: {} };
    case 'executed':
      return 'done';
    default:
      throw new Error(`unexpected status ${wf.status}`);
  }
}

/** Never throws: a document the driver could not finish is returned with its error, for the report. */
export async function driveIncoming(deps: DriverDeps, index: number, type: DrivenDocument['type'], deadlineMs: number): Promise<DrivenDocument> {
  const doc: DrivenDocument = { id: `(not created: chaos-${index})`, type, accepted: {}, alreadyDone: {} };
  try {
    await drive(deps, index, doc, deadlineMs);
  } catch (error) {
    doc.error = (error as Error).message;
  }
  return doc;
}

async function drive(deps: DriverDeps, index: number, doc: DrivenDocument, deadlineMs: number): Promise<void> {
  const type = doc.type;
  const title = `chaos-${index}-${type}`;
  const reg = deps.tokens[CHAOS_PEOPLE.registrar];
  const created = await deps.client.call('POST', '/api/documents', reg, {
    type,
    title,
    correspondent: `Sender ${index}`,
    participants: type === 'incoming-paper' ? { executor: CHAOS_PEOPLE.head } : { addressees: [CHAOS_PEOPLE.head] },
    fields: { senderNumber: `S-${index}`, senderDate: '2026-11-20', receivedAt: '2026-11-23T04:12:00Z' },
  }, { 'Idempotency-Key': `chaos-${deps.runId}-${index}` });
  // A create whose answer was lost is retried with the same key: the answer is the first one's document
  // (its route started by the retry if the API died in between), never a second draft.
  const id = created.status === 201 ? (created.body.id as string) : undefined;
  if (!id) throw new Error(`creating ${title} failed: ${created.status} ${JSON.stringify(created.body)}`);
  doc.id = id;

  while (Date.now() < deadlineMs) {
    const card = await deps.client.call('GET', `/api/documents/${id}`, reg);
    const wf = card.body.workflow as WorkflowView | undefined;
    // No live state: Temporal is unreachable right now.
    if (card.status !== 200 || !wf) {
      await sleep(500);
      continue;
    }
    doc.final = wf;
    const next = nextStep(wf);
    if (next === 'done') {
      doc.final = wf;
      return;
    }
    if (next === 'wait') {
      await sleep(200);
      continue;
    }
    const res = await deps.client.call('POST', `/api/documents/${id}/actions/${next.step}`, deps.tokens[ACTOR_OF[next.step]], next.body);
    // 202: accepted, its consequences still running (the worker died meanwhile); the next read decides.
    if (res.status === 200 || res.status === 202) {
      doc.accepted[next.step] = (doc.accepted[next.step] ?? 0) + 1;
      deps.onStep();
    } else if (res.status === 409 || (res.status === 404 && next.step === 'remove-from-control')) {
      // Retried after a lost answer, or the state moved on meanwhile: the next read decides. A retried last
      // step finds the workflow already closed, which the API reports as 404 "document route not found".
      doc.alreadyDone[next.step] = (doc.alreadyDone[next.step] ?? 0) + 1;
    } else {
      throw new Error(`${next.step} on ${id} (${type}) answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
    }
  }
  throw new Error(`document ${id} (${title}) did not finish its route in time`);
}

/** The live state now (the driver's last read may be older), for the checks. */
export async function refreshState(deps: Pick<DriverDeps, 'client' | 'tokens'>, doc: DrivenDocument): Promise<void> {
  if (doc.id.startsWith('(')) return;
  const card = await deps.client.call('GET', `/api/documents/${doc.id}`, deps.tokens[CHAOS_PEOPLE.registrar]);
  const wf = card.body.workflow as WorkflowView | undefined;
  if (card.status === 200 && wf) doc.final = wf;
  // Finished after all, just later than the driver waited: the route completed; the delay is in the report.
  if (doc.final?.status === 'executed' && doc.error) doc.error = undefined;
}
