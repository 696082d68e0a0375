/**
 * CMS verifications per second over a 256 KiB document, RSA-2048 and ECDSA P-256, through `verifyCms` (parse,
 * integrity, signature, chain, CRL revocation and policy, with the certificate/chain/CRL caches warm as in a
 * running server), beside Node's own `crypto.verify` over the same content with the same key in the same run.
 *
 *   tsx bench/signatures.ts             (BENCH_QUICK=1: a shorter run, well under a minute)
 *
 * Both sides are measured in short alternating slices and each figure is the median slice rate, so CPU frequency
 * drift and other processes' bursts (a shared CI box) hit both sides alike and single slices cannot skew it.
 * GOST: `cms-verify-gost2015` (34.10-2015, 512-bit key, Streebog-512) and `cms-verify-gost2004` (34.310-2004,
 * 34.311-95) through the same verifyCms, with the RSA-2048 verifyCms of the same run as baseline.
 * `cms-sign-p256`: CMS signatures per second through `buildSignedData` (what the server does for its receipts and
 * notices: the key held, signer certificate and intermediate attached, signed attributes) with ECDSA P-256, beside
 * Node's `crypto.sign` over the same content with the same key.
 * The last five lines are the figures: BENCH cms-verify-rsa2048, cms-verify-p256, cms-verify-gost2015,
 * cms-verify-gost2004, cms-sign-p256.
 */
import crypto from 'node:crypto';
import { signCms } from '../client/sign-cms';
import { buildSignedData } from '../signing/cms/build-signed-data';
import { pemToDerList } from '../signing/pem';
import { createCrl, createTestCa, issueEndEntity } from '../client/dev-ca';
import type { KeyType } from '../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, iinControlDigit, verifyCms } from '../signing';
import { formatBenchLine } from './lib/bench-line';

const QUICK = process.env.BENCH_QUICK === '1';
// Many short slices: a burst from another process spoils a few slices, which the median then ignores.
const SLICES = QUICK ? 300 : 600;
const SLICE_MS = QUICK ? 25 : 50;
const DOCUMENT_BYTES = 256 * 1024;
const GOST_SLICES = QUICK ? 20 : 60;
const GOST_SLICE_MS = 250;

