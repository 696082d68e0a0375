/**
 * The staff web UI build. Its dependencies live in the root package.json (one `npm ci` installs the API and
 * the UI), so this config is run from the root: `vite build --config web/vite.config.mts`.
 * No React plugin: Vite's built-in transform handles TSX with the automatic JSX runtime, and the UI needs
 * no fast refresh to be built; `npm run dev:web` still serves it with live reload.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    // One small app: a single chunk is simpler to serve and cache than a split graph.
    chunkSizeWarningLimit: 1024,
    // Rolldown's note on plugin timings is about Vite's own CSS plugin: nothing to act on here.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    port: 5173,
    // During UI development the API runs on its own port (npm start); the browser talks to one origin.
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
