/**
 * Builds the search records of every card that has none, or one from an older tokenizer or the other token
 * layout: after upgrading to a version with search, after a tokenizer change, or after moving the data
 * between MongoDB and the embedded database (docs/search.md). Safe to run while the system runs.
 *
 *   tsx client/reindex-search.ts        (reads the same MONGODB_* settings as the server)
 */
import { createSearchIndexer } from '../domain/search/search-indexer';
import { loadConfig, mongoUri } from '../config';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await connectDatabase(mongoUri(config), config.mongodb.dbName);
  try {
    const models = createModels(db);
    await models.DocumentSearch.init();
    const indexed = await createSearchIndexer(models).reindexStale({ onProgress: (done) => console.log(`indexed ${done} …`) });
    console.log(`search index up to date: ${indexed} card(s) indexed`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
