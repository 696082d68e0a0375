/** The shapes of requests to the system administrator (api/routes/admin-requests.ts), shared with the web client's types. */
import { ADMIN_REQUEST_STATES } from '../../domain/documents/admin-request';
import { z } from '../../domain/zod';

export const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
export const requestId = z.string().trim().min(1).max(140).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date');
export const params = z.object({ id, requestId });

const fileView = z.object({ id: z.string(), filename: z.string(), size: z.number() });
export const adminRequestView = z
  .object({
    id: z.string(),
    documentId: z.string(),
    resolutionId: z.string(),
    raisedBy: z.string(),
    raisedAt: z.string(),
    change: z.string(),
    reason: z.string(),
    state: z.enum(ADMIN_REQUEST_STATES),
    agreement: z.object({ decision: z.enum(['agreed', 'returned']), by: z.string(), onBehalfOf: z.string().optional(), at: z.string(), comment: z.string().optional() }).optional(),
    deadline: z
      .object({
        dueAt: z.string(),
        dueOn: z.string().optional(),
        rule: z.object({ days: z.number(), kind: z.enum(['working', 'calendar']) }).optional(),
        explanation: z.string(),
        setBy: z.string(),
        setAt: z.string(),
        breach: z.enum(['overdue', 'answered-late']).optional().openapi({ description: 'Still open past the deadline, or answered after it' }),
      })
      .optional(),
    files: z.array(fileView).openapi({ description: 'Files uploaded for the answer (the answer names those it carries)' }),
    answer: z.object({ text: z.string(), attachmentIds: z.array(z.string()), by: z.string(), at: z.string() }).optional(),
    actions: z.array(z.enum(['agree', 'deadline', 'answer'])).openapi({ description: 'What the caller may do with the request now' }),
  })
  .openapi('AdminRequest');

export const raiseBody = z
  .object({
    resolutionId: id.openapi({ description: 'The resolution whose responsible executor you are' }),
    change: z.string().trim().min(1, 'must not be empty').max(4000).openapi({ description: 'What change to the EDMS is needed' }),
    reason: z.string().trim().min(1, 'must not be empty').max(4000).openapi({ description: 'Why the Department cannot make it itself' }),
  })
  .strict()
  .openapi('AdminRequestInput');
export const agreementBody = z
  .object({ decision: z.enum(['agree', 'return']), comment: z.string().trim().max(4000).optional() })
  .strict()
  .superRefine((b, ctx) => {
    if (b.decision === 'return' && !b.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'say why the request goes back' });
  })
  .openapi('AdminRequestAgreement');
export const deadlineBody = z
  .object({
    dueOn: isoDate.optional().openapi({ description: 'The last day (Astana), YYYY-MM-DD; or give days and kind' }),
    days: z.number().int().min(1).max(366).optional(),
    kind: z.enum(['working', 'calendar']).optional().openapi({ description: 'Working days (Kazakh calendar) or calendar days, counted from now' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.dueOn !== undefined && (b.days !== undefined || b.kind !== undefined)) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'give either a date or days, not both' });
    else if (b.dueOn === undefined && b.days === undefined && b.kind === undefined) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'give a date, or days and their kind' });
    else if (b.dueOn === undefined && b.days === undefined) ctx.addIssue({ code: 'custom', path: ['days'], message: 'how many days' });
    else if (b.dueOn === undefined && b.kind === undefined) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'working or calendar days' });
  })
  .openapi('AdminRequestDeadline');
export const answerBody = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(20_000),
    attachmentIds: z.array(id).max(6).optional().openapi({ description: 'Files uploaded for this request that the answer carries; default all of them' }),
  })
  .strict()
  .openapi('AdminRequestAnswer');
