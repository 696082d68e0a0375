/**
 * In-memory activities for workflow tests: the workflow logic is exercised against a real Temporal
 * test server, while what the activities were asked to do is recorded for assertions.
 */
import type { DocumentActivities, EscalateDeadlineInput, RecordTransitionInput, RegisterDocumentInput, RemindDeadlineInput } from '../../activities/contracts';
import { buildBusinessCalendar, type CalendarOverride } from '../../domain/calendar/build-calendar';
import { taskKindOf } from '../../domain/documents/document-machine';
import { checkedBy, createPrepareStage, createVerifyThenPrepare } from '../../activities/documents/stage-preparation';

export interface FakeActivities {
  activities: DocumentActivities;
  transitions: RecordTransitionInput[];
  escalations: EscalateDeadlineInput[];
  reminders: RemindDeadlineInput[];
  registrations: string[];
  /** What each registration was asked, in order. */
  registerInputs: RegisterDocumentInput[];
}

/** `people` maps a stage id to who takes part in it; `overrides` stand for the administrator's calendar table. */
export function fakeActivities(people: Record<string, string[]>, overrides: CalendarOverride[] = []): FakeActivities {
  const transitions: RecordTransitionInput[] = [];
  const escalations: EscalateDeadlineInput[] = [];
  const registrations: string[] = [];
  const reminders: RemindDeadlineInput[] = [];
  const registerInputs: RegisterDocumentInput[] = [];
  const activities: DocumentActivities = {
    async resolveStageParticipants({ stage, extraAssigneeIds }) {
      const assigneeIds = [...new Set([...(extraAssigneeIds ?? []), ...(people[stage.id] ?? [])])];
      if (stage.type === 'execution') {
        return { assignments: [{ kind: 'resolve', assigneeIds }, { kind: 'acknowledge', assigneeIds: people[`${stage.id}:ack`] ?? [] }] };
      }
      return { assignments: [{ kind: taskKindOf(stage), assigneeIds }] };
    },
    async recordTransition(input) {
      transitions.push(JSON.parse(JSON.stringify(input)));
      // As the real one run locally: the state it projected, which the history keeps for the audit replay.
      return { seq: input.seq, state: input.state };
    },
    async verifyDocumentSignature({ signatureId, signerEmployeeIds }) {
      // "good-by:<id>" stands for a signature made with <id>'s own certificate.
      const madeBy = signatureId.startsWith('good-by:') ? signatureId.slice('good-by:'.length) : undefined;
      if (madeBy && !signerEmployeeIds.includes(madeBy)) {
        return { valid: false, reason: 'signer-mismatch', failures: [{ code: 'signer-mismatch', message: `the certificate is ${madeBy}'s` }] };
      }
      return signatureId.startsWith('good')
        ? { valid: true, failures: [] }
        : { valid: false, reason: 'bad-signature', failures: [{ code: 'bad-signature', message: 'the signature does not match the content' }] };
    },
    async registerDocument(input) {
      const { documentId, journal } = input;
      registerInputs.push(input);
      if (!registrations.includes(documentId)) registrations.push(documentId);
      return { journal, number: `01-12/${registrations.indexOf(documentId) + 1}` };
    },
    async escalateDeadline(input) {
      escalations.push(input);
    },
    async remindDeadline(input) {
      reminders.push(input);
    },
    async getBusinessCalendar({ years }) {
      return buildBusinessCalendar({ years, overrides: overrides.filter((o) => years.includes(Number(o.date.slice(0, 4)))) });
    },
    // Made of the parts above as the worker's are, read when called: a part a test replaces on this object is used.
    prepareStage: (input) => createPrepareStage(activities)(input),
    verifySignatureThenPrepareStage: (input) =>
      createVerifyThenPrepare({ checkDocumentSignature: checkedBy(activities.verifyDocumentSignature), prepareStage: activities.prepareStage })(input),
  };
  return { activities, transitions, escalations, reminders, registrations, registerInputs };
}
