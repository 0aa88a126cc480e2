/**
 * npm run training:export — copies the training examples staff attached in the console
 * ("Câu hỏi cần xem") from MongoDB into content/training/staff.jsonl, merged with what the file
 * already holds, so they can be reviewed and committed with the content. Same database as
 * `npm start` (MONGODB_URI, or the embedded default in DATA_DIR). Prints one JSON line.
 *
 *   npm run training:export
 *   npm run training:export -- --out /tmp/staff.jsonl
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, parseConfig } from '../src/core/config.ts';
import { ContentError, defaultContentDir, loadContent } from '../src/content/index.ts';
import { connectDatabase } from '../src/db/connection.ts';
import { NoEmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { createLogger } from '../src/core/log.ts';
import { exportStaffExamples } from '../src/domain/review/export.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  let faqIds: Set<string>;
  try {
    config = parseConfig();
    faqIds = new Set(loadContent().faq.map((e) => e.id));
  } catch (err) {
    if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`);
    if (err instanceof ContentError) fail(`Content error: ${err.message}`);
    throw err;
  }
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'error', pino.destination(2));
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    try {
      embedded = await startEmbeddedDatabase(log, config.dataDir);
    } catch (err) {
      if (err instanceof NoEmbeddedDatabaseError) fail(err.message);
      throw err;
    }
    uri = embedded.uri;
  }
  const conn = await connectDatabase(uri, log);
  try {
    const file = path.resolve(values.out ?? path.join(defaultContentDir, 'training', 'staff.jsonl'));
    const summary = await exportStaffExamples(conn, file, faqIds);
    process.stdout.write(`${JSON.stringify({ ...summary, file: path.relative(process.cwd(), summary.file) || summary.file })}\n`);
  } finally {
    await conn.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

await main();
