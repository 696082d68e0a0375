/**
 * A request about one document (`/api/documents/:id/…`) reads its card right after it reads the caller's
 * session, and the one does not need the other: the card is read by `_id` whoever asks. So the read starts
 * here, beside the session's, and the card gate (`loadVisible`) takes it instead of reading: one wait on the
 * database instead of two on every action. What the caller may see is still decided by the gate, after the
 * session is known; a refused or anonymous request only drops the card it read.
 *
 * The card is taken once: a second read in the same request (after the request's own write) reads afresh.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

type Card = unknown;

const pending = new AsyncLocalStorage<Map<string, Promise<Card>>>();

/** Ids of our documents (UUIDs) and the like; anything else is not worth a read. */
const DOCUMENT_PATH = /^\/api\/documents\/([A-Za-z0-9_-]{8,100})(?:\/|$)/;

export function prefetchCard(read: (documentId: string) => Promise<Card>) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const id = req.get('authorization') ? DOCUMENT_PATH.exec(req.path)?.[1] : undefined;
    if (!id) return next();
    const card = read(id);
    // A request refused before the gate never awaits it; its failure must not surface as an unhandled rejection.
    card.catch(() => undefined);
    pending.run(new Map([[id, card]]), next);
  };
}

/** The card this request started reading, once; undefined when it started none (or it was taken). */
export function takePrefetchedCard<T>(documentId: string): Promise<T> | undefined {
  const cards = pending.getStore();
  const card = cards?.get(documentId);
  if (card) cards!.delete(documentId);
  return card as Promise<T> | undefined;
}
