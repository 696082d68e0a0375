/**
 * The signing side of algorithms.ts, for the dev CA and the CLI signer: a private key → the AlgorithmIdentifier
 * to write and a function that signs with Node crypto (pkijs's own `sign` needs WebCrypto CryptoKeys).
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { HashName, hashOidFor } from './algorithms';
import { OID } from '../oids';

export interface SigningScheme {
  algorithm: pkijs.AlgorithmIdentifier;
  hash: HashName;
  sign(data: Uint8Array): Uint8Array;
}

export function signingSchemeFor(key: crypto.KeyObject, options: { pss?: boolean; hash?: HashName } = {}): SigningScheme {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const hash: HashName = options.hash ?? (curve === 'secp384r1' ? 'sha384' : 'sha256');
    const oid = { sha256: OID.ecdsaWithSha256, sha384: OID.ecdsaWithSha384, sha512: OID.ecdsaWithSha512, sha1: '' }[hash];
    return {
      algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid }),
      hash,
      sign: (data) => crypto.sign(hash, data, { key, dsaEncoding: 'der' }),
    };
  }
  if (type !== 'rsa') throw new Error(`unsupported key type ${type}`);
  const hash: HashName = options.hash ?? 'sha256';
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
