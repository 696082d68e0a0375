/**
 * What authentication and the agreement need of the signatures engine, in their own terms. The adapter in
 * `signing-engine-eds.ts` fills it from `signing/`; tests and deployments without trust anchors can leave it
 * out, and then EDS login answers 503 instead of guessing.
 */
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface EdsFinding {
  code: string;
  message: string;
}

export interface EdsSigner {
  /** From the subject's SERIALNUMBER=IIN…; absent for certificates that carry none. */
  iin?: string;
  commonName: string;
  /** Lower-case hex, and the issuer's name: identify the certificate without repeating personal data. */
  serialNumber: string;
  issuer: string;
  /** Extended key usage OIDs of the signer certificate (an NCA AUTH key carries clientAuth). */
  extKeyUsage: string[];
}

export interface EdsVerdict {
  /** Integrity, chain to a trusted root, validity now, not revoked. */
  valid: boolean;
  failures: EdsFinding[];
  signer?: EdsSigner;
}

export interface EdsPort {
  /** A CMS over the login challenge, made with an authentication key (checked by the caller through EKU). */
  verifyLogin(input: { cms: string; content: Uint8Array; receivedAt: Date }): Promise<EdsVerdict>;
  /** A CMS over a text the person agrees to, made with a signing key of one of `expectedIins`. */
  verifySignature(input: { cms: string; content: Uint8Array; receivedAt: Date; expectedIins: string[] }): Promise<EdsVerdict>;
}