interface Figure {
  figure: string;
  value: number;
  baseline: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs `fn` repeatedly for `ms`; returns [iterations, elapsed ms]. */
async function slice(ms: number, fn: () => Promise<void> | void): Promise<[number, number]> {
  let n = 0;
  const started = performance.now();
  let now = started;
  while (now - started < ms) {
    await fn();
    n += 1;
    now = performance.now();
  }
  return [n, now - started];
}

interface Subject {
  /** One full verifyCms of the benchmark CMS (throws if it is not valid). */
  verifyOnce: () => Promise<void>;
  coldMs: number;
  /** Node's bare crypto.verify over the same content with the same key (RSA/EC only). */
  nodeBaseline?: () => void;
}

/** A test CA of the key type and the signer the benchmark's CMS come from. */
function benchSigner(keyType: KeyType) {
  const ca = createTestCa({ keyType, name: 'Bench' });
  const signer = issueEndEntity(ca, { fullName: 'Бенчмарков Тест', iin: `75031230012${iinControlDigit('75031230012')}` }, { purpose: 'sign' });
  return { ca, signer };
}

async function setup(keyType: KeyType, content: Uint8Array): Promise<Subject> {
  const { ca, signer } = benchSigner(keyType);
  const cms = await signCms({ content, keyPem: signer.keyPem, certPem: signer.certPem, chainPems: [ca.intermediate.certPem] });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const receivedAt = new Date();

  const coldStart = performance.now();
  const first = await verifyCms({ cms, content, receivedAt }, context);
  const coldMs = performance.now() - coldStart;
  if (!first.valid) throw new Error(`benchmark CMS does not verify: ${first.reason}`);
  const verifyOnce = async () => {
    const report = await verifyCms({ cms, content, receivedAt }, context);
    if (!report.valid) throw new Error(`verification failed mid-run: ${report.reason}`);
  };
  if (keyType !== 'rsa' && keyType !== 'ec') return { verifyOnce, coldMs };
  const privateKey = signer.privateKey as crypto.KeyObject;
  const publicKey = crypto.createPublicKey(privateKey);
  const signature = crypto.sign('sha256', content, privateKey);
  const nodeBaseline = () => {
    if (!crypto.verify('sha256', content, publicKey, signature)) throw new Error('baseline verification failed');
  };
  return { verifyOnce, coldMs, nodeBaseline };
}

/** Alternating slices of `value` and `baseline`; each figure is the median slice rate. */
async function alternate(value: () => Promise<void> | void, baseline: () => Promise<void> | void, slices: number, sliceMs: number) {
  // Warm-up: JIT, caches.
  await slice(300, value);
  await slice(300, baseline);
  const valueRates: number[] = [];
  const baselineRates: number[] = [];
  let runs = 0;
  for (let i = 0; i < slices; i += 1) {
    const [n1, t1] = await slice(sliceMs, value);
    const [n2, t2] = await slice(sliceMs, baseline);
    valueRates.push((n1 / t1) * 1000);
    baselineRates.push((n2 / t2) * 1000);
    runs += n1 + n2;
  }
  return { value: median(valueRates), baseline: median(baselineRates), runs };
}

async function measure(keyType: 'rsa' | 'ec', figure: string, content: Uint8Array): Promise<Figure> {
  const subject = await setup(keyType, content);
  const { value, baseline, runs } = await alternate(subject.verifyOnce, subject.nodeBaseline!, SLICES, SLICE_MS);
  console.log(`${figure}: first (cold) verification ${subject.coldMs.toFixed(1)} ms; warm ${(1000 / value).toFixed(3)} ms/CMS vs crypto.verify ${(1000 / baseline).toFixed(3)} ms (median of ${SLICES} slices each, ${runs} runs)`);
  return { figure, value, baseline };
}

/**
 * GOST CMS verification (34.311-95 or Streebog over the whole document in JavaScript, then the curve check) against
 * the RSA-2048 verifyCms of the same run: the ratio is what a GOST signature costs relative to an RSA one. A GOST
 * verification takes tens of milliseconds, so the slices are longer and fewer.
 */
async function measureGost(keyType: 'gost2004' | 'gost2015', figure: string, content: Uint8Array, rsa: Subject): Promise<Figure> {
  const subject = await setup(keyType, content);
  const { value, baseline, runs } = await alternate(subject.verifyOnce, rsa.verifyOnce, GOST_SLICES, GOST_SLICE_MS);
  console.log(`${figure}: first (cold) verification ${subject.coldMs.toFixed(1)} ms; warm ${(1000 / value).toFixed(2)} ms/CMS vs RSA-2048 verifyCms ${(1000 / baseline).toFixed(3)} ms (median of ${GOST_SLICES} slices each, ${runs} runs)`);
  return { figure, value, baseline };
}

/** Building a signed CMS against signing alone with Node's crypto: what the CMS structure costs on top. */
async function measureSigning(figure: string, content: Uint8Array): Promise<Figure> {
  const { ca, signer } = benchSigner('ec');
  const [intermediateDer] = pemToDerList(ca.intermediate.certPem, ['CERTIFICATE']);
  const privateKey = signer.privateKey as crypto.KeyObject;
  const signOnce = async () => {
    await buildSignedData({ content, detached: true, signers: [{ key: privateKey, certificateDer: signer.certDer, chainDers: [intermediateDer] }] });
  };
  const nodeBaseline = () => void crypto.sign('sha256', content, privateKey);
  const { value, baseline, runs } = await alternate(signOnce, nodeBaseline, SLICES, SLICE_MS);
  console.log(`${figure}: ${(1000 / value).toFixed(3)} ms/CMS vs crypto.sign ${(1000 / baseline).toFixed(3)} ms (median of ${SLICES} slices each, ${runs} runs)`);
  return { figure, value, baseline };
}

async function main(): Promise<void> {
  console.log(`document ${DOCUMENT_BYTES} bytes, ${SLICES} × ${SLICE_MS} ms slices per side${QUICK ? ' (quick)' : ''}`);
  const content = crypto.randomBytes(DOCUMENT_BYTES);
  const figures = [await measure('rsa', 'cms-verify-rsa2048', content), await measure('ec', 'cms-verify-p256', content)];
  const rsa = await setup('rsa', content);
  figures.push(await measureGost('gost2015', 'cms-verify-gost2015', content, rsa), await measureGost('gost2004', 'cms-verify-gost2004', content, rsa));
  const signing = await measureSigning('cms-sign-p256', content);
  for (const { figure, value, baseline } of figures) console.log(formatBenchLine(figure, value, baseline, 'verifications/s'));
  console.log(formatBenchLine(signing.figure, signing.value, signing.baseline, 'signatures/s'));
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
