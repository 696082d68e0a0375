/**
 * The parts of a CMS SignedData (RFC 5652) that verification needs, as plain bytes and strings. Both readers
 * (the fast DER walker and the pkijs fallback) produce this, so the checks never depend on which one ran.
 */
import type { AlgorithmId } from '../crypto/algorithms';

export interface CmsAttribute {
  oid: string;
  /** Each value's complete DER TLV. */
  values: Uint8Array[];
}

export type SignerIdentifier =
  | { kind: 'issuer-serial'; issuerDer: Uint8Array; serialHex: string }
  | { kind: 'subject-key-id'; keyIdHex: string };

export interface CmsSignerInfo {
  sid: SignerIdentifier;
  digestAlgorithm: AlgorithmId;
  /** The signed attributes re-tagged as SET (0x31): exactly the bytes the signature covers. */
  signedAttrsDer?: Uint8Array;
  signedAttrs: CmsAttribute[];
  signatureAlgorithm: AlgorithmId;
  signature: Uint8Array;
  unsignedAttrs: CmsAttribute[];
}

export interface CmsSignedData {
  eContentType: string;
  /** Present for attached (enveloping) signatures. */
  eContent?: Uint8Array;
  /** DER of each X.509 certificate in the certificates bag (attribute certificates are skipped). */
  certificates: Uint8Array[];
  signerInfos: CmsSignerInfo[];
  /** Which reader produced this; reported by tests, never by the verdict. */
  reader: 'der' | 'pkijs';
}
