/**
 * The worker's cache of route workflows is bounded by configuration, not by the heap limit (the SDK's default
 * grows with it: thousands of routes waiting for people, ≈ 120 KB each).
 */
import { ConfigError, DEFAULT_MAX_CACHED_WORKFLOWS, loadConfig } from '../../../config';

it('bounds the cached workflows by default and takes QUJAT_MAX_CACHED_WORKFLOWS', () => {
  expect(loadConfig({}, '/tmp').temporal.maxCachedWorkflows).toBe(DEFAULT_MAX_CACHED_WORKFLOWS);
  expect(DEFAULT_MAX_CACHED_WORKFLOWS).toBeLessThan(1000);
  expect(loadConfig({ QUJAT_MAX_CACHED_WORKFLOWS: '40' }, '/tmp').temporal.maxCachedWorkflows).toBe(40);
  expect(() => loadConfig({ QUJAT_MAX_CACHED_WORKFLOWS: '1' }, '/tmp')).toThrow(ConfigError);
  expect(() => loadConfig({ QUJAT_MAX_CACHED_WORKFLOWS: 'many' }, '/tmp')).toThrow(/QUJAT_MAX_CACHED_WORKFLOWS/);
});

it('leaves the workflow thread\'s stack capture off unless QUJAT_WORKFLOW_STACK_TRACES=1, and refuses other values', () => {
  expect(loadConfig({}, '/tmp').temporal.workflowStackTraces).toBe(false);
  expect(loadConfig({ QUJAT_WORKFLOW_STACK_TRACES: '1' }, '/tmp').temporal.workflowStackTraces).toBe(true);
  expect(loadConfig({ QUJAT_WORKFLOW_STACK_TRACES: '0' }, '/tmp').temporal.workflowStackTraces).toBe(false);
  expect(() => loadConfig({ QUJAT_WORKFLOW_STACK_TRACES: 'true' }, '/tmp')).toThrow(/QUJAT_WORKFLOW_STACK_TRACES.*must be 1 \(on\) or 0 \(off\)/);
});
