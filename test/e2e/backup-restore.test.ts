/**
 * Backup and restore at a small size, with real servers: an installation on its own Temporal dev server
 * (SQLite file) and database holds documents, an attachment, a verified signature, the audit chain and routes
 * still running; a backup is taken with Temporal stopped; it is restored into a fresh database and a fresh
 * Temporal data folder; a new worker on the restored installation finds every document, file and signature,
 * answers the running routes' state, and carries a route on to its next step.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createBackup, restoreBackup } from '../../client/backup/backup-archive';
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity } from '../../client/dev-ca';
import { freePort } from '../../client/servers/free-port';
import { startTemporalDevServer, type RunningTemporalDevServer } from '../../client/servers/temporal-dev-server';
import { createCrlRevocationSource, createVerificationContext, verifyCms, iinControlDigit } from '../../signing';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { failuresOf } from '../../domain/signatures/signing-setup';
import { requiredEnv, startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(300_000);

const BOSS_IIN = `75031230012${iinControlDigit('75031230012')}`;
const ca = createTestCa({ keyType: 'ec' });
const bossKey = issueEndEntity(ca, { fullName: 'Ахметов Данияр', iin: BOSS_IIN, roles: ['first-head'] }, { purpose: 'sign' });
const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
  const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, context);
  return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
};

let tmp: string;
const servers: RunningTemporalDevServer[] = [];
const systems: TestSystem[] = [];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-backup-test-'));
});
afterAll(async () => {
  for (const s of systems) await s.stop().catch(() => undefined);
  for (const s of servers) await s.stop().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function temporalOn(dbFile: string): Promise<RunningTemporalDevServer> {
  const server = await startTemporalDevServer({ port: await freePort(), uiPort: await freePort(), dbFile, logFile: path.join(tmp, `temporal-${servers.length}.log`) });
  servers.push(server);
  return server;
}

it('a backup restored into a fresh installation has every document, file, signature and running route', async () => {
  const dbName = `qujat_backup_${randomUUID().slice(0, 8)}`;
  const taskQueue = `backup-${randomUUID()}`;
  const original = await temporalOn(path.join(tmp, 'a', 'temporal.db'));
  const sys = await startTestSystem({ verifyCms: verifier, dbName, temporalAddress: original.address, taskQueue });
  await sys.addPeople([{ id: 'author' }, { id: 'a1' }, { id: 'boss', iin: BOSS_IIN }, { id: 'reg', roles: ['employee', 'registrar'] }, { id: 'head' }]);
  const tokens: Record<string, string> = {};
  for (const id of ['author', 'a1', 'boss', 'reg', 'head']) tokens[id] = await sys.tokenFor(id);
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  // A draft with a file; a letter signed and waiting for registration; an incoming letter in execution.
  const draft = (await sys.http.post('/api/documents').set(auth('author')).send({ type: 'outgoing-letter', title: 'Жоба', participants: { approvers: ['a1'], signer: 'boss' } }).expect(201)).body.id as string;
  const fileBytes = Buffer.from('%PDF-1.4\n% backup test\n%%EOF\n');
  const file = await sys.http.post(`/api/documents/${draft}/attachments?filename=a.pdf`).set(auth('author')).set('Content-Type', 'application/octet-stream').send(fileBytes).expect(201);

  const letter = (await sys.http.post('/api/documents').set(auth('author')).send({ type: 'outgoing-letter', title: 'Хат', participants: { approvers: ['a1'], signer: 'boss' } }).expect(201)).body.id as string;
  await sys.http.post(`/api/documents/${letter}/actions/submit`).set(auth('author')).send({}).expect(200);
  await sys.http.post(`/api/documents/${letter}/actions/approve`).set(auth('a1')).send({}).expect(200);
  const content = await sys.http.get(`/api/documents/${letter}/content-to-sign`).set(auth('boss')).expect(200);
  const cms = await signCms({ content: new Uint8Array(Buffer.from(content.body.contentBase64, 'base64')), keyPem: bossKey.keyPem, certPem: bossKey.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: true });
  const signed = await sys.http.post(`/api/documents/${letter}/signatures`).set(auth('boss')).send({ cms }).expect(201);
  expect(signed.body.document.status).toBe('on-registration');

  const incoming = (await sys.http.post('/api/documents').set(auth('reg')).send({ type: 'incoming-paper', title: 'Кіріс', correspondent: 'ТОО «Бета»', participants: { executor: 'head' }, fields: { senderNumber: '9/9', senderDate: '2026-11-20' } }).expect(201)).body.id as string;
  await sys.http.post(`/api/documents/${incoming}/actions/submit`).set(auth('reg')).send({}).expect(200);
  await sys.http.post(`/api/documents/${incoming}/actions/register`).set(auth('reg')).send({}).expect(200);
  const before = await sys.models.Document.find({}, { _id: 1, status: 1, cardVersion: 1 }).sort({ _id: 1 }).lean();
  const auditBefore = await sys.models.AuditEvent.countDocuments({});

  // Backup with Temporal stopped (its SQLite file is then consistent).
  await sys.stopWorker();
  await original.stop();
  const reader = await MongoClient.connect(requiredEnv('MONGODB_URI'));
  const { archive, manifest } = await createBackup({ db: reader.db(dbName), temporalDbFile: path.join(tmp, 'a', 'temporal.db'), outDir: path.join(tmp, 'backups'), software: { name: 'qujat', version: 'test' } });
  expect(path.basename(archive)).toMatch(/^qujat-backup-\d{4}-\d\d-\d\dT[\d-]+Z\.tar\.gz$/);
  await reader.close();
  expect(manifest.temporal.included).toBe(true);
  expect(manifest.database.collections.documents).toBe(3);
  expect(manifest.database.collections['attachments.chunks']).toBeGreaterThan(0);

  // A fresh installation: another database, another Temporal data folder.
  const restoredDb = `qujat_restored_${randomUUID().slice(0, 8)}`;
  const client = await MongoClient.connect(requiredEnv('MONGODB_URI'));
  try {
    const restored = await restoreBackup({ archive, db: client.db(restoredDb), temporalDbFile: path.join(tmp, 'b', 'temporal.db') });
    expect(restored.temporalRestored).toBe(true);
    expect(restored.collections).toEqual(manifest.database.collections);
    // A second restore into the same (now full) installation is refused, not merged.
    await expect(restoreBackup({ archive, db: client.db(restoredDb), temporalDbFile: path.join(tmp, 'c', 'temporal.db') })).rejects.toThrow('is not empty');
  } finally {
    await client.close();
  }

  const fresh = await temporalOn(path.join(tmp, 'b', 'temporal.db'));
  const sys2 = await startTestSystem({ verifyCms: verifier, dbName: restoredDb, temporalAddress: fresh.address, taskQueue });
  systems.push(sys2);
  const tokens2: Record<string, string> = {};
  for (const id of ['author', 'reg', 'head']) tokens2[id] = await sys2.tokenFor(id);
  const auth2 = (who: string) => ({ Authorization: `Bearer ${tokens2[who]}` });

  expect(await sys2.models.Document.find({}, { _id: 1, status: 1, cardVersion: 1 }).sort({ _id: 1 }).lean()).toEqual(before);
  const download = await sys2.http.get(`/api/documents/${draft}/attachments/${file.body.id}`).set(auth2('author')).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  }).expect(200);
  expect(createHash('sha256').update(download.body as Buffer).digest('hex')).toBe(file.body.sha256);
  const signatures = await sys2.http.get(`/api/documents/${letter}/signatures`).set(auth2('author')).expect(200);
  expect(signatures.body).toEqual([expect.objectContaining({ status: 'valid', submittedBy: 'boss' })]);
  expect(await sys2.models.AuditEvent.countDocuments({})).toBeGreaterThanOrEqual(auditBefore);

  // The running routes are there: their live state answers, and they go on.
  const live = await sys2.http.get(`/api/documents/${incoming}`).set(auth2('head')).expect(200);
  expect(live.body.workflow).toMatchObject({ status: 'in-execution' });
  const registered = await sys2.http.post(`/api/documents/${letter}/actions/register`).set(auth2('reg')).send({}).expect(200);
  expect(registered.body.registration.number).toMatch(/\d/);
  await sys2.http.post(`/api/documents/${incoming}/actions/write-resolution`).set(auth2('head')).send({ text: 'Орындаңыз', responsibleExecutorId: 'head' }).expect(200);

  await sys.stop().catch(() => undefined);
});
