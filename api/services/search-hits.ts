/** What a search hit shows, shared by the database and the in-memory paths of search (search-service.ts). */
import type { DocumentStatus } from '../../domain/documents/document-state';
import { marksOf } from '../../domain/search/highlight';
import type { QueryTerm } from '../../domain/search/tokenizer';

/** The fields of a record a hit is made of: the headline fields of the card, never the tokens. */
export const HIT_FIELDS = {
  _id: 1,
  type: 1,
  title: 1,
  status: 1,
  language: 1,
  authorId: 1,
  draftNumber: 1,
  registrationJournal: 1,
  registrationNumber: 1,
  registeredAt: 1,
  correspondent: 1,
  createdAt: 1,
  cardUpdatedAt: 1,
  openDueAt: 1,
} as const;

export interface HitRow {
  _id: string;
  type: string;
  title: string;
  status: DocumentStatus;
  language?: 'kk' | 'ru' | null;
  authorId: string;
  draftNumber?: string | null;
  registrationJournal?: string | null;
  registrationNumber?: string | null;
  registeredAt?: Date | null;
  correspondent?: string | null;
  createdAt: Date;
  cardUpdatedAt: Date;
  openDueAt?: Date | null;
  words?: string;
}

/** A hit as the API returns it; `terms` mark the title words the query matched. */
export function hitOf(row: HitRow, now: Date, terms: readonly QueryTerm[]) {
  const due = row.openDueAt ?? undefined;
  const registration = row.registrationNumber
    ? {
        journal: row.registrationJournal ?? undefined,
        number: row.registrationNumber,
        registeredAt: row.registeredAt ? new Date(row.registeredAt).toISOString() : undefined,
      }
    : undefined;
  return {
    id: row._id,
    type: row.type,
    title: row.title,
    status: row.status,
    language: row.language ?? undefined,
    authorId: row.authorId,
    draftNumber: row.draftNumber ?? undefined,
    registration,
    correspondent: row.correspondent ?? undefined,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.cardUpdatedAt).toISOString(),
    dueAt: due ? new Date(due).toISOString() : undefined,
    overdue: !!due && new Date(due).getTime() < now.getTime(),
    titleMarks: marksOf(row.title, terms),
  };
}
