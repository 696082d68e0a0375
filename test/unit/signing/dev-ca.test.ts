import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDevCa, DEV_CA_PASSWORD } from '../../../client/dev-ca';
import type { DemoEmployee } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import { createCrlRevocationSource, createVerificationContext, verifyCms } from '../../../signing';
import { ASSIGNEE, BIN, DOCUMENT, OUTSIDER } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');
let outDir: string;
const staff: DemoEmployee[] = [
  { id: 'director', fullName: ASSIGNEE.fullName, iin: ASSIGNEE.iin, bin: BIN, roles: ['first-head'] },
  { id: 'citizen', fullName: OUTSIDER.fullName, iin: OUTSIDER.iin },
];

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-dev-ca-'));
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

it('writes CA material, employee credentials and PKCS#12 files, and is idempotent', async () => {
  const first = await createDevCa({ outDir, employees: staff });
  const director = first.manifest.employees.find((e) => e.id === 'director')!;
  expect(Object.keys(director.credentials).sort()).toEqual([
    'auth-ec', 'auth-gost2004', 'auth-gost2015', 'auth-rsa', 'sign-ec', 'sign-gost2004', 'sign-gost2015', 'sign-rsa',
  ]);
  // OpenSSL cannot put GOST keys into PKCS#12: those credentials are PEM files only.
  expect(director.credentials['sign-gost2015'].p12).toBeUndefined();
  const p12 = path.join(outDir, director.credentials['sign-rsa'].p12!);
  const subject = execFileSync('openssl', ['pkcs12', '-in', p12, '-passin', `pass:${DEV_CA_PASSWORD}`, '-nokeys', '-clcerts'], { encoding: 'utf8' });
  expect(subject).toContain(`IIN${ASSIGNEE.iin}`);
  expect(() => execFileSync('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:wrong', '-nokeys'], { stdio: 'ignore' })).toThrow();

  const certFile = path.join(outDir, director.credentials['sign-ec'].certPem);
  const before = fs.readFileSync(certFile, 'utf8');
  const rootBefore = fs.readFileSync(path.join(outDir, 'trusted-roots.pem'), 'utf8');
  const second = await createDevCa({ outDir, employees: [...staff, { id: 'clerk', fullName: 'Ким Елена Викторовна', iin: '900110240031' }] });
  expect(fs.readFileSync(certFile, 'utf8')).toBe(before);
  expect(second.trustedRootsPem).toBe(rootBefore);
  expect(second.manifest.employees.map((e) => e.id)).toEqual(['director', 'citizen', 'clerk']);
});

it('issues certificates that verify, and the CLI signer produces what a client sends', async () => {
  const devCa = await createDevCa({ outDir, employees: staff });
  const context = createVerificationContext({
    trustedRootsPem: devCa.trustedRootsPem,
    intermediatesPem: devCa.intermediatesPem,
    revocationSources: [createCrlRevocationSource({ crls: [devCa.crls.rsa, devCa.crls.ec, devCa.crls.gost2004, devCa.crls.gost2015] })],
  });
  const director = devCa.manifest.employees.find((e) => e.id === 'director')!;
  const docFile = path.join(outDir, 'doc.txt');
  const outFile = path.join(outDir, 'doc.p7s');
  fs.writeFileSync(docFile, DOCUMENT);
  execFileSync(process.execPath, [
    require.resolve('tsx/cli'),
    path.join(ROOT, 'client/sign-cms.ts'),
    '--key', path.join(outDir, director.credentials['sign-ec'].keyPem),
    '--cert', path.join(outDir, director.credentials['sign-ec'].certPem),
    '--in', docFile, '--detached', '--pem', '--out', outFile,
  ], { cwd: ROOT, stdio: 'pipe' });
  const cms = fs.readFileSync(outFile, 'utf8');
  expect(cms.startsWith('-----BEGIN CMS-----')).toBe(true);
  const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [ASSIGNEE.iin], bin: BIN }, requiredRoles: ['first-head'] }, context);
  expect(report.signers[0].failures).toEqual([]);
  expect(report.valid).toBe(true);
});

it.each(['gost2004', 'gost2015'] as const)('%s credentials written to disk sign documents that verify against the written roots', async (keyType) => {
  const devCa = await createDevCa({ outDir, employees: staff });
  const context = createVerificationContext({
    trustedRootsPem: fs.readFileSync(path.join(outDir, devCa.manifest.trustedRoots), 'utf8'),
    intermediatesPem: devCa.intermediatesPem,
    revocationSources: [createCrlRevocationSource({ crls: [devCa.crls[keyType]] })],
  });
  const director = devCa.manifest.employees.find((e) => e.id === 'director')!;
  const files = director.credentials[`sign-${keyType}`];
  const cms = await signCms({
    content: DOCUMENT,
    keyPem: fs.readFileSync(path.join(outDir, files.keyPem), 'utf8'),
    certPem: fs.readFileSync(path.join(outDir, files.certPem), 'utf8'),
  });
  const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [ASSIGNEE.iin], bin: BIN } }, context);
  expect(report.signers[0].failures).toEqual([]);
  expect(report.signers[0].algorithm).toMatch(/^GOST/);
  expect(report.valid).toBe(true);
});
