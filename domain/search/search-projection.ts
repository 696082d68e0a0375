/**
 * The search record of a card: what a hit shows, match tokens, field-tagged words for ranking, who may see
 * it, and the facets advanced search filters on. Pure: the indexer gathers the facts (names, journal,
 * registration sequence) and writes what this returns; the benchmark uses it to generate records.
 */
import type { DocumentState } from '../documents/document-state';
import { peopleOf } from '../documents/document-visibility';
import { canonical, loose, matchTokens, TOKENIZER_VERSION, wordsOf } from './tokenizer';

/** The searchable fields, each with a one-letter tag in `search.words` (kept short: every card stores them). */
/** `links`: the numbers of the documents a card links to (in reply to, refers to …), so a number finds its replies. */
export const SEARCH_FIELDS = { number: 'n', title: 't', correspondent: 'c', people: 'p', text: 'x', links: 'l' } as const;
export type SearchField = keyof typeof SEARCH_FIELDS;

/** A long summary or card text adds little to finding a document and a lot to every card: the rest is not indexed. */
const MAX_TEXT_WORDS = 300;
/** How deep the free-form card `fields` are read for text. */
const MAX_FIELD_DEPTH = 3;

export interface SearchableCard {
  _id: string;
  type: string;
  title: string;
  authorId: string;
  participantIds?: string[] | null;
  participants?: unknown;
  correspondent?: string | null;
  summary?: string | null;
  fields?: unknown;
  draftNumber?: string | null;
  links?: Array<{ number?: string | null }> | null;
  /** `seq` and `direction`: the registration's sequence number and its journal's direction, kept by the projection (absent on older cards). */
  registration?: { journal?: string | null; number?: string | null; registeredAt?: Date | null; seq?: number | null; direction?: string | null } | null;
  route?: { key: string; version: number } | null;
  status?: string;
  state?: unknown;
  language?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

export interface SearchFacts {
  /** Full names of the people the card names, by employee id. */
  names: ReadonlyMap<string, string>;
  /** The document's journal (registration, or its route's registration stage): registrars see it. */
  journal?: string;
  /** The registration's sequence number in its journal, for number ranges. */
  registrationSeq?: number;
}

/** The search record of a card (db/models/document-search.ts), with its tokens as a plain word list. */
export interface SearchRecord {
  _id: string;
  version: number;
  cardUpdatedAt: Date;
  type: string;
  title: string;
  language?: string;
  status: string;
  authorId: string;
  draftNumber?: string;
  correspondent?: string;
  createdAt: Date;
  registrationJournal?: string;
  registrationNumber?: string;
  registeredAt?: Date;
  registrationSeq?: number;
  /** Loose-folded words, each once (this and the other lists are laid out by search-layout `storedList`). */
  tokens: string[];
  /**
   * `<field tag>:<canonical word>`, space-separated: what ranking reads. One string rather than an array: the
   * embedded database pays per array element on every read, and every search reads this field.
   */
  words: string;
  /** Everyone who sees the card as a participant (see document-visibility `peopleOf`). */
  viewerIds: string[];
  visibleJournal?: string;
  /** Responsible and co-executors of its resolutions, and assignees of execution tasks. */
  executorIds: string[];
  /** Control types of its resolutions ('controlled', 'personal', 'none'). */
  controlTypes: string[];
  /** The earliest deadline still running (stage or open resolution); absent when nothing is due. */
  openDueAt?: Date;
  correspondentKey?: string;
}

const FINISHED = new Set(['executed', 'rejected', 'withdrawn']);

/** Every string (and number) in free-form card fields, depth-first, in key order. */
function textsIn(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (depth >= MAX_FIELD_DEPTH || value === null || typeof value !== 'object') return [];
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return children.flatMap((v) => textsIn(v, depth + 1));
}

/** Employee ids named on the card for the route (signer, approvers, addressees …). */
function idsInParticipants(participants: unknown): string[] {
  if (!participants || typeof participants !== 'object') return [];
  return Object.values(participants as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string');
}

function facetsOf(state: Partial<DocumentState> | undefined, status: string | undefined) {
  const resolutions = state?.resolutions ?? [];
  const executorIds = new Set<string>();
  for (const r of resolutions) {
    executorIds.add(r.responsibleExecutorId);
    for (const id of r.coExecutorIds ?? []) executorIds.add(id);
  }
  for (const t of state?.tasks ?? []) if (t.kind === 'execute') executorIds.add(t.assigneeId);
  const controlTypes = [...new Set(resolutions.map((r) => r.control))].sort();

  let openDueAt: number | undefined;
  const finished = state?.finishedAtMs !== undefined || FINISHED.has(status ?? state?.status ?? '');
  if (!finished) {
    const due = [state?.stage?.deadline?.dueAtMs, ...resolutions.filter((r) => r.state === 'open').map((r) => r.deadline?.dueAtMs)];
    const running = due.filter((d): d is number => typeof d === 'number');
    if (running.length) openDueAt = Math.min(...running);
  }
  return { executorIds: [...executorIds].sort(), controlTypes, openDueAt: openDueAt === undefined ? undefined : new Date(openDueAt) };
}

/** Everyone whose name a card is found by: its viewers, the people it names, its executors. */
export function namedPeople(card: SearchableCard): string[] {
  const state = card.state as Partial<DocumentState> | undefined;
  const viewers = peopleOf({ ...card, participantIds: card.participantIds ?? [] });
  return [...new Set([...viewers, ...idsInParticipants(card.participants), ...facetsOf(state, card.status).executorIds])];
}

export function projectSearch(card: SearchableCard, facts: SearchFacts): SearchRecord {
  const state = card.state as Partial<DocumentState> | undefined;
  const registrationNumber = card.registration?.number ?? state?.registration?.number;
  const texts = [card.summary ?? '', ...textsIn(card.fields), ...(state?.resolutions ?? []).map((r) => r.text)];
  const byField: Record<SearchField, string[]> = {
    number: [registrationNumber, card.draftNumber].flatMap((n) => (n ? wordsOf(n) : [])),
    title: wordsOf(card.title),
    correspondent: card.correspondent ? wordsOf(card.correspondent) : [],
    people: namedPeople(card).flatMap((id) => wordsOf(facts.names.get(id) ?? '')),
    text: wordsOf(texts.join('\n')).slice(0, MAX_TEXT_WORDS),
    links: (card.links ?? []).flatMap((l) => (l.number ? wordsOf(l.number) : [])),
  };

  const words = new Set<string>();
  for (const [field, list] of Object.entries(byField) as Array<[SearchField, string[]]>) {
    for (const word of list) words.add(`${SEARCH_FIELDS[field]}:${word}`);
  }
  const facets = facetsOf(state, card.status);
  const registration = card.registration;
  const present = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
  return {
    _id: card._id,
    version: TOKENIZER_VERSION,
    cardUpdatedAt: card.updatedAt ?? card.createdAt ?? new Date(0),
    type: card.type,
    title: card.title,
    language: present(card.language),
    status: card.status ?? state?.status ?? 'draft',
    authorId: card.authorId,
    draftNumber: present(card.draftNumber),
    correspondent: present(card.correspondent),
    createdAt: card.createdAt ?? new Date(0),
    registrationJournal: registrationNumber ? present(registration?.journal ?? state?.registration?.journal) : undefined,
    registrationNumber: present(registrationNumber),
    registeredAt: registrationNumber ? present(registration?.registeredAt) : undefined,
    registrationSeq: registrationNumber ? facts.registrationSeq : undefined,
    tokens: matchTokens(Object.values(byField).flat()),
    words: [...words].join(' '),
    viewerIds: peopleOf({ ...card, participantIds: card.participantIds ?? [] }),
    visibleJournal: facts.journal,
    executorIds: facets.executorIds,
    controlTypes: facets.controlTypes,
    openDueAt: facets.openDueAt,
    correspondentKey: card.correspondent ? loose(canonical(card.correspondent)).replace(/\s+/g, ' ').trim() : undefined,
  };
}
