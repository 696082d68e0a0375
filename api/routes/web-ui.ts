/**
 * The staff web UI (web/, built by Vite into web/dist) served by the API process at `/`: hashed assets with
 * long caching, and index.html for every other GET outside /api, so the UI's own routes (/documents/…,
 * /inbox/…) survive a reload. Without a build, `/` explains how to make one instead of answering 404.
 * The UI talks to the server only through the public /api, like any other client.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

export const WEB_DIST_DIR = path.resolve(__dirname, '..', '..', 'web', 'dist');

/**
 * The UI fetches only from this origin and reaches NCALayer on the user's own computer; the cover-letter
 * preview is server-rendered HTML with its own inline styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' wss://127.0.0.1:13579",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const isApiPath = (p: string): boolean => p === '/api' || p.startsWith('/api/');

function notBuiltPage(distDir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Qujat — web UI not built</title>
<style>body{font:15px/1.6 system-ui,sans-serif;max-width:640px;margin:80px auto;padding:0 20px;color:#1b2433}
code{background:#f1f4f8;padding:2px 6px;border-radius:4px}</style></head>
<body><h1>The web UI has not been built yet</h1>
<p>Қолданушы интерфейсі әлі жиналмаған. / Веб-интерфейс ещё не собран.</p>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it when it is missing or stale), then reload this page.</p>
<p>Expected the build in <code>${distDir.replace(/[<>&]/g, '')}</code>. The API itself works: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>`;
}

export function mountWebUi(app: Express, options: { distDir?: string } = {}): void {
  const distDir = options.distDir ?? WEB_DIST_DIR;
  const indexFile = path.join(distDir, 'index.html');

  // Vite names assets by content hash: they never change, so browsers may keep them for a year.
  app.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }),
  );

  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    // A missing file (an old asset, a typo) is a 404, not the app: only page addresses fall back to it.
    if (path.extname(req.path) && req.path !== '/index.html') {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('html').setHeader('Cache-Control', 'no-store').send(notBuiltPage(distDir));
      return;
    }
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    // index.html names the current asset hashes: always revalidate it, so a new build is picked up.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
}
