/**
 * Answers only once the request body has been read. Node closes a keep-alive connection whose request body
 * was not consumed when the answer ends, and a client still uploading then sees ECONNRESET instead of our
 * answer (a GET with a 3 MB body, or a refused upload, measured: every time). So a response that ends
 * before its request body was read waits for the rest to be read and thrown away — up to a cap, beyond
 * which the connection is closed after the answer, as before.
 */
import type { NextFunction, Request, Response } from 'express';

/** Above the largest upload we accept (60 MB of attachments), a body is not worth reading to the end. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

const hasBody = (req: Request): boolean => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

export function drainRequestBody(limitBytes = DRAIN_LIMIT_BYTES) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasBody(req)) return next();
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (req.complete || req.destroyed) return end(...args);
      let drained = 0;
      let ended = false;
      const finish = () => {
        if (ended) return;
        ended = true;
        end(...args);
      };
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > limitBytes) {
          res.setHeader('Connection', 'close');
          finish();
          req.destroy();
        }
      });
      req.once('end', finish);
      req.once('close', finish);
      req.once('error', finish);
      req.resume();
      return res;
    }) as Response['end'];
    next();
  };
}
