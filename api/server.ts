/**
 * Runs the HTTP API: connects to the database and Temporal, builds the app, listens.
 * `tsx api/server.ts` runs it alone; `npm start` runs it beside the worker.
 */
import type { Server } from 'node:http';
import { loadConfig, mongoUri, temporalAddress, type AppConfig } from '../config';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';
import { sharedAuditChain } from '../domain/audit/audit-chain';
import { connectTemporal } from '../client/temporal';
import { createApp } from './app';
import { createEdsPortFromConfig } from './auth/eds-setup';
import { readTrustDir } from '../domain/signatures/signing-setup';
import { exchangeVerifierFrom, type ExchangeVerifier } from '../domain/exchange/exchange-crypto';
import { readOrgSigner } from '../domain/exchange/exchange-setup';
import { createVerificationContextFromConfig, verifyCms } from '../signing';

/** The receiving endpoint's checks (organisation signatures) on the same trust folder the worker uses. */
function exchangeChecks(config: AppConfig): { verify: ExchangeVerifier } | undefined {
  const signer = readOrgSigner(config);
  const trust = readTrustDir(config.signing.trustDir);
  if (!signer || !trust) return undefined;
  const context = createVerificationContextFromConfig({
    trustedRootsPem: trust.trustedRootsPem,
    intermediatesPem: trust.intermediatesPem,
    crl: { crls: trust.crls, http: config.signing.ocspOverHttp },
    ocsp: config.signing.ocspOverHttp ? {} : undefined,
    ncaNode: config.signing.externalVerifierUrl ? { url: config.signing.externalVerifierUrl } : undefined,
  });
  return { verify: exchangeVerifierFrom((input) => verifyCms(input, context)) };
}

export interface RunningApi {
  url: string;
  stop(): Promise<void>;
}

export async function startApiServer(config: AppConfig): Promise<RunningApi> {
  const logger = createLogger(config, 'api');
  const db = await connectDatabase(mongoUri(config), config.mongodb.dbName);
  const temporal = await connectTemporal(temporalAddress(config), config.temporal.namespace);
  const models = createModels(db);
  const eds = createEdsPortFromConfig(config);
  if (!eds) logger.warn({ trustDir: config.signing.trustDir }, 'no trusted roots: EDS sign-in and signed consent are off');
  const exchange = exchangeChecks(config);
  if (!exchange) logger.warn('electronic exchange is off: no organisation key or no trusted roots (docs/exchange.md)');
  // Automatic answers to information requests and prosecutor's exports are signed with the organisation key.
  const orgSigner = readOrgSigner(config);
  if (!orgSigner) logger.warn('information requests: no organisation key, automatic answers and signed exports are off');
  const { app, services } = createApp({
    config, db, models, temporal, audit: sharedAuditChain(models.AuditEvent), logger, eds, exchange,
    informationRequests: { signer: orgSigner },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.http.port, config.http.host, () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://${config.http.host}:${config.http.port}`;
  logger.info({ url }, 'API listening');
  // Loads the in-memory search index now rather than at the first search (docs/search.md).
  services.search.warmUp().catch((err: unknown) => logger.warn({ err }, 'search index: first catch-up failed'));
  return {
    url,
    async stop() {
      // Open live streams would hold server.close() forever: end them first (browsers reconnect elsewhere).
      services.notificationStream.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temporal.connection.close();
      await db.close();
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  startApiServer(config)
    .then((api) => {
      const stop = () => void api.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
