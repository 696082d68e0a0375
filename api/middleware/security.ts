/**
 * The HTTP layer's own defences, mounted before the JSON parser: security headers, CORS that is
 * closed unless origins are listed, a per-address limit on issuing EDS challenges, and the UTF-8 check the
 * JSON parser runs on every body.
 *
 * Password and EDS logins are already rate-limited per address and per login in the auth service
 * (api/services/auth-service.ts); a second limiter on them here would only change which one answers 429.
 * The challenge endpoint is the gap: every call stores a row, so a loop could fill the collection.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { ConfigError } from '../../config';
import { createSlidingWindowLimiter } from '../auth/sliding-window-limiter';
import { HttpProblem, problems } from '../problem';
import { clientAddress } from '../request-context';

export interface SecurityOptions {
  /** Exact origins (scheme://host[:port]) allowed to call the API from a browser; empty = no CORS at all. */
  corsOrigins: readonly string[];
  /** EDS challenges one address may ask for per window. */
  challengeLimit: { limit: number; windowMs: number };
}

const ORIGIN = /^https?:\/\/[^/\s?#*]+$/;

/**
 * QUJAT_CORS_ORIGINS, comma-separated. Read here rather than in config/: the API receives only the Temporal
 * part of AppConfig, and a bad value still fails at start with one line naming the variable, like ConfigError
 * does everywhere else. "*" is refused on purpose: bearer tokens make any page that gets one a full client.
 */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.QUJAT_CORS_ORIGINS?.trim();
  if (!raw) return [];
  const origins = raw.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
  const bad = origins.find((o) => !ORIGIN.test(o));
  if (bad !== undefined) {
    throw new ConfigError(`Invalid QUJAT_CORS_ORIGINS=${JSON.stringify(raw)}: ${JSON.stringify(bad)} must be an origin such as https://edms.example.kz (no path, no "*")`);
  }
  return origins;
}

export const DEFAULT_SECURITY_OPTIONS = (): SecurityOptions => ({
  corsOrigins: corsOriginsFromEnv(),
  challengeLimit: { limit: 20, windowMs: 60_000 },
});

/**
 * The Swagger UI page (api/routes/api-docs.ts) starts itself with a fixed inline script and styles itself
 * inline; it reflects no input, so that one page may run inline code while every other page may not.
 */
function docsPageOnly(source: string) {
  return (req: IncomingMessage): string => (req.url?.split('?')[0] === '/api/docs' ? source : '');
}

/** The web UI is served from the same origin as the API: nothing needs to load from elsewhere. */
function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", docsPageOnly("'unsafe-inline'")],
        styleSrc: ["'self'", docsPageOnly("'unsafe-inline'")],
        // The favicon is a data: URI in web/index.html; fonts are bundled.
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: `npm start` serves plain http on 127.0.0.1, and upgrading its
        // script requests to https would leave the UI blank.
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const CORS_HEADERS = 'Authorization, Content-Type';

/** Without listed origins no CORS header is ever sent, so browsers keep other sites out. */
function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    if (allowed.size === 0) return next();
    res.vary('Origin');
    const origin = req.get('origin');
    if (!origin || !allowed.has(origin)) return next();
    res.set('Access-Control-Allow-Origin', origin);
    // No Allow-Credentials: the API authenticates with bearer tokens, never cookies.
    res.set('Access-Control-Expose-Headers', 'Location, Retry-After, ETag');
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.set('Access-Control-Allow-Methods', CORS_METHODS);
      res.set('Access-Control-Allow-Headers', CORS_HEADERS);
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

function challengeRateLimit(options: SecurityOptions['challengeLimit']): RequestHandler {
  const limiter = createSlidingWindowLimiter(options);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.path !== '/api/auth/eds/challenge') return next();
    const decision = limiter.hit(clientAddress(req));
    if (decision.allowed) return next();
    res.set('Retry-After', String(decision.retryAfterSeconds));
    next(
      new HttpProblem(429, 'too-many-attempts', 'Too many attempts', `Too many sign-in challenges; try again in ${decision.retryAfterSeconds} s.`, {
        retryAfterSeconds: decision.retryAfterSeconds,
      }),
    );
  };
}

/**
 * A path whose percent-encoding does not decode (`/api/documents/%ff`) makes Express's router throw a bare
 * URIError when it decodes the parameter, which would surface as a 500; refused here as the client's error.
 */
function decodablePath(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.path);
  } catch {
    return next(problems.badRequest('The URL path is not valid percent-encoded UTF-8.', [{ field: 'path', message: 'malformed percent-encoding' }]));
  }
  next();
}

export function securityMiddleware(options: SecurityOptions = DEFAULT_SECURITY_OPTIONS()): RequestHandler[] {
  return [securityHeaders(), cors(options.corsOrigins), decodablePath, challengeRateLimit(options.challengeLimit)];
}

/**
 * The JSON parser's `verify` hook. body-parser decodes bytes that are not UTF-8 into U+FFFD without a word,
 * so a title could be stored other than it was sent; a 400 naming the body is the honest answer.
 * The thrown HttpProblem keeps its status through body-parser (it reuses an error's own status).
 */
export function rejectInvalidUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw problems.badRequest('The body is not valid UTF-8.', [{ field: 'body', message: 'invalid UTF-8 byte sequence' }]);
}
