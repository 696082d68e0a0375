/** Request and response schemas of /api/journals and /api/registrations (validation and OpenAPI in one). */
import { JOURNAL_DIRECTIONS } from '../../db/models/journal';
import { z } from '../../domain/zod';

const code = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'lowercase letters, digits and "-"');
const localized = z.object({ kk: z.string().trim().min(1).max(300), ru: z.string().trim().min(1).max(300) }).strict();

/** A number template may use only the known placeholders and must contain the sequence number. */
const numberFormat = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((f) => f.includes('{seq}'), { message: 'must contain {seq}' })
  .refine((f) => (f.match(/\{[^}]*\}/g) ?? []).every((p) => ['{index}', '{seq}', '{year}'].includes(p)), {
    message: 'only {index}, {seq} and {year} may be used',
  })
  .refine((f) => !f.includes(','), { message: 'must not contain "," (it separates a duplicate\'s suffix)' })
  .openapi({ example: '{index}/{seq}' });

export const journalCodeParams = z.object({ code });

export const journalFields = {
  title: localized,
  index: z.string().trim().min(1).max(40).refine((i) => !i.includes(','), { message: 'must not contain ","' }).openapi({ example: '01-12' }),
  format: numberFormat,
  width: z.number().int().min(0).max(12).openapi({ description: 'Zero-padding of {seq}; 0 = none.' }),
  direction: z.enum(JOURNAL_DIRECTIONS),
};

export const createJournalBody = z
  .object({ code, ...journalFields, width: journalFields.width.default(0), direction: journalFields.direction.default('internal') })
  .strict()
  .openapi('CreateJournal');

export const updateJournalBody = z
  .object(journalFields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' })
  .openapi('UpdateJournal');

export const journalView = z
  .object({
    code: z.string(),
    title: z.object({ kk: z.string(), ru: z.string() }),
    index: z.string(),
    format: z.string(),
    width: z.number(),
    direction: z.enum(JOURNAL_DIRECTIONS),
    /** What the next number would look like (the sequence part is illustrative). */
    example: z.string(),
  })
  .openapi('Journal');

export const registrationsQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(1000).default(100),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional().openapi({ description: 'Registered on or after this Astana day' }),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional().openapi({ description: 'Registered on or before this Astana day' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

export const registrationView = z
  .object({
    documentId: z.string(),
    journal: z.string(),
    year: z.number(),
    seq: z.number(),
    suffix: z.number(),
    number: z.string(),
    registeredAt: z.string(),
    registrarId: z.string(),
    duplicateOf: z.string().optional(),
    // What a journal page shows beside the number: the card's heading, whom it is from or to, its type and state.
    title: z.string().optional(),
    correspondent: z.string().optional(),
    documentType: z.string().optional(),
    status: z.string().optional(),
  })
  .openapi('Registration');

export const registrationsPage = z
  .object({ journal: z.string(), year: z.number(), page: z.number(), pageSize: z.number(), total: z.number(), items: z.array(registrationView) })
  .openapi('RegistrationsPage');

export const duplicateCheckBody = z
  .object({
    senderNumber: z.string().trim().min(1).max(100).openapi({ description: "The sender's outgoing number", example: '15-2/1234' }),
    senderDate: z
      .string()
      .trim()
      .regex(/^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})$/, 'YYYY-MM-DD or DD.MM.YYYY')
      .openapi({ description: "The date of the sender's outgoing number" }),
    correspondent: z.string().trim().min(1).max(300),
  })
  .strict()
  .openapi('DuplicateCheck');

export const duplicateCheckResult = z
  .object({
    duplicate: z.boolean(),
    /** Registered originals with the same sender's number, date and correspondent: register under one of them. */
    matches: z.array(
      z.object({ documentId: z.string(), journal: z.string(), number: z.string(), registeredAt: z.string(), title: z.string().optional(), duplicates: z.number() }),
    ),
  })
  .openapi('DuplicateCheckResult');
