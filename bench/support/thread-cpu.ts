/**
 * CPU time of this process's threads (Linux, /proc/self/task), grouped so that a benchmark can say which of them
 * spends it: the main thread (HTTP, activities, the database driver, Temporal's client), V8's helper threads
 * (parallel scavenges, concurrent marking, optimizing compiles), the threads Node started later (the workflow
 * thread, the signature-verify pool, libuv's pool) and Temporal's Rust core (tokio and its own threads).
 * The process's total CPU alone cannot tell a GC-bound run from a workflow-bound one.
 */
import fs from 'node:fs';

export interface ThreadTimes {
  /** tid → [thread name, CPU ms so far]. */
  byTid: Map<number, [string, number]>;
}

export type ThreadGroup = 'main' | 'v8_helpers' | 'workers' | 'temporal_core';

/** Clock ticks of 10 ms, as the bench's other /proc readings assume. */
const TICK_MS = 10;

export function readThreadTimes(): ThreadTimes {
  const byTid = new Map<number, [string, number]>();
  for (const entry of fs.readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/self/task/${entry}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    // The name sits in parentheses and may itself hold spaces or parentheses: cut at the last ')'.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    byTid.set(Number(entry), [name, (Number(fields[11]) + Number(fields[12])) * TICK_MS]);
  }
  return { byTid };
}

/**
 * CPU ms each group spent between two readings. `startup` is a reading taken before any worker thread or
 * Temporal runtime exists (the top of the benchmark). Node's threads carry the executable's name (`node`, or
 * `nodejs` where a distribution renames it), as the main thread did then; Temporal's core names its own. Of
 * Node's, the ones in `startup` besides the main one are V8's platform workers, and one that appeared later is a
 * worker thread or libuv's pool.
 */
export function threadCpuBetween(startup: ThreadTimes, before: ThreadTimes, after: ThreadTimes): Record<ThreadGroup, number> {
  const nodeThreadName = startup.byTid.get(process.pid)?.[0] ?? 'node';
  const spent: Record<ThreadGroup, number> = { main: 0, v8_helpers: 0, workers: 0, temporal_core: 0 };
  for (const [tid, [name, ms]] of after.byTid) {
    const delta = ms - (before.byTid.get(tid)?.[1] ?? 0);
    const group: ThreadGroup =
      tid === process.pid ? 'main' : name !== nodeThreadName ? 'temporal_core' : startup.byTid.has(tid) ? 'v8_helpers' : 'workers';
    spent[group] += delta;
  }
  return spent;
}
