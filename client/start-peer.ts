/**
 * `npm run start:peer`: a second organisation («Партнёр», BIN 980760001232) beside the one `npm start`
 * runs, for trying electronic exchange on one machine (docs/exchange.md). It uses the embedded servers the
 * first one started (start that first), with its own database, task queue, API port, data folder and
 * organisation key; the dev CA is shared, and each organisation is in the other's address book.
 * Any variable set in the environment wins over these defaults.
 */
const defaults: Record<string, string> = {
  QUJAT_ORG: 'peer',
  PORT: '3001',
  MONGODB_DB: 'qujat_peer',
  TEMPORAL_TASK_QUEUE: 'qujat-peer',
  QUJAT_DATA_DIR: '.data/peer',
  QUJAT_TRUST_DIR: '.data/dev-ca',
  TEMPORAL_ADDRESS: `127.0.0.1:${process.env.TEMPORAL_PORT ?? '7233'}`,
  MONGODB_URI: `mongodb://127.0.0.1:${process.env.MONGODB_PORT ?? '27117'}/`,
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ||= value;

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./start-system');
