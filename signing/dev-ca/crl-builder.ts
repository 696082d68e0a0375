/**
 * Development/test PKI only: CRLs written with the small DER writer, so a 100 000-entry CRL takes a fraction of
 * a second to produce (pkijs would build an object per entry).
 */
import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { signingSchemeFor } from '../crypto/signing-scheme';
import { bitStringDer, integerFromHex, oidDer, sequence, smallIntegerDer, timeDer, tlv, tlvOf } from '../der/der-writer';
import type { Credential } from './certificate-builder';
import type { TestCa } from './test-ca';

export interface CrlOptions {
  now?: Date;
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Adds this many synthetic revoked serials (for load tests). */
  extraEntries?: number;
  /** Who signs the CRL; defaults to the issuing intermediate. */
  signer?: Credential;
  crlNumber?: number;
  /** Serials (of `ca.revoked`) listed with reason certificateHold instead of no reason. */
  onHold?: readonly string[];
}

export function createCrl(ca: TestCa, options: CrlOptions = {}): Uint8Array {
  const now = options.now ?? new Date();
  const signer = options.signer ?? ca.intermediate;
  const scheme = signingSchemeFor(signer.privateKey);
  const algorithm = new Uint8Array(scheme.algorithm.toSchema().toBER());
  const issuerName = new Uint8Array(pkijs.Certificate.fromBER(signer.certDer).subject.toSchema().toBER());

  const entries: Uint8Array[] = [];
  const holdReason = sequence(sequence(oidDer('2.5.29.21'), tlv(0x04, tlv(0x0a, Uint8Array.of(6)))));
  for (const [serialHex, at] of ca.revoked) {
    const entry = [integerFromHex(serialHex), timeDer(at)];
    if (options.onHold?.includes(serialHex)) entry.push(holdReason);
    entries.push(sequence(...entry));
  }
  const extraDate = timeDer(new Date(now.getTime() - 60 * 60_000));
  for (let i = 0; i < (options.extraEntries ?? 0); i += 1) {
    entries.push(sequence(integerFromHex(`7f${crypto.randomBytes(15).toString('hex')}`), extraDate));
  }

  const fields = [
    smallIntegerDer(1), // v2
    algorithm,
    issuerName,
    timeDer(options.thisUpdate ?? new Date(now.getTime() - 60_000)),
    timeDer(options.nextUpdate ?? new Date(now.getTime() + 7 * 24 * 60 * 60_000)),
  ];
  if (entries.length) fields.push(tlvOf(0x30, entries));
  const crlNumber = sequence(oidDer('2.5.29.20'), tlv(0x04, smallIntegerDer(options.crlNumber ?? 1)));
  fields.push(tlv(0xa0, sequence(crlNumber)));
  const tbs = sequence(...fields);
  return sequence(tbs, algorithm, bitStringDer(scheme.sign(tbs)));
}
