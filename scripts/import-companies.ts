/**
 * npm run companies:import — imports a new version of the licensed-company list (a CSV in the
 * columns of DOLAB's list, as downloaded from dolab.moha.gov.vn and re-saved as CSV UTF-8) into
 * the same database as `npm start` (MONGODB_URI, or the embedded default in DATA_DIR). The bot
 * answers from it at once; the same file again changes nothing. Prints one JSON line; a bad file
 * prints its problems (line and column) and imports nothing.
 *
 *   npm run companies:import -- danh-sach.csv --retrieved-at 2026-12-04
 *   npm run companies:import -- danh-sach.csv --source-url https://dolab.moha.gov.vn/... --by "Cán bộ Hoà"
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DOLAB_LIST_SOURCE } from '../src/admin/companies-routes.ts';
import { describeIssue, ListFileError, listMetaSchema, readListFile, type ListMeta } from '../src/domain/companies/list-file.ts';
import { ConfigError, parseConfig, type Config } from '../src/core/config.ts';
import { connectDatabase } from '../src/db/connection.ts';
import { NoEmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { createLogger } from '../src/core/log.ts';
import { localDate } from '../src/core/time.ts';
import { importCompanyList } from '../src/domain/companies/model.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const usage = 'usage: npm run companies:import -- <file.csv> [--retrieved-at YYYY-MM-DD] [--source-url URL] [--source-title TEXT] [--sample] [--by NAME]';

function readArgs() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'retrieved-at': { type: 'string' },
      'source-url': { type: 'string' },
      'source-title': { type: 'string' },
      sample: { type: 'boolean', default: false },
      by: { type: 'string', default: 'script' },
    },
  });
  if (positionals.length !== 1) fail(usage);
  return { file: positionals[0]!, ...values };
}

function metaOf(args: ReturnType<typeof readArgs>, config: Config): ListMeta {
  const parsed = listMetaSchema.safeParse({
    source: { title: args['source-title'] ?? DOLAB_LIST_SOURCE.title, url: args['source-url'] ?? DOLAB_LIST_SOURCE.url },
    retrievedAt: args['retrieved-at'] ?? localDate(new Date(), config.tzDefault),
    sample: args.sample,
    fileName: path.basename(args.file),
  });
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return parsed.data;
}

function readFile(file: string) {
  try {
    return readListFile(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof ListFileError) fail(`Tệp danh sách có lỗi, chưa nhập gì (nothing imported):\n${err.issues.map(describeIssue).join('\n')}`);
    fail(`${file}: ${(err as Error).message}`);
  }
}

async function main() {
  const args = readArgs();
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`);
    throw err;
  }
  const meta = metaOf(args, config);
  const companies = readFile(args.file);
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
    const result = await importCompanyList(conn, { companies, meta, by: args.by, at: new Date() });
    const { versionId, companyCount, retrievedAt, sample } = result.version;
    process.stdout.write(`${JSON.stringify({ status: result.status, versionId, companyCount, retrievedAt, sample })}\n`);
  } finally {
    await conn.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

await main();
