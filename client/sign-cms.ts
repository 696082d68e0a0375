/**
 * The CLI signer: produces the CMS a client would send (SHA-256 — or for a GOST key its own hash, GOST 34.311-95
 * or Streebog — with signed attributes contentType, signingTime and messageDigest), detached or attached, DER or PEM.
 *
 *   tsx client/sign-cms.ts --key k.pem --cert c.pem [--chain chain.pem ...] --in file [--detached] [--pem] --out out.p7s
 *
 * `signCms` is the same as a function, for tests and seeds.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSignedData } from '../signing/cms/build-signed-data';
import { loadSigningKey } from '../signing/crypto/signing-scheme';
import { derToPem, pemToDerList } from '../signing/pem';

export interface SignCmsOptions {
  content: Uint8Array;
  /** PKCS#8 / traditional PEM private key (RSA, EC P-256/P-384, or a dev-CA GOST key). */
  keyPem: string;
  /** Passphrase of an encrypted key PEM. */
  keyPassphrase?: string;
  certPem: string;
  /** Intermediate certificates to include (each string may hold several PEM blocks). */
  chainPems?: string[];
  /** Default true: the EDMS stores the document itself and receives only the signature. */
  detached?: boolean;
  pem?: boolean;
  /** Default now; `null` omits the attribute. */
  signingTime?: Date | null;
  /** RSA-PSS instead of PKCS#1 v1.5. */
  pss?: boolean;
  /** Adds an RFC 3161 timestamp token over the signature (e.g. the dev TSA). */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array> | Uint8Array;
}

export async function signCms(options: SignCmsOptions & { pem: true }): Promise<string>;
export async function signCms(options: SignCmsOptions & { pem?: false }): Promise<Uint8Array>;
export async function signCms(options: SignCmsOptions): Promise<Uint8Array | string>;
export async function signCms(options: SignCmsOptions): Promise<Uint8Array | string> {
  const [certificateDer] = pemToDerList(options.certPem, ['CERTIFICATE']);
  if (!certificateDer) throw new Error('certPem holds no CERTIFICATE');
  const der = await buildSignedData({
    content: options.content,
    detached: options.detached ?? true,
    signers: [
      {
        key: loadSigningKey(options.keyPem, options.keyPassphrase),
        certificateDer,
        chainDers: (options.chainPems ?? []).flatMap((pem) => pemToDerList(pem, ['CERTIFICATE'])),
        signingTime: options.signingTime,
        pss: options.pss,
        timestamp: options.timestamp,
      },
    ],
  });
  return options.pem ? derToPem(der, 'CMS') : der;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: 'string' },
      cert: { type: 'string' },
      chain: { type: 'string', multiple: true },
      in: { type: 'string' },
      out: { type: 'string' },
      detached: { type: 'boolean', default: false },
      pem: { type: 'boolean', default: false },
      pss: { type: 'boolean', default: false },
      passphrase: { type: 'string' },
    },
  });
  if (!values.key || !values.cert || !values.in || !values.out) {
    throw new Error('usage: tsx client/sign-cms.ts --key k.pem --cert c.pem [--chain chain.pem ...] --in file [--detached] [--pem] [--pss] --out out');
  }
  const result = await signCms({
    content: fs.readFileSync(values.in),
    keyPem: fs.readFileSync(values.key, 'utf8'),
    keyPassphrase: values.passphrase,
    certPem: fs.readFileSync(values.cert, 'utf8'),
    chainPems: (values.chain ?? []).map((file) => fs.readFileSync(file, 'utf8')),
    detached: values.detached,
    pem: values.pem,
    pss: values.pss,
  });
  fs.writeFileSync(values.out, result);
  console.log(`wrote ${values.out} (${values.detached ? 'detached' : 'attached'}, ${values.pem ? 'PEM' : 'DER'})`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
