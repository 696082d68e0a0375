/**
 * The HTTP layer's defences (api/middleware/security.ts): headers, CORS closed by default, body size and
 * encoding limits, the limit on EDS challenges, undecodable paths.
 */
import express from 'express';
import request from 'supertest';
import { ConfigError } from '../../config';
import { corsOriginsFromEnv, securityMiddleware } from '../../api/middleware/security';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
let token: string;

beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false });
  await sys.addPeople([{ id: 'sec-user' }]);
  token = await sys.tokenFor('sec-user');
});
afterAll(async () => {
  await sys?.stop();
});

function expectProblem(res: request.Response, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringContaining('https://'), title: expect.any(String) });
  if (field) expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
}

describe('security headers', () => {
  it('sends a same-origin CSP without inline code, nosniff, no framing, no referrer, no x-powered-by', async () => {
    const res = await sys.http.get('/healthz').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'\s*;/);
    expect(csp).toMatch(/style-src 'self'\s*;/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('lets only the Swagger UI page run its inline start-up script', async () => {
    const docs = await sys.http.get('/api/docs');
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
    const api = await sys.http.get('/api/docs/assets/swagger-ui.css');
    expect(api.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('puts the headers on refusals too', async () => {
    const res = await sys.http.get('/api/nothing-here');
    expectProblem(res, 404);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('CORS', () => {
  it('is closed by default: no CORS header for any origin, preflight included', async () => {
    const simple = await sys.http.get('/healthz').set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await sys.http.options('/api/documents').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('answers only the listed origins when QUJAT_CORS_ORIGINS names them', async () => {
    const app = express();
    app.use(securityMiddleware({ corsOrigins: corsOriginsFromEnv({ QUJAT_CORS_ORIGINS: 'https://edms.example.kz, http://localhost:5173/' }), challengeLimit: { limit: 5, windowMs: 60_000 } }));
    app.get('/x', (_req, res) => void res.json({ ok: true }));
    const allowed = await request(app).get('/x').set('Origin', 'https://edms.example.kz');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://edms.example.kz');
    expect(allowed.headers.vary).toMatch(/Origin/);
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await request(app).options('/x').set('Origin', 'http://localhost:5173').set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
    const other = await request(app).get('/x').set('Origin', 'https://edms.example.kz.evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a wildcard or a path in QUJAT_CORS_ORIGINS at start, naming the variable', () => {
    expect(corsOriginsFromEnv({})).toEqual([]);
    expect(() => corsOriginsFromEnv({ QUJAT_CORS_ORIGINS: '*' })).toThrow(ConfigError);
    expect(() => corsOriginsFromEnv({ QUJAT_CORS_ORIGINS: 'https://a.kz/app' })).toThrow(/QUJAT_CORS_ORIGINS/);
  });
});

describe('request bodies', () => {
  it('answers a client still uploading a body nobody reads, instead of resetting its connection', async () => {
    const megabytes3 = Buffer.alloc(3_000_000, 7);
    for (let i = 0; i < 3; i++) {
      // A GET whose body is ignored, and a refused upload of the wrong type: both used to end in ECONNRESET.
      const ignored = await sys.http.get('/api/openapi.json').set('Content-Type', 'application/octet-stream').send(megabytes3);
      expect(ignored.status).toBe(200);
      const refused = await sys.http.post('/api/documents').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/octet-stream').send(megabytes3);
      expectProblem(refused, refused.status);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    }
  });

  const auth = () => ({ Authorization: `Bearer ${token}` });
  const raw = (bytes: Buffer) => sys.http.post('/api/documents').set(auth()).set('Content-Type', 'application/json').serialize((b: Buffer) => b as unknown as string).send(bytes);

  it('refuses JSON over 1 MB with 413 and takes one just under it to validation', async () => {
    expectProblem(await raw(Buffer.from(JSON.stringify({ title: 'x'.repeat(1024 * 1024) }))), 413);
    const under = await raw(Buffer.from(JSON.stringify({ title: 'x'.repeat(1000 * 1000) })));
    expectProblem(under, 422);
  });

  it('refuses bytes that are not UTF-8 with a 400 naming the body, and stores nothing', async () => {
    const before = await sys.models.Document.countDocuments();
    const res = await raw(Buffer.concat([Buffer.from('{"type":"outgoing-letter","title":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]));
    expectProblem(res, 400, 'body');
    expect(await sys.models.Document.countDocuments()).toBe(before);
    // The same text in proper UTF-8 gets past the parser (and on to validation of the participants).
    const valid = await raw(Buffer.from(JSON.stringify({ type: 'outgoing-letter', title: 'Қазақша ✓', participants: { approvers: ['ghost'] } })));
    expectProblem(valid, 422, 'body.participants.approvers.0');
  });

  it('answers a path that does not percent-decode with 400, not 500', async () => {
    expectProblem(await sys.http.get('/api/documents/%ff').set(auth()), 400, 'path');
    expectProblem(await sys.http.get('/api/documents/%E0%A4%A/history').set(auth()), 400, 'path');
  });
});

describe('rate limits', () => {
  it('limits EDS challenges per address with a 429 problem and Retry-After', async () => {
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 21; i += 1) {
      last = await sys.http.post('/api/auth/eds/challenge');
      statuses.push(last.status);
    }
    // Without EDS configured the first ones are 503 (not configured); the limiter answers before that.
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expectProblem(last!, 429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
