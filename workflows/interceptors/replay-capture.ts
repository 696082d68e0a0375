/**
 * Used only by the audit replay (client/replay), never by the production worker: while a saved history is
 * replayed against the current workflow code, it reports every state the code hands to `recordTransition`,
 * so the replay can say which state the current code reconstructs at each step and compare it with the state
 * the original run recorded. The state is copied at call time (sinks are delivered after the activation,
 * when the state object may have moved on).
 */
import { proxySinks, type ActivityInput, type LocalActivityInput, type Next, type Sinks, type WorkflowInterceptorsFactory, type WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

export interface ReplayCaptureSinks extends Sinks {
  replayCapture: {
    /** `activityId` is the id the SDK gives the scheduled activity (its seq), as in the history. */
    transition(activityId: string, input: unknown): void;
  };
}

const { replayCapture } = proxySinks<ReplayCaptureSinks>();

class CaptureTransitions implements WorkflowOutboundCallsInterceptor {
  async scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    if (input.activityType === 'recordTransition') {
      replayCapture.transition(input.options.activityId ?? String(input.seq), JSON.parse(JSON.stringify(input.args[0])));
    }
    return next(input);
  }

  async scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    if (input.activityType === 'recordTransition') {
      replayCapture.transition(String(input.seq), JSON.parse(JSON.stringify(input.args[0])));
    }
    return next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ outbound: [new CaptureTransitions()] });
