/**
 * Development CA for demos and tests: RSA, ECDSA P-256, GOST 34.310-2004 and GOST 34.10-2015 (512-bit) hierarchies (root → issuing CA, plus an OCSP responder
 * and a TSA), NCA-shaped signing and authentication certificates for each employee, PKCS#12 bundles (not for GOST keys), CRLs.
 *
 *   tsx client/dev-ca.ts --out .data/dev-ca [--employees staff.json]
 *
 * Idempotent: existing CA material and employee credentials are loaded and kept; only what is missing is issued,
 * and the CRLs are rewritten when stale. PKCS#12 password: `qujat-demo` (see docs/signatures.md).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCertificate } from '../signing/certs/parsed-certificate';
import { loadSigningKey } from '../signing/crypto/signing-scheme';
import type { Credential } from '../signing/dev-ca/certificate-builder';
import { createCrl } from '../signing/dev-ca/crl-builder';
import { createTestCa, issueEndEntity, KeyType, TestCa } from '../signing/dev-ca/test-ca';
import { buildCrlIndex } from '../signing/revocation/crl-index';
import { iinControlDigit } from '../signing/policy/iin';
import { derToPem } from '../signing/pem';
import type { SignerRole } from '../signing/types';

export { createTestCa, issueEndEntity, revoke } from '../signing/dev-ca/test-ca';
export type { TestCa, PersonSpec, KeyType } from '../signing/dev-ca/test-ca';
export { createCrl } from '../signing/dev-ca/crl-builder';
export { createTestOcspResponder } from '../signing/dev-ca/ocsp-responder';
export type { TestOcspResponderOptions } from '../signing/dev-ca/ocsp-responder';
export { createTestTsa } from '../signing/dev-ca/timestamp-authority';
export type { Credential } from '../signing/dev-ca/certificate-builder';
/** Raw signing with any dev key (RSA, EC or GOST), e.g. for a test double of a signing client: signingSchemeFor(loadSigningKey(pem)).sign(data). */
export { loadSigningKey, signingSchemeFor, isGostKey } from '../signing/crypto/signing-scheme';
export type { SigningKey } from '../signing/crypto/signing-scheme';
export { generateGostKey, gostPrivateKeyPem } from '../signing/crypto/gost/gost-keys';

export const DEV_CA_PASSWORD = 'qujat-demo';

export interface DemoEmployee {
  id: string;
  /** "Surname Name Patronymic". */
  fullName: string;
  iin: string;
  /** Organisation employees get OU=BIN… and O=…; without it the certificates are personal. */
  bin?: string;
  organisation?: string;
  roles?: SignerRole[];
}

export interface CreateDevCaOptions {
  outDir: string;
  employees: DemoEmployee[];
  /** PKCS#12 password. Default `qujat-demo`. */
  password?: string;
}

export type CredentialName = `${'sign' | 'auth'}-${KeyType}`;

export interface CredentialFiles {
  keyPem: string;
  certPem: string;
  /** Absent when the openssl CLI is not available. */
  p12?: string;
  serialNumber: string;
}

export interface DevCaManifest {
  version: 1;
  password: string;
  trustedRoots: string;
  intermediates: string;
  cas: Record<KeyType, { root: string; intermediate: string; ocspResponder: string; tsa: string; crlDer: string; crlPem: string }>;
  employees: Array<DemoEmployee & { credentials: Record<CredentialName, CredentialFiles> }>;
}

export interface DevCa {
  outDir: string;
  manifest: DevCaManifest;
  /** The loaded hierarchies (with keys), e.g. for createTestOcspResponder(devCa.cas.rsa). */
  cas: Record<KeyType, TestCa>;
  trustedRootsPem: string;
  intermediatesPem: string;
  crls: Record<KeyType, Uint8Array>;
}

// GOST hierarchies too: most real NCA keys are GOST, and the verifier checks them natively.
const KEY_TYPES: KeyType[] = ['rsa', 'ec', 'gost2004', 'gost2015'];
const isGostType = (keyType: KeyType) => keyType === 'gost2004' || keyType === 'gost2015';
const CA_PARTS = ['root', 'intermediate', 'ocspResponder', 'tsa'] as const;

/** Appends the control digit; the 11-digit prefixes below are chosen so that one exists. */
function withControlDigit(first11: string): string {
  const digit = iinControlDigit(first11);
  if (digit === undefined) throw new Error(`${first11} has no valid control digit`);
  return `${first11}${digit}`;
}

