/**
 * The servers of the jest global setup answer for real, and the time-skipping test server starts from
 * the binary in .tools/ (not from a download) and skips a month-long timer.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { createTimeSkippingEnv, testMongoUri, testNamespace, testTemporal } from '../support/env';
import { sleepyWorkflow } from '../support/workflows/sleepy-workflow';

describe('Temporal dev server of the run', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await testTemporal();
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('answers getSystemInfo and knows the namespace', async () => {
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    const ns = await connection.workflowService.describeNamespace({ namespace: testNamespace() });
    expect(ns.namespaceInfo?.name).toBe(testNamespace());
  });
});

describe('MongoDB (FerretDB) of the run', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri());
  });
  afterAll(async () => {
    await client?.db().dropDatabase();
    await client?.close();
  });

  it('answers ping', async () => {
    await expect(client.db().command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
  });

  it('round-trips an insert and findOneAndUpdate with $inc', async () => {
    // Sequential on purpose: FerretDB v1 on SQLite loses concurrent $inc updates (read-modify-write
    // without a lock), which is why journal numbering claims numbers through a unique index instead.
    const counters = client.db().collection<{ _id: string; value: number }>('counters');
    await counters.insertOne({ _id: 'journal-1', value: 0 });
    const first = await counters.findOneAndUpdate({ _id: 'journal-1' }, { $inc: { value: 1 } }, { returnDocument: 'after' });
    const second = await counters.findOneAndUpdate({ _id: 'journal-1' }, { $inc: { value: 2 } }, { returnDocument: 'after' });
    expect([first?.value, second?.value]).toEqual([1, 3]);
    await expect(counters.findOne({ _id: 'journal-1' })).resolves.toEqual({ _id: 'journal-1', value: 3 });
  });

  it('gives each test file its own database', () => {
    expect(testMongoUri()).toMatch(new RegExp(`/${process.env.QUJAT_TEST_DB_PREFIX}_servers(\\?|$)`));
  });
});

describe('time-skipping test environment', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('sleeps 30 days of workflow time in a few seconds of wall time', async () => {
    const taskQueue = `sleepy-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../support/workflows/sleepy-workflow'),
    });
    const before = await env.currentTimeMs();
    const wallStart = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute(sleepyWorkflow, { taskQueue, workflowId: `sleepy-${randomUUID()}`, args: [{ days: 30 }] }),
    );
    expect(result).toEqual({ slept: '30 days' });
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    expect(Date.now() - wallStart).toBeLessThan(30_000);
  });
});
