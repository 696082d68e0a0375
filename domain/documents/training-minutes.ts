/**
 * 002 §§10–11: after a change to the EDMS the responsible employee notifies the staff (the change notification)
 * and, where needed, runs a training and draws up its minutes. The minutes are recorded against the notification
 * by the employee who sent it: the date held (not in the future), the topic and who attended.
 */
export interface TrainingMinutesInput {
  heldOn: string;
  topic: string;
  attendeeIds: string[];
}

export interface MinutesRefusal {
  status: 403 | 409 | 422;
  field?: string;
  message: string;
}

export const CHANGE_NOTIFICATION_TYPE = 'edms-change-notification';

/** Why these minutes cannot be recorded by this person on this document, or undefined when they can. */
export function refuseTrainingMinutes(
  doc: { type?: string | null; authorId: string; status?: string | null },
  actorId: string,
  input: TrainingMinutesInput,
  today: string,
  knownEmployeeIds: ReadonlySet<string>,
): MinutesRefusal | undefined {
  if (doc.type !== CHANGE_NOTIFICATION_TYPE) return { status: 409, message: 'Training minutes are recorded against a change notification.' };
  if (doc.authorId !== actorId) return { status: 403, message: 'Only the responsible employee who sent the change notification records its training minutes.' };
  if (doc.status === 'draft') return { status: 409, message: 'The change notification has not been sent yet.' };
  if (input.heldOn > today) return { status: 422, field: 'body.heldOn', message: 'must not be in the future' };
  const unknown = input.attendeeIds.findIndex((id) => !knownEmployeeIds.has(id));
  if (unknown >= 0) return { status: 422, field: `body.attendeeIds[${unknown}]`, message: 'is not an employee' };
  return undefined;
}
