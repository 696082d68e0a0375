/** Temporal's worker logs every state change at INFO; tests only need warnings and errors. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process (jest re-runs setup files per test file in the same worker).
}
