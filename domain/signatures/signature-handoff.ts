/**
 * A signature the API has just stored, handed in memory to its check when the worker runs in the same process
 * (`npm start`): the check then neither reads the signature back from the database nor waits for the
 * cryptography, which starts while the sign Update is still on its way to the route. What the check uses is
 * exactly what was stored, and a verdict started early is used only when it was asked exactly what the check
 * asks (same verifier, the kept signer's IIN, no required roles); anything else is checked as before. A worker
 * in another process finds nothing here and reads the database, as does a check run again later.
 */
import type { CmsVerifier } from './signing-setup';

export interface HandedSignature {
  documentId: string;
  submittedBy: string;
  signerIin?: string;
  cms: Uint8Array;
  content?: Uint8Array;
  /** When it was stored: the signing time a verification holds it against. */
  createdAt: Date;
}

type Verdict = Awaited<ReturnType<CmsVerifier>>;

export interface HandedEntry {
  signature: HandedSignature;
  /** The check started as the signature was handed, by `verifier`, with the kept IIN and no required roles. */
  early?: { verifier: CmsVerifier; verdict: Promise<Verdict> };
}

/** How long a handed signature waits for its check: the Update reaches the route within moments, or failed. */
const KEEP_MS = 60_000;
/** Handed signatures kept at most, and the size of the largest one kept (a CMS is a few KB; the API allows 2 MiB). */
const KEEP_MAX = 256;
const KEEP_BYTES = 64 * 1024;

export function createSignatureHandoff(now: () => number = Date.now) {
  let verifier: CmsVerifier | undefined;
  const entries = new Map<string, HandedEntry & { at: number }>();

  function prune(t: number): void {
    for (const [id, entry] of entries) {
      if (t - entry.at <= KEEP_MS && entries.size < KEEP_MAX) break; // the Map's order is the order handed
      entries.delete(id);
    }
  }

  return {
    /** This process checks signatures with `verify`: from now on a handed signature is kept, and its check started. */
    attachVerifier(verify: CmsVerifier): void {
      verifier = verify;
    },

    /** Called by the API once the signature is stored, before the route is asked to check it. */
    hand(signatureId: string, signature: HandedSignature): void {
      if (!verifier || signature.cms.byteLength + (signature.content?.byteLength ?? 0) > KEEP_BYTES) return;
      const t = now();
      prune(t);
      const { signerIin, content } = signature;
      const early =
        signerIin && content
          ? { verifier, verdict: verifier({ cms: signature.cms, content, receivedAt: signature.createdAt, expectedIins: [signerIin] }) }
          : undefined;
      // Awaited by the check, which falls back to its own on a failure; not an unhandled rejection meanwhile.
      early?.verdict.catch(() => undefined);
      entries.set(signatureId, { signature, early, at: t });
    },

    /** The handed signature, once: a check run again reads the database. */
    take(signatureId: string): HandedEntry | undefined {
      const entry = entries.get(signatureId);
      entries.delete(signatureId);
      return entry && now() - entry.at <= KEEP_MS ? entry : undefined;
    },
  };
}

export type SignatureHandoff = ReturnType<typeof createSignatureHandoff>;

const shared = new WeakMap<object, SignatureHandoff>();

/** The hand-off of a database's signatures in this process, shared by its API and its worker. */
export function sharedSignatureHandoff(Signature: { collection: object }): SignatureHandoff {
  let handoff = shared.get(Signature.collection);
  if (!handoff) shared.set(Signature.collection, (handoff = createSignatureHandoff()));
  return handoff;
}
