/**
 * The document state machine: which human action is allowed now, and what it changes.
 * Deterministic and free of I/O so the workflow can replay it and unit tests can drive it directly.
 * Functions named check… decide (a refusal or nothing); functions named apply… change the state in place
 * and return the domain events to audit. One file per part of the route a document walks; this index is
 * the machine's one public face (the workflow imports it as a namespace).
 */
export { openTasksOf, taskOwner } from './tasks';
export type { DomainEvent } from './tasks';
export { applySubmit, applyWithdraw, checkSubmit, checkWithdraw, createInitialState } from './submission';
export { beginStage, completeStage, documentControl, evaluateStage, finishRoute, resolutionControllers, taskKindOf } from './stages';
export type { StageAssignment, StageOutcome } from './stages';
export { applyApprove, applyReject, applySign, checkApprove, checkReject, checkSign, returnToAuthor } from './approval';
export { applyRefuseIncoming, applyRegister, checkRefuseIncoming, checkRegister } from './registration';
export { applyAcknowledge, applyEditExecutionCard, applyFileExecutionCard, applyWriteResolution, checkAcknowledge, checkEditExecutionCard, checkFileExecutionCard, checkWriteResolution } from './execution';
export { applyRemoveFromControl, applyReturnForRework, checkRemoveFromControl, checkReturnForRework } from './control';
export { applyExtendDeadline, applyRecalculatedDeadlines, checkExtendDeadline, checkRecalculateDeadlines, lateAssignees, markBreached, markReminded, pendingDeadlines, pendingReminders } from './deadlines';
export type { PendingDeadline } from './deadlines';
export { applyReassign, checkReassign, reassignmentPlan } from './reassignment';
export type { ReassignmentPlan } from './reassignment';
