/**
 * What a new user runs on a fresh clone: CI installs exactly the lockfile (`npm ci`), the benchmarks install
 * their servers the way `npm start` and `npm test` do, jest runs in random order, and the demo walk calls the
 * API where the system listens (HOST/PORT) without any flag.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

it('CI installs with npm ci, which refuses a lockfile that does not match package.json', () => {
  const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8');
  const commands = ci.split('\n').filter((l) => /^\s*npm /.test(l));
  expect(commands).toContain('npm ci --no-audit --no-fund');
  expect(commands.some((l) => /^\s*npm (install|i)\b/.test(l))).toBe(false);
});

it('the benchmarks, the tests and the system all install their servers first', () => {
  for (const script of ['prestart', 'pretest', 'prebench']) expect(pkg.scripts[script]).toMatch(/^node scripts\/setup-tools\.mjs\b/);
  // Benchmarks need no time-skipping test server, like npm start.
  expect(fs.readFileSync(path.join(root, 'scripts/setup-tools.mjs'), 'utf8')).toMatch(/\['prestart', 'prebench'\]\.includes\(process\.env\.npm_lifecycle_event/);
});

it('the demo walk calls the API on the PORT the system uses, with no --url', async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Unauthorized', detail: 'test server' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '0.0.0.0', QUJAT_DATA_DIR: path.join(root, '.data') };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--import', 'tsx', 'client/demo-walk.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/POST \/api\/auth\/login → 401 test server/);
    expect(seen).toContain('POST /api/auth/login');
  } finally {
    server.close();
  }
}, 60_000);

it('docs/demo.md shows the command that runs the walk', () => {
  const demo = fs.readFileSync(path.join(root, 'docs/demo.md'), 'utf8');
  expect(demo).toContain('```bash\nnpx tsx client/demo-walk.ts\n```');
});
