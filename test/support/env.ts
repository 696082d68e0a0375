import { TestWorkflowEnvironment } from '@temporalio/testing';

/** The time-skipping test server, from the binary the setup step installed (never downloaded). */
export function timeSkippingServerPath(): string {
  const path = process.env.QUJAT_TEMPORAL_TEST_SERVER;
  if (!path) throw new Error('QUJAT_TEMPORAL_TEST_SERVER is not set: run the tests with "npm test", which installs it.');
  return path;
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: timeSkippingServerPath() } } });
}
