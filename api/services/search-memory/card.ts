/** A search record as the in-memory index holds it (a card), read from either stored layout, and back as a hit row. */
import type { DocumentStatus } from '../../../domain/documents/document-state';
import type { HitRow } from '../search-hits';

export interface Card {
  id: string;
  type: string;
  title: string;
  status: DocumentStatus;
  language?: 'kk' | 'ru';
  authorId: string;
  draftNumber?: string;
  registrationJournal?: string;
  registrationNumber?: string;
  registeredAt?: number;
  registrationSeq?: number;
  correspondent?: string;
  createdAt: number;
  cardUpdatedAt: number;
  openDueAt?: number;
  viewerIds: string[];
  visibleJournal?: string;
  executorIds: string[];
  controlTypes: string[];
  correspondentKey?: string;
  /** Where its ranking words (ids of `<tag>:<word>` in the shared vocabulary) are in the word pool. */
  wordsAt: number;
  wordCount: number;
}

/** The one empty list every card without executors or control types shares. */
export const NONE: string[] = [];

/** A list field of a record in either layout (one element per word, or one space-joined string). */
export function listOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => (typeof v === 'string' ? v.split(' ').filter(Boolean) : []));
}

export const time = (v: unknown): number | undefined => (v instanceof Date ? v.getTime() : v === null || v === undefined ? undefined : new Date(v as string).getTime());
export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

export function rowOf(c: Card): HitRow {
  return {
    _id: c.id,
    type: c.type,
    title: c.title,
    status: c.status,
    language: c.language,
    authorId: c.authorId,
    draftNumber: c.draftNumber,
    registrationJournal: c.registrationJournal,
    registrationNumber: c.registrationNumber,
    registeredAt: date(c.registeredAt),
    correspondent: c.correspondent,
    createdAt: new Date(c.createdAt),
    cardUpdatedAt: new Date(c.cardUpdatedAt),
    openDueAt: date(c.openDueAt),
  };
}
