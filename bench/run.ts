/**
 * Every benchmark in one command, one table:
 *
 *   npm run bench                      every bench/<name>.ts, one after another
 *   npm run bench -- routes search     only these
 *   BENCH_QUICK=1 npm run bench        shorter runs (passed through to each benchmark)
 *
 * Each benchmark runs in a child process of its own (a crash or a leaked handle in one cannot spoil the
 * next, and its memory is its own) and ends with a line `BENCH <figure> value=… baseline=… ratio=… unit=…`;
 * `BENCH-MEM k=v …` lines report memory. They run one after another, never in parallel: they would compete
 * for the same cores and each figure would measure the others. The table gives the core count so that runs
 * on different machines are compared by ratio, not by value.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { tsEntryArgs } from './lib/ts-entry';

const benchDir = __dirname;

interface Figure {
  bench: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  unit: string;
}

interface BenchRun {
  name: string;
  ok: boolean;
  seconds: number;
  figures: Figure[];
  memory: string[];
  /** Highest VmHWM of the benchmark's own process seen while it ran. */
  peakRssMb?: number;
  failure?: string;
}

const BENCH_LINE = /^BENCH (\S+) value=(\S+) baseline=(\S+) ratio=(\S+) unit=(\S+)\s*$/;

export function parseBenchLine(bench: string, line: string): Figure | undefined {
  const m = BENCH_LINE.exec(line.trim());
  return m ? { bench, figure: m[1], value: m[2], baseline: m[3], ratio: m[4], unit: m[5] } : undefined;
}

/** The benchmarks are the .ts files directly in bench/ (lib/ and support/ hold their helpers). */
export function availableBenchmarks(dir = benchDir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'run.ts')
    .map((e) => e.name.replace(/\.ts$/, ''))
    .sort();
}

function peakRssMb(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function runOne(name: string): Promise<BenchRun> {
  const started = Date.now();
  const run: BenchRun = { name, ok: false, seconds: 0, figures: [], memory: [] };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, tsEntryArgs(path.join(benchDir, `${name}.ts`)), {
      cwd: path.resolve(benchDir, '..'),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // VmHWM is gone once the process exits, so it is sampled while it runs.
    const sampler = setInterval(() => {
      const mb = child.pid ? peakRssMb(child.pid) : undefined;
      if (mb !== undefined) run.peakRssMb = Math.max(run.peakRssMb ?? 0, mb);
    }, 250);
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      console.log(`[${name}] ${line}`);
      const figure = parseBenchLine(name, line);
      if (figure) run.figures.push(figure);
      if (line.startsWith('BENCH-MEM ')) run.memory.push(line.slice('BENCH-MEM '.length));
    });
    readline.createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${name}] ${line}`));
    child.once('error', (error) => {
      run.failure = error.message;
    });
    child.once('close', (code, signal) => {
      clearInterval(sampler);
      run.seconds = (Date.now() - started) / 1000;
      if (code !== 0) run.failure ??= `exited with ${signal ?? `code ${code}`}`;
      else if (run.figures.length === 0) run.failure = 'printed no BENCH line';
      run.ok = !run.failure;
      resolve(run);
    });
  });
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r, ri) => r.map((c, i) => (i === 0 || ri === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

export function summary(runs: BenchRun[]): string {
  const rows = [['figure', 'value', 'baseline', 'ratio', 'unit']];
  for (const run of runs) for (const f of run.figures) rows.push([f.figure, f.value, f.baseline, f.ratio, f.unit]);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '',
    `Qujat benchmarks — ${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}${process.env.BENCH_QUICK === '1' ? ', BENCH_QUICK=1' : ''}`,
    table(rows),
    '',
    'memory and time:',
    ...runs.map((r) => `  ${r.name}: ${r.seconds.toFixed(0)} s, peak RSS ${r.peakRssMb?.toFixed(0) ?? '?'} MB${r.memory.length ? `; ${r.memory.join('; ')}` : ''}${r.ok ? '' : `; FAILED: ${r.failure}`}`),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const available = availableBenchmarks();
  const requested = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = requested.filter((n) => !available.includes(n));
  if (unknown.length) {
    console.error(`No such benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')} (the files bench/<name>.ts).`);
    return 2;
  }
  const names = requested.length ? requested : available;
  const runs: BenchRun[] = [];
  for (const name of names) {
    console.log(`\n=== ${name} (bench/${name}.ts)`);
    runs.push(await runOne(name));
  }
  console.log(summary(runs));
  return runs.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
