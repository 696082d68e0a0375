/**
 * What tests use to reach the servers of the jest global setup (test/support/global-setup.ts):
 * a database of their own, a Temporal connection, and a time-skipping environment that runs the
 * test server installed in .tools/ (never the SDK's download from GitHub, which CI cannot reach).
 */
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { temporalTestServerPath } from '../../client/servers/temporal-dev-server';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: test/support/env.ts needs the jest global setup (run the tests with \`npx jest\` or \`npm test\`).`);
  }
  return value;
}

/** Replaces the database in a MongoDB URI, keeping hosts and options (also multi-host and +srv URIs). */
export function withDatabase(uri: string, dbName: string): string {
  const q = uri.indexOf('?');
  const base = q === -1 ? uri : uri.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : uri.slice(q + 1));
  const hostsEnd = base.indexOf('/', base.indexOf('://') + 3);
  const hosts = hostsEnd === -1 ? base : base.slice(0, hostsEnd);
  const oldDb = hostsEnd === -1 ? '' : base.slice(hostsEnd + 1);
  // With credentials, the URI's database is also where the user is authenticated; keep that.
  if (hosts.includes('@') && !params.has('authSource')) params.set('authSource', oldDb || 'admin');
  const query = params.toString();
  return `${hosts}/${dbName}${query ? `?${query}` : ''}`;
}

/**
 * A database name unique to this run and this test file: test files run in parallel against one
 * server and must not see each other's documents. The suffix defaults to the test file's name.
 */
export function testDbName(suffix?: string): string {
  const prefix = requireEnv('QUJAT_TEST_DB_PREFIX');
  const raw = suffix ?? path.basename(expect.getState().testPath ?? 'test').replace(/\.test\.ts$/, '');
  const clean = raw.toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
  return `${prefix}_${clean}`.slice(0, 63);
}

export function testMongoUri(suffix?: string): string {
  return withDatabase(requireEnv('MONGODB_URI'), testDbName(suffix));
}

export function testNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE || 'default';
}

export function testTemporalAddress(): string {
  return requireEnv('TEMPORAL_ADDRESS');
}

/** A client Connection to the run's Temporal dev server; close it in afterAll. */
export function testTemporal(): Promise<Connection> {
  return Connection.connect({ address: testTemporalAddress() });
}

/** The time-skipping test server, from the binary the setup step installed (never downloaded). */
export function timeSkippingServerPath(): string {
  return process.env.QUJAT_TEMPORAL_TEST_SERVER || temporalTestServerPath();
}

/** TestWorkflowEnvironment.createTimeSkipping on the installed test server binary. */
export function createTimeSkippingEnv(
  opts: Omit<TimeSkippingTestWorkflowEnvironmentOptions, 'server'> & { server?: { port?: number; extraArgs?: string[] } } = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    ...opts,
    server: { ...opts.server, executable: { type: 'existing-path', path: timeSkippingServerPath() } },
  });
}
