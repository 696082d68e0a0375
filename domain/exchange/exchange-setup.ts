/**
 * The organisation's identity for exchange, kept in step with its signing key, and address-book entries
 * written at start (the two organisations of the dev setup know each other). Idempotent.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config';
import type { Models } from '../../db/models';
import { certificateBin, certificateDigest, orgSignerFromPem, type OrgSigner } from './exchange-crypto';

export interface OwnIdentity {
  bin: string;
  name: { kk: string; ru: string };
  endpointUrl: string;
  certificatePem: string;
  addresseeIds?: string[];
}

/**
 * First start: the identity as configured. Later starts keep what an administrator changed (name, endpoint,
 * addressees) and follow the key: a renewed certificate replaces the stored one. The certificate must be an
 * organisation certificate of the configured BIN.
 */
export async function ensureExchangeIdentity(models: Models, own: OwnIdentity): Promise<void> {
  const bin = certificateBin(own.certificatePem);
  if (bin !== own.bin) throw new Error(`The organisation certificate is of BIN ${bin ?? '(none)'}, but the organisation's BIN is ${own.bin}.`);
  await models.ExchangeIdentity.updateOne(
    { _id: 'self' },
    {
      $set: { bin: own.bin, certificatePem: own.certificatePem },
      $setOnInsert: { name: own.name, endpointUrl: own.endpointUrl, addresseeIds: own.addresseeIds ?? [] },
    },
    { upsert: true },
  );
}

export async function ensureCorrespondent(models: Models, c: { bin: string; name: { kk: string; ru: string }; endpointUrl: string; certificatePem: string }): Promise<void> {
  const sha256 = certificateDigest(c.certificatePem);
  const existing = await models.Correspondent.findById(c.bin).lean();
  if (existing?.certificates.some((x) => x.sha256 === sha256)) return;
  await models.Correspondent.updateOne(
    { _id: c.bin },
    {
      $set: { certificates: [...(existing?.certificates ?? []), { pem: c.certificatePem, sha256 }] },
      $setOnInsert: { name: c.name, endpointUrl: c.endpointUrl, active: true },
    },
    { upsert: true },
  );
}

/**
 * The exchange runtime of a worker or API process from its configuration: the organisation key from its
 * file (chain from the trust folder's intermediates). Undefined when no key is configured: exchange is off.
 */
export function readOrgSigner(config: Pick<AppConfig, 'exchange' | 'signing'>): OrgSigner | undefined {
  const exchange = config.exchange;
  if (!exchange || !fs.existsSync(exchange.keyFile) || !fs.existsSync(exchange.certFile)) return undefined;
  const intermediates = path.join(config.signing.trustDir, 'intermediates.pem');
  return orgSignerFromPem(fs.readFileSync(exchange.keyFile, 'utf8'), fs.readFileSync(exchange.certFile, 'utf8'), fs.existsSync(intermediates) ? [fs.readFileSync(intermediates, 'utf8')] : []);
}

/**
 * The account incoming electronic documents are authored by (EXCHANGE_ACTOR_ID), so cards and histories
 * name it instead of showing a bare id. Blocked: it never signs in and no route ever resolves it as a
 * participant (only active employees are).
 */
export async function ensureExchangeAccount(models: Models, unitId: string): Promise<void> {
  await models.Employee.updateOne(
    { _id: 'exchange' },
    { $setOnInsert: { fullName: 'Электрондық алмасу', unitId, roles: ['employee'], status: 'blocked' } },
    { upsert: true },
  );
}