export const DEMO_BIN = withControlDigit('12034000567');

export const DEMO_EMPLOYEES: DemoEmployee[] = [
  { id: 'director', fullName: 'Ахметов Данияр Серикович', iin: withControlDigit('75031230012'), bin: DEMO_BIN, roles: ['first-head'] },
  { id: 'deputy', fullName: 'Сапарова Айгерим Нурлановна', iin: withControlDigit('82071540023'), bin: DEMO_BIN, roles: ['right-to-sign'] },
  { id: 'clerk', fullName: 'Ким Елена Викторовна', iin: withControlDigit('90110240034'), bin: DEMO_BIN, roles: ['employee'] },
  { id: 'citizen', fullName: 'Нурланов Ержан Болатович', iin: withControlDigit('88042130045') },
];

export async function createDevCa(options: CreateDevCaOptions): Promise<DevCa> {
  const outDir = path.resolve(options.outDir);
  const password = options.password ?? DEV_CA_PASSWORD;
  const rel = (file: string) => path.relative(outDir, file);
  fs.mkdirSync(outDir, { recursive: true });

  const cas = {} as Record<KeyType, TestCa>;
  const crls = {} as Record<KeyType, Uint8Array>;
  const caFiles = {} as DevCaManifest['cas'];
  for (const keyType of KEY_TYPES) {
    const dir = path.join(outDir, 'ca', keyType);
    cas[keyType] = loadCa(dir, keyType) ?? saveCa(dir, createTestCa({ keyType }));
    const crlDer = path.join(dir, 'crl.der');
    crls[keyType] = freshCrl(crlDer) ?? writeCrl(cas[keyType], crlDer);
    caFiles[keyType] = {
      ...(Object.fromEntries(CA_PARTS.map((part) => [part, rel(path.join(dir, `${part}.cert.pem`))])) as Record<(typeof CA_PARTS)[number], string>),
      crlDer: rel(crlDer),
      crlPem: rel(path.join(dir, 'crl.pem')),
    };
  }
  const trustedRootsPem = KEY_TYPES.map((k) => cas[k].root.certPem).join('');
  const intermediatesPem = KEY_TYPES.map((k) => cas[k].intermediate.certPem).join('');
  fs.writeFileSync(path.join(outDir, 'trusted-roots.pem'), trustedRootsPem);
  fs.writeFileSync(path.join(outDir, 'intermediates.pem'), intermediatesPem);

  const employees: DevCaManifest['employees'] = [];
  for (const employee of options.employees) {
    if (!/^[A-Za-z0-9_-]+$/.test(employee.id)) throw new Error(`employee id "${employee.id}" must be a safe file name`);
    const dir = path.join(outDir, 'employees', employee.id);
    fs.mkdirSync(dir, { recursive: true });
    const credentials = {} as Record<CredentialName, CredentialFiles>;
    for (const keyType of KEY_TYPES) {
      for (const purpose of ['sign', 'auth'] as const) {
        const name: CredentialName = `${purpose}-${keyType}`;
        const keyFile = path.join(dir, `${name}.key.pem`);
        const certFile = path.join(dir, `${name}.cert.pem`);
        const p12File = path.join(dir, `${name}.p12`);
        if (!credentialMatches(certFile, keyFile, employee)) {
          const issued = issueEndEntity(cas[keyType], employee, { purpose });
          fs.writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
          fs.writeFileSync(certFile, issued.certPem);
          fs.rmSync(p12File, { force: true });
        }
        // OpenSSL cannot write GOST keys into PKCS#12: GOST credentials are PEM only.
        const p12 = !isGostType(keyType) && (fs.existsSync(p12File) || writePkcs12(keyFile, certFile, cas[keyType], p12File, `${employee.id}-${name}`, password));
        credentials[name] = {
          keyPem: rel(keyFile),
          certPem: rel(certFile),
          ...(p12 ? { p12: rel(p12File) } : {}),
          serialNumber: parseCertificate(pemDer(fs.readFileSync(certFile, 'utf8'))).serialHex,
        };
      }
    }
    employees.push({ ...employee, credentials });
  }

  const manifest: DevCaManifest = {
    version: 1,
    password,
    trustedRoots: 'trusted-roots.pem',
    intermediates: 'intermediates.pem',
    cas: caFiles,
    employees,
  };
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, manifest, cas, trustedRootsPem, intermediatesPem, crls };
}

function pemDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'));
}

function saveCa(dir: string, ca: TestCa): TestCa {
  fs.mkdirSync(dir, { recursive: true });
  for (const part of CA_PARTS) {
    fs.writeFileSync(path.join(dir, `${part}.key.pem`), ca[part].keyPem, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, `${part}.cert.pem`), ca[part].certPem);
  }
  fs.writeFileSync(path.join(dir, 'urls.json'), JSON.stringify({ ocspUrl: ca.ocspUrl, crlUrl: ca.crlUrl }));
  return ca;
}

function loadCa(dir: string, keyType: KeyType): TestCa | undefined {
  const files = CA_PARTS.flatMap((part) => [path.join(dir, `${part}.key.pem`), path.join(dir, `${part}.cert.pem`)]);
  if (!files.every((f) => fs.existsSync(f))) return undefined;
  const load = (part: (typeof CA_PARTS)[number]): Credential => {
    const keyPem = fs.readFileSync(path.join(dir, `${part}.key.pem`), 'utf8');
    const certPem = fs.readFileSync(path.join(dir, `${part}.cert.pem`), 'utf8');
    const parsed = parseCertificate(pemDer(certPem));
    return {
      privateKey: loadSigningKey(keyPem),
      keyPem,
      certDer: parsed.der,
      certPem,
      serialHex: parsed.serialHex,
      subject: parsed.subjectAttributes,
    };
  };
  const urls = JSON.parse(fs.readFileSync(path.join(dir, 'urls.json'), 'utf8')) as { ocspUrl: string; crlUrl: string };
  const root = load('root');
  return {
    keyType,
    name: root.subject.find((a) => a.oid === '2.5.4.3')?.value.replace(/ Root CA.*$/, '') ?? 'Qujat Dev',
    root,
    intermediate: load('intermediate'),
    ocspResponder: load('ocspResponder'),
    tsa: load('tsa'),
    revoked: new Map(),
    ...urls,
  };
}

/** The existing CRL if it is valid for at least another day. */
function freshCrl(file: string): Uint8Array | undefined {
  if (!fs.existsSync(file)) return undefined;
  const der = new Uint8Array(fs.readFileSync(file));
  const nextUpdate = buildCrlIndex(der).nextUpdate;
  return nextUpdate && nextUpdate.getTime() > Date.now() + 24 * 60 * 60_000 ? der : undefined;
}

function writeCrl(ca: TestCa, file: string): Uint8Array {
  const der = createCrl(ca);
  fs.writeFileSync(file, der);
  fs.writeFileSync(file.replace(/\.der$/, '.pem'), derToPem(der, 'X509 CRL'));
  return der;
}

/** An existing credential is kept when its certificate names this employee and its key is present. */
function credentialMatches(certFile: string, keyFile: string, employee: DemoEmployee): boolean {
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) return false;
  const cert = parseCertificate(pemDer(fs.readFileSync(certFile, 'utf8')));
  const serial = cert.subjectAttributes.find((a) => a.oid === '2.5.4.5')?.value;
  const ou = cert.subjectAttributes.find((a) => a.oid === '2.5.4.11')?.value;
  return serial === `IIN${employee.iin}` && ou === (employee.bin ? `BIN${employee.bin}` : undefined) && cert.notAfter.getTime() > Date.now();
}

/** PKCS#12 with AES-256/PBKDF2 (OpenSSL 3 defaults, spelled out). Returns false when openssl is missing. */
function writePkcs12(keyFile: string, certFile: string, ca: TestCa, out: string, name: string, password: string): boolean {
  const chainFile = `${out}.chain.pem`;
  fs.writeFileSync(chainFile, ca.intermediate.certPem + ca.root.certPem);
  try {
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-certfile', chainFile, '-name', name, '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256', '-passout', `pass:${password}`, '-out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  } finally {
    fs.rmSync(chainFile, { force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string', default: '.data/dev-ca' }, employees: { type: 'string' } } });
  const employees = values.employees ? (JSON.parse(fs.readFileSync(values.employees, 'utf8')) as DemoEmployee[]) : DEMO_EMPLOYEES;
  const devCa = await createDevCa({ outDir: values.out!, employees });
  console.log(`dev CA in ${devCa.outDir}: ${employees.length} employees, PKCS#12 password "${devCa.manifest.password}"`);
  console.log(`trusted roots: ${path.join(devCa.outDir, devCa.manifest.trustedRoots)}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
