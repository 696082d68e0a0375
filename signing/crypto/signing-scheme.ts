/**
 * The signing side of algorithms.ts, for the dev CA and the CLI signer: a private key → the AlgorithmIdentifier
 * to write and a function that signs with Node crypto (pkijs's own `sign` needs WebCrypto CryptoKeys), or with
 * the GOST code for GOST keys.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, HashName, hashOidFor, NodeHashName } from './algorithms';
import { gostSign } from './gost/gost-ecc';
import { GostPrivateKey, gostPrivateKeyFromPem, gostSpkiDer } from './gost/gost-keys';
import { OID } from '../oids';

export interface SigningScheme {
  algorithm: pkijs.AlgorithmIdentifier;
  hash: HashName;
  sign(data: Uint8Array): Uint8Array;
}

/** A dev-CA / test private key: a Node key (RSA, EC) or a GOST key. */
export type SigningKey = crypto.KeyObject | GostPrivateKey;

export const isGostKey = (key: SigningKey): key is GostPrivateKey => !(key instanceof crypto.KeyObject) && key.kind === 'gost';

/** The SubjectPublicKeyInfo DER of a signing key's public half. */
export function spkiDerOf(key: SigningKey): Uint8Array {
  if (isGostKey(key)) return gostSpkiDer(key);
  const publicKey = key.type === 'private' ? crypto.createPublicKey(key) : key;
  return new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
}

/** Reads a PEM private key of any kind this project writes (PKCS#8 RSA/EC, or GOST). */
export function loadSigningKey(pem: string, passphrase?: string): SigningKey {
  if (!passphrase) {
    try {
      const gost = gostPrivateKeyFromPem(pem);
      if (gost) return gost;
    } catch {
      // not a GOST key: Node reads it below
    }
  }
  return crypto.createPrivateKey({ key: pem, passphrase });
}

export function signingSchemeFor(key: SigningKey, options: { pss?: boolean; hash?: HashName } = {}): SigningScheme {
  if (isGostKey(key)) {
    const { profile } = key;
    return {
      // NCA writes the GOST signature OIDs with NULL parameters.
      algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: profile.signatureOid, algorithmParams: new asn1js.Null() }),
      hash: profile.hash,
      sign: (data) => gostSign(key.publicKey.curve, key.d, digest(profile.hash, data)),
    };
  }
  if (options.hash && !['sha1', 'sha256', 'sha384', 'sha512'].includes(options.hash)) throw new Error(`${options.hash} needs a GOST key`);
  return nodeSigningScheme(key, options as { pss?: boolean; hash?: NodeHashName });
}

function nodeSigningScheme(key: crypto.KeyObject, options: { pss?: boolean; hash?: NodeHashName }): SigningScheme {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const hash: NodeHashName = options.hash ?? (curve === 'secp384r1' ? 'sha384' : 'sha256');
    const oid = { sha256: OID.ecdsaWithSha256, sha384: OID.ecdsaWithSha384, sha512: OID.ecdsaWithSha512, sha1: '' }[hash];
    return {
      algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid }),
      hash,
      sign: (data) => crypto.sign(hash, data, { key, dsaEncoding: 'der' }),
    };
  }
  if (type !== 'rsa') throw new Error(`unsupported key type ${type}`);
  const hash: NodeHashName = options.hash ?? 'sha256';
  if (options.pss) {
    const saltLength = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[hash];
    const hashAlg = new pkijs.AlgorithmIdentifier({ algorithmId: hashOidFor(hash), algorithmParams: new asn1js.Null() });
    const params = new pkijs.RSASSAPSSParams({
      hashAlgorithm: hashAlg,
      maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: hashAlg.toSchema() }),
      saltLength,
    });
    return {
      algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaPss, algorithmParams: params.toSchema() }),
      hash,
      sign: (data) => crypto.sign(hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength }),
    };
  }
  const oid = { sha256: OID.sha256WithRsa, sha384: OID.sha384WithRsa, sha512: OID.sha512WithRsa, sha1: '1.2.840.113549.1.1.5' }[hash];
  return {
    algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() }),
    hash,
    sign: (data) => crypto.sign(hash, data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }),
  };
}
