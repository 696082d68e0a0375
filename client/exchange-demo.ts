/**
 * The two demo organisations of the development setup (`npm start` and `npm run start:peer`): their BINs,
 * names and ports, and the first-start seeding that gives each its organisation key from the dev CA and puts
 * the other into its address book (docs/exchange.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';
import type { Models } from '../db/models';
import { DEMO_FUND_BIN, DEMO_ORGANISATION } from '../db/seed/demo-org';
import { ensureCorrespondent, ensureExchangeAccount, ensureExchangeIdentity } from '../domain/exchange/exchange-setup';
import { iinControlDigit } from '../signing/policy/iin';
import { issueOrganisationCredential } from './dev-ca';

export const PEER_BIN = `98076000123${iinControlDigit('98076000123')}`;

export const DEMO_EXCHANGE_ORGS = {
  main: { bin: DEMO_FUND_BIN, name: DEMO_ORGANISATION, port: 3000 },
  peer: { bin: PEER_BIN, name: { kk: '«Серіктес» ЖШС', ru: 'ТОО «Партнёр»' }, port: 3001 },
} as const;

/** The chairman executes incoming electronic documents by default (the registrar may change the card). */
const DEFAULT_ADDRESSEES = ['chairman'];

export async function seedExchange(config: AppConfig, models: Models, log: (line: string) => void): Promise<void> {
  const exchange = config.exchange;
  if (!exchange) return;
  const me = DEMO_EXCHANGE_ORGS[exchange.demoOrg];
  const other = DEMO_EXCHANGE_ORGS[exchange.demoOrg === 'main' ? 'peer' : 'main'];
  const bin = exchange.bin ?? me.bin;
  const devCa = process.env.NODE_ENV !== 'production' && fs.existsSync(path.join(config.signing.trustDir, 'ca', 'rsa'));
  if (devCa && !fs.existsSync(exchange.keyFile)) {
    const own = issueOrganisationCredential(config.signing.trustDir, { bin, name: (exchange.name ?? me.name).ru });
    if (own) {
      fs.mkdirSync(path.dirname(exchange.keyFile), { recursive: true });
      fs.writeFileSync(exchange.keyFile, own.keyPem, { mode: 0o600 });
      fs.writeFileSync(exchange.certFile, own.certPem);
      log(`Issued the organisation's exchange certificate (BIN ${bin}) from the dev CA: ${exchange.certFile}`);
    }
  }
  if (!fs.existsSync(exchange.keyFile) || !fs.existsSync(exchange.certFile)) {
    log(`Electronic exchange is off: no organisation key at ${exchange.keyFile} (set QUJAT_ORG_KEY_FILE and QUJAT_ORG_CERT_FILE).`);
    return;
  }
  await ensureExchangeIdentity(models, {
    bin,
    name: exchange.name ?? { ...me.name },
    endpointUrl: exchange.publicUrl,
    certificatePem: fs.readFileSync(exchange.certFile, 'utf8'),
    addresseeIds: DEFAULT_ADDRESSEES,
  });
  const head = await models.Employee.findById(DEFAULT_ADDRESSEES[0], { unitId: 1 }).lean();
  await ensureExchangeAccount(models, head?.unitId ?? 'chancellery');
  if (devCa && !exchange.bin) {
    // Development: the two demo organisations know each other from the first start.
    const theirs = issueOrganisationCredential(config.signing.trustDir, { bin: other.bin, name: other.name.ru });
    if (theirs) await ensureCorrespondent(models, { bin: other.bin, name: { ...other.name }, endpointUrl: exchange.peerUrl ?? `http://127.0.0.1:${other.port}`, certificatePem: theirs.certPem });
  }
}
