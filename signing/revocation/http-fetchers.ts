/** Production transports: OCSP over HTTP POST (RFC 6960 appendix A) and CRL download with a per-URL cache. */
import type { CrlFetchRequest } from './crl-source';
import type { OcspTarget, OcspTransport } from './ocsp-source';

export interface HttpOcspOptions {
  /** A fixed responder URL (e.g. http://ocsp.pki.gov.kz); otherwise the certificate's AIA OCSP URL. */
  url?: string;
  timeoutMs?: number;
}

export function createHttpOcspFetcher(options: HttpOcspOptions = {}): OcspTransport {
  return async (requestDer: Uint8Array, target: OcspTarget): Promise<Uint8Array> => {
    const url = options.url ?? target.urls[0];
    if (!url) throw new Error('no OCSP URL configured and none in the certificate');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: requestDer,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`OCSP responder ${url} answered HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

export interface HttpCrlOptions {
  /** CRL URLs to use instead of the certificates' distribution points. */
  urls?: string[];
  /** Re-download a CRL after this long. Default 1 hour. */
  refreshMs?: number;
  timeoutMs?: number;
  /** Largest CRL accepted. Default 64 MiB. */
  maxBytes?: number;
}

export function createHttpCrlFetcher(options: HttpCrlOptions = {}): (request: CrlFetchRequest) => Promise<readonly Uint8Array[]> {
  const cache = new Map<string, { bytes: Uint8Array; until: number }>();
  const inFlight = new Map<string, Promise<Uint8Array>>();
  const refreshMs = options.refreshMs ?? 60 * 60_000;

  const download = async (url: string): Promise<Uint8Array> => {
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    if (!response.ok) throw new Error(`CRL ${url} answered HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > (options.maxBytes ?? 64 * 1024 * 1024)) throw new Error(`CRL ${url} is too large`);
    return bytes;
  };

  const get = async (url: string): Promise<Uint8Array> => {
    const hit = cache.get(url);
    // The same bytes object is returned while cached, so the CRL index cache recognises it without re-hashing.
    if (hit && hit.until > Date.now()) return hit.bytes;
    let pending = inFlight.get(url);
    if (!pending) {
      pending = download(url).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    try {
      const bytes = await pending;
      cache.set(url, { bytes, until: Date.now() + refreshMs });
      return bytes;
    } catch (error) {
      if (hit) return hit.bytes; // a stale CRL is still checked for nextUpdate by the CRL source
      throw error;
    }
  };

  return async (request) => {
    const urls = (options.urls ?? request.distributionPoints).filter((u) => /^https?:\/\//.test(u));
    return Promise.all(urls.map(get));
  };
}
