/**
 * First-start data: the standard routes and document types, the journals, the access-application route,
 * and — outside production — the demo organisation with a development CA issuing its certificates. Every
 * step is idempotent, so it runs on every start and only fills in what is missing.
 *
 *   tsx client/seed-system.ts    (the same, on its own)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';
import { loadConfig, mongoUri } from '../config';
import { connectDatabase } from '../db/connection';
import { createModels, type Models } from '../db/models';
import { ensureAccessApplicationRoute } from '../db/seed/access-application-route';
import { demoCertificateHolders, seedDemoOrg } from '../db/seed/demo-org';
import { seedJournals } from '../db/seed/journals';
import { seedStandardRoutes } from '../db/seed/seed-routes';
import { createDevCa } from './dev-ca';

/** The dev CA's trust material in the layout the worker reads (domain/signatures/signing-setup.ts). */
function exposeDevCaCrls(devCaDir: string): void {
  const crlDir = path.join(devCaDir, 'crl');
  fs.mkdirSync(crlDir, { recursive: true });
  for (const keyType of fs.readdirSync(path.join(devCaDir, 'ca'))) {
    const crl = path.join(devCaDir, 'ca', keyType, 'crl.der');
    if (fs.existsSync(crl)) fs.copyFileSync(crl, path.join(crlDir, `${keyType}.crl`));
  }
}

export async function seedSystem(config: AppConfig, models: Models, log: (line: string) => void = console.log): Promise<void> {
  await seedStandardRoutes(models);
  await ensureAccessApplicationRoute(models);
  const journals = await seedJournals(models);
  if (journals.inserted.length) log(`Seeded journals: ${journals.inserted.join(', ')}`);
  const org = await seedDemoOrg(models);
  if (org.seeded && org.created.employees) log(`Seeded the demo organisation: ${org.created.employees} employees (see docs/demo.md)`);
  if (process.env.NODE_ENV !== 'production' && config.signing.trustDir === path.join(config.dataDir, 'dev-ca')) {
    const devCa = await createDevCa({ outDir: config.signing.trustDir, employees: demoCertificateHolders() });
    exposeDevCaCrls(devCa.outDir);
  }
}

if (require.main === module) {
  const config = loadConfig();
  connectDatabase(mongoUri(config), config.mongodb.dbName)
    .then(async (db) => {
      await seedSystem(config, createModels(db));
      await db.close();
    })
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
