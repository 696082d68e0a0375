#!/usr/bin/env node
/**
 * Builds the staff web UI (web/ → web/dist) when it is missing or older than its sources, so `npm start` and
 * `npm test` always serve the current UI and cost nothing when it is up to date (a few stat calls).
 *
 *   node scripts/build-web.mjs           build only when stale
 *   node scripts/build-web.mjs --force   build anyway
 *
 * Stale = web/dist/index.html is missing, or any file under web/src, domain/, web/index.html, web/vite.config.mts,
 * web/tsconfig.json or package-lock.json (a dependency change) is newer than it. Type checking is not done
 * here (`npm run typecheck` and `npm run build:web` do it) so that a start is not held up by it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const marker = path.join(web, 'dist', 'index.html');
// domain/ too: the web bundle imports the route schema and the route graph from it.
const inputs = [path.join(web, 'src'), path.join(root, 'domain'), path.join(web, 'index.html'), path.join(web, 'vite.config.mts'), path.join(web, 'tsconfig.json'), path.join(root, 'package-lock.json')];

function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function staleReason() {
  if (!fs.existsSync(marker)) return 'web/dist is missing';
  const built = fs.statSync(marker).mtimeMs;
  const changed = inputs.find((input) => newestMtime(input) > built);
  return changed ? `${path.relative(root, changed)} changed since the last build` : undefined;
}

const force = process.argv.includes('--force');
const reason = force ? 'forced' : staleReason();
if (!reason) {
  console.log('web UI: up to date (web/dist)');
  process.exit(0);
}

const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!fs.existsSync(viteBin)) {
  // A production install without dev dependencies: the API still runs and `/` says how to build the UI.
  console.warn(`web UI: not built (${reason}) — vite is not installed; run "npm ci" (with dev dependencies) and "npm run build:web".`);
  process.exit(0);
}

console.log(`web UI: building (${reason})…`);
const started = Date.now();
const result = spawnSync(process.execPath, [viteBin, 'build', '--config', path.join(web, 'vite.config.mts'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
});
if (result.status !== 0) {
  console.error('web UI: the build failed (see above).');
  process.exit(result.status ?? 1);
}
// Vite may keep an unchanged index.html's old mtime; touch it so the next check sees this build.
const now = new Date();
fs.utimesSync(marker, now, now);
console.log(`web UI: built in ${((Date.now() - started) / 1000).toFixed(1)} s → web/dist`);
