/** Request and response schemas of the document endpoints (validation and OpenAPI in one). */
import { REJECTION_REASON_CODES } from '../../domain/correspondence/rejection-reasons';
import { DOCUMENT_LANGUAGES } from '../../db/models/document';
import { DOCUMENT_STATUSES } from '../../domain/documents/document-state';
import { z } from '../../domain/zod';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const documentIdParams = z.object({ id });

/**
 * `Idempotency-Key` on create: a client that lost the answer sends the same request with the same key and
 * gets the same document back instead of a second draft (the IETF httpapi idempotency-key draft's rules).
 */
export const createDocumentHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8, 'at least 8 characters (use a UUID)')
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
    .optional()
    .openapi({ description: 'Makes the create safe to retry: the same key and body give the same document.', example: '7c1e4f0e-2b6d-4c41-9a57-0e8f3c2d9b11' }),
});

export const createDocumentBody = z
  .object({
    type: id.openapi({ example: 'outgoing-letter' }),
    title: text(500).openapi({ example: 'On the supply of office equipment' }),
    language: z.enum(DOCUMENT_LANGUAGES).default('kk'),
    correspondent: z.string().trim().max(300).optional(),
    summary: z.string().trim().max(20_000).optional(),
    participants: z
      .object({
        signer: id.optional(),
        approvers: z.array(id).max(50).optional(),
        addressees: z.array(id).max(500).optional(),
        executor: id.optional(),
        recipients: z.array(id).max(500).optional(),
      })
      .strict()
      .default({}),
    fields: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()])).default({}),
  })
  .strict()
  .openapi('CreateDocument');

export const documentView = z
  .object({
    id: z.string(),
    type: z.string(),
    title: z.string(),
    language: z.enum(DOCUMENT_LANGUAGES),
    authorId: z.string(),
    draftNumber: z.string().optional(),
    /** The heading: registration number and date once registered, the draft number and date before. */
    caption: z.string(),
    status: z.enum(DOCUMENT_STATUSES),
    route: z.object({ key: z.string(), version: z.number() }),
    registration: z.object({ journal: z.string(), number: z.string(), registeredAt: z.string() }).optional(),
    participants: z.record(z.unknown()),
    correspondent: z.string().optional(),
    summary: z.string().optional(),
    createdAt: z.string(),
    /** The live state from the workflow (a query); absent only when Temporal cannot be reached. */
    workflow: z.record(z.unknown()).optional(),
    /** Only in a 202 answer to an action: accepted, but the route is still carrying out its consequences. */
    pending: z
      .object({
        updateId: z.string(),
        reason: z.string(),
        waitingFor: z.array(z.object({ activity: z.string(), attempt: z.number(), lastFailure: z.string().optional() })),
      })
      .optional(),
  })
  .openapi('Document');

const comment = z.string().trim().max(4000).optional();
const onBehalfOf = id.optional().openapi({ description: 'The absent colleague whose task you perform as their substitute.' });

export const actionBodies = {
  submit: z.object({ comment, onBehalfOf }).strict(),
  withdraw: z.object({ comment, onBehalfOf }).strict(),
  approve: z.object({ comment, onBehalfOf }).strict(),
  reject: z.object({ comment: text(4000), onBehalfOf }).strict(),
  register: z
    .object({
      comment,
      onBehalfOf,
      duplicateOf: id.optional().openapi({ description: 'A registered original (found by the duplicate check): register under its number with a comma suffix.' }),
    })
    .strict(),
  refuse: z
    .object({
      reasonCode: z.enum(REJECTION_REASON_CODES).openapi({ description: 'A code from GET /api/rejection-reasons.' }),
      comment: text(4000),
      onBehalfOf,
    })
    .strict(),
  'write-resolution': z
    .object({
      parentResolutionId: id.optional(),
      text: text(10_000),
      responsibleExecutorId: id,
      coExecutorIds: z.array(id).max(100).default([]),
      dueAt: z.string().datetime({ offset: true }).optional(),
      deadlineRule: z
        .union([
          z.object({ days: z.number().int().min(1).max(366), kind: z.enum(['calendar', 'working']) }).strict(),
          z.object({ hours: z.number().int().min(1).max(8784) }).strict(),
        ])
        .optional(),
      control: z.enum(['none', 'controlled', 'personal']).optional(),
      controllerId: id.optional(),
      comment,
      onBehalfOf,
    })
    .strict()
    .refine((b) => !(b.dueAt && b.deadlineRule), { message: 'give either dueAt or deadlineRule, not both', path: ['dueAt'] }),
  'file-card': z.object({ resolutionId: id, text: text(20_000), attachmentIds: z.array(id).max(6).default([]), comment, onBehalfOf }).strict(),
  'edit-card': z.object({ cardId: id, text: text(20_000), onBehalfOf }).strict(),
  acknowledge: z.object({ comment, onBehalfOf }).strict(),
  'remove-from-control': z.object({ comment, onBehalfOf }).strict(),
  'return-for-rework': z.object({ comment: text(4000), onBehalfOf }).strict(),
  'extend-deadline': z
    .object({ resolutionId: id.optional(), newDueAt: z.string().datetime({ offset: true }), reason: text(2000), onBehalfOf })
    .strict(),
} as const;

export type ActionName = keyof typeof actionBodies;
export const ACTION_NAMES = Object.keys(actionBodies) as ActionName[];

export const documentTypeView = z.object({ id: z.string(), title: z.object({ kk: z.string(), ru: z.string() }), routeKey: z.string() }).openapi('DocumentType');
