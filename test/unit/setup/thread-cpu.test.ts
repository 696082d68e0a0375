/**
 * The routes benchmark's split of its process's CPU by thread (bench/support/thread-cpu.ts): the readings come
 * from /proc and the grouping decides what each figure of `BENCH-THREADS` means.
 */
import { readThreadTimes, threadCpuBetween, type ThreadTimes } from '../../../bench/support/thread-cpu';

const times = (entries: Array<[number, string, number]>): ThreadTimes => ({ byTid: new Map(entries.map(([tid, name, ms]) => [tid, [name, ms]])) });

it('groups threads: main by pid, later `node` threads as workers, the ones present at startup as V8 helpers, others as the core', () => {
  const main = process.pid;
  const startup = times([[main, 'node', 0], [main + 1, 'node', 0], [main + 2, 'node', 0]]);
  const before = times([[main, 'node', 1000], [main + 1, 'node', 100], [main + 2, 'node', 50], [main + 9, 'tokio-runtime-w', 20], [main + 12, 'node', 300]]);
  const after = times([
    [main, 'node', 1600],
    [main + 1, 'node', 180],
    [main + 2, 'node', 90],
    [main + 9, 'tokio-runtime-w', 50],
    [main + 10, 'workflow-proces', 5],
    [main + 12, 'node', 700],
    [main + 13, 'node', 40], // started during the run: counted from zero
  ]);
  expect(threadCpuBetween(startup, before, after)).toEqual({ main: 600, v8_helpers: 120, workers: 440, temporal_core: 35 });
});

it("takes the name of Node's threads from the main thread at startup, whatever the executable is called", () => {
  const main = process.pid;
  const startup = times([[main, 'nodejs', 0], [main + 1, 'nodejs', 0]]);
  const before = times([[main, 'nodejs', 0], [main + 1, 'nodejs', 0]]);
  const after = times([[main, 'nodejs', 10], [main + 1, 'nodejs', 20], [main + 5, 'nodejs', 30], [main + 6, 'tokio-runtime-w', 40]]);
  expect(threadCpuBetween(startup, before, after)).toEqual({ main: 10, v8_helpers: 20, workers: 30, temporal_core: 40 });
});

it('reads this process: the main thread with its name, and the CPU it spends', () => {
  const before = readThreadTimes();
  expect(before.byTid.get(process.pid)?.[0]).toMatch(/\S/);
  const mainMs = () => readThreadTimes().byTid.get(process.pid)![1] - before.byTid.get(process.pid)![1];
  // Spun until the main thread's own reading shows 150 ms: the process's figure (getrusage) would also count
  // whatever other threads of this jest worker do meanwhile, and end the spin early on a busy machine.
  const start = process.cpuUsage();
  const wallStart = Date.now();
  let spin = 0;
  while (mainMs() < 150 && Date.now() - wallStart < 30_000) for (let i = 0; i < 100_000; i++) spin++;
  const spent = mainMs();
  const processMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(start));
  expect(spin).toBeGreaterThan(0);
  expect(spent).toBeGreaterThanOrEqual(150);
  // One thread's time is part of its process's: a reading of the wrong field or thread would not stay within it
  // (10 ms ticks against getrusage's microseconds, hence the margin).
  expect(spent).toBeLessThanOrEqual(processMs + 20);
});
