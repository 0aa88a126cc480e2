import type { TestProject } from 'vitest/node';
import { MongoClient } from 'mongodb';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { createLogger } from '../../src/core/log.ts';

/**
 * One real MongoDB-compatible server for the whole run: MONGODB_URI if set; otherwise the same chain
 * as `npm start` (mongodb-memory-server, else FerretDB built with Go), with throw-away data.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDatabase(createLogger('warn'));
    uri = embedded.uri;
  }
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  const info = await client.db('admin').command({ buildInfo: 1 });
  await client.close();
  const backend = info.ferretdbVersion !== undefined ? 'ferretdb' : 'mongodb';
  const storage = embedded?.backend ? ` on ${embedded.backend === 'pg' ? 'PostgreSQL' : 'SQLite'}` : '';
  console.log(`test database: ${backend} ${String(info.ferretdbVersion ?? info.version)}${storage} (${embedded?.kind ?? 'MONGODB_URI'})`);
  project.provide('mongoUri', uri);
  project.provide('dbBackend', backend);
  return async () => {
    await embedded?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    dbBackend: 'ferretdb' | 'mongodb';
  }
}
