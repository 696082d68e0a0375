/** Request and response schemas of /api/search (validation and OpenAPI in one). */
import { queryTerms } from '../../domain/search/tokenizer';
import { SEARCH_FIELDS, type SearchField } from '../../domain/search/search-projection';
import { DOCUMENT_LANGUAGES } from '../../db/models/document';
import { DOCUMENT_STATUSES } from '../../domain/documents/document-state';
import { z } from '../../domain/zod';
import { lowerBound, upperBound } from './search-dates';

/** Global search ranks at most this many matches (the most recently changed); see docs/search.md. */
export const RANKED_CANDIDATES = 1000;

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const page = z.coerce.number().int().min(1).max(10_000).default(1);

/** Repeated (`status=a&status=b`) or comma-separated (`status=a,b`): both arrive as one list. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : Array.isArray(v) ? v.flatMap((s) => (typeof s === 'string' ? s.split(',') : [s])) : v),
    z.array(item).min(1).max(20),
  );

/** A calendar day (whole day, Astana time) or an instant with its offset. */
const dayOrInstant = z.union([z.string().date(), z.string().datetime({ offset: true })]).openapi({ example: '2026-03-01' });

export const CONTROL_FILTERS = ['controlled', 'personal', 'none'] as const;
export const ADVANCED_SORTS = ['createdAt', '-createdAt', 'registeredAt', '-registeredAt', 'number', '-number', 'title', '-title', 'dueAt', '-dueAt'] as const;

export const globalSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(200).openapi({ example: 'құжат 01-12/45' }),
    page,
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (queryTerms(v.q).length === 0) ctx.addIssue({ code: 'custom', path: ['q'], message: 'has no word or number to search for' });
    if (v.page * v.pageSize > RANKED_CANDIDATES) {
      ctx.addIssue({ code: 'custom', path: ['page'], message: `only the best ${RANKED_CANDIDATES} matches are paged; refine the query` });
    }
  });

export const advancedSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Keyword(s), as in global search; narrows, does not rank' }),
    type: list(id).optional().openapi({ description: 'Document types (any of)' }),
    journal: id.optional(),
    numberFrom: z.coerce.number().int().min(1).optional().openapi({ description: 'Registration sequence number in the journal, from (inclusive)' }),
    numberTo: z.coerce.number().int().min(1).optional().openapi({ description: 'Registration sequence number in the journal, to (inclusive)' }),
    registeredFrom: dayOrInstant.optional(),
    registeredTo: dayOrInstant.optional(),
    createdFrom: dayOrInstant.optional(),
    createdTo: dayOrInstant.optional(),
    status: list(z.enum(DOCUMENT_STATUSES)).optional().openapi({ description: 'Statuses (any of)' }),
    author: id.optional(),
    executor: id.optional().openapi({ description: 'Responsible or co-executor of a resolution, or assignee of an execution task' }),
    correspondent: z.string().trim().min(2).max(200).optional().openapi({ description: 'Correspondent contains (case- and diacritic-insensitive)' }),
    control: list(z.enum(CONTROL_FILTERS)).optional().openapi({ description: '"none": no resolution under control' }),
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    sort: z.enum(ADVANCED_SORTS).default('-createdAt'),
    page,
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.q !== undefined && queryTerms(v.q).length === 0) ctx.addIssue({ code: 'custom', path: ['q'], message: 'has no word or number to search for' });
    if ((v.numberFrom !== undefined || v.numberTo !== undefined) && !v.journal) {
      ctx.addIssue({ code: 'custom', path: ['journal'], message: 'a number range needs its journal (numbers are per journal)' });
    }
    if (v.numberFrom !== undefined && v.numberTo !== undefined && v.numberFrom > v.numberTo) {
      ctx.addIssue({ code: 'custom', path: ['numberTo'], message: 'must not be below numberFrom' });
    }
    for (const [from, to] of [['registeredFrom', 'registeredTo'], ['createdFrom', 'createdTo']] as const) {
      const a = v[from];
      const b = v[to];
      if (a && b && lowerBound(a) > upperBound(b)) ctx.addIssue({ code: 'custom', path: [to], message: `must not be before ${from}` });
    }
  });

export type GlobalSearchQuery = z.output<typeof globalSearchQuery>;
export type AdvancedSearchQuery = z.output<typeof advancedSearchQuery>;

const searchHit = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  language: z.enum(DOCUMENT_LANGUAGES).optional(),
  authorId: z.string(),
  draftNumber: z.string().optional(),
  registration: z.object({ journal: z.string().optional(), number: z.string().optional(), registeredAt: z.string().optional() }).optional(),
  correspondent: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  dueAt: z.string().optional().openapi({ description: 'The earliest deadline still running' }),
  overdue: z.boolean(),
  titleMarks: z
    .array(z.tuple([z.number().int(), z.number().int()]))
    .openapi({ description: 'Spans [start, end) of the title (UTF-16 offsets) whose words the query matched, same-stem forms included' }),
});

const fieldNames = Object.keys(SEARCH_FIELDS) as [SearchField, ...SearchField[]];

export const globalSearchPage = z
  .object({
    q: z.string(),
    /** The words actually searched for (after folding and dropping function words). */
    terms: z.array(z.string()),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    truncated: z.boolean().openapi({ description: `More than ${RANKED_CANDIDATES} matches: only the most recently changed ones are ranked` }),
    items: z.array(searchHit.extend({ score: z.number(), matched: z.array(z.enum(fieldNames)) }).openapi('SearchHit')),
  })
  .openapi('GlobalSearchPage');

export const advancedSearchPage = z
  .object({
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    sort: z.enum(ADVANCED_SORTS),
    items: z.array(searchHit.openapi('AdvancedSearchHit')),
  })
  .openapi('AdvancedSearchPage');
