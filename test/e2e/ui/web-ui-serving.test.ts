/**
 * How the API serves the web UI (api/routes/web-ui.ts): assets, the SPA fallback for page addresses, /api left
 * alone, and a clear page instead of a 404 when the UI has not been built.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { mountWebUi } from '../../../api/routes/web-ui';

function appWith(distDir: string) {
  const app = express();
  app.get('/api/ping', (_req, res) => void res.json({ ok: true }));
  mountWebUi(app, { distDir });
  app.use('/api', (_req, res) => void res.status(404).json({ title: 'api 404' }));
  return app;
}

let dist: string;
beforeAll(() => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-web-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

it('serves index.html at / and at every page address, with a CSP that lets the UI reach NCALayer', async () => {
  const app = appWith(dist);
  for (const page of ['/', '/inbox/for-approval', '/documents/7f1c', '/designer/outgoing-letter']) {
    const res = await request(app).get(page).expect(200);
    expect(res.text).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain('wss://127.0.0.1:13579');
  }
});

it('serves hashed assets for a year and answers 404 for a missing file instead of the app', async () => {
  const app = appWith(dist);
  const asset = await request(app).get('/assets/index-abc123.js').expect(200);
  expect(asset.headers['cache-control']).toContain('immutable');
  await request(app).get('/assets/index-gone.js').expect(404);
  await request(app).get('/favicon.ico').expect(404);
});

it('leaves /api to the API: its routes and its own 404', async () => {
  const app = appWith(dist);
  await request(app).get('/api/ping').expect(200, { ok: true });
  const missing = await request(app).get('/api/nothing-here').expect(404);
  expect(missing.body).toEqual({ title: 'api 404' });
  await request(app).post('/documents/1').expect(404);
});

it('explains how to build the UI when web/dist is missing', async () => {
  const app = appWith(path.join(dist, 'not-there'));
  const res = await request(app).get('/').expect(503);
  expect(res.headers['content-type']).toMatch(/html/);
  expect(res.text).toContain('npm run build:web');
});
