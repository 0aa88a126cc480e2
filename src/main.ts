import { existsSync } from 'node:fs';
import path from 'node:path';
import { channelRegistry } from './channels/registry.ts';
import { ConfigError, parseConfig, type Config } from './core/config.ts';
import { ContentError, loadContent } from './content/index.ts';
import { connectDatabase } from './db/connection.ts';
import { NoEmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.ts';
import { createMetrics } from './core/metrics.ts';
import { createLogger, type Logger } from './core/log.ts';
import { maskPhones } from './core/redact.ts';
import { closeServer, createService, listen } from './service.ts';

function loadConfigOrExit(): Config {
  // A local .env is a convenience for developers; the real environment wins over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      // One line, naming the variable; nothing has started yet.
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

function announceChannels(config: Config, log: Logger) {
  for (const channel of channelRegistry) {
    if (channel.isOn(config)) log.info({ channel: channel.id }, 'channel on');
    else log.info({ channel: channel.id }, `channel off: ${channel.offNote}`);
  }
}

/**
 * One plain line for the person who just typed `npm start` (the JSON log lines are for machines):
 * where the console is, which database is used and where its data lives, and what is missing.
 */
function announceStart(config: Config, embedded: EmbeddedDatabase | undefined) {
  const consoleUrl = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}/admin`;
  const where = `data in ${path.resolve(config.dataDir)}`;
  const database = !embedded
    ? 'MONGODB_URI'
    : embedded.kind === 'mongodb-memory-server'
      ? `MongoDB (mongodb-memory-server), ${where}`
      : embedded.backend === 'pg'
        ? `FerretDB on PostgreSQL (database ${embedded.pgDatabase ?? '?'}, chosen for ${path.resolve(config.dataDir)})`
        : `FerretDB, ${where}`;
  process.stderr.write(`\nBot service ready. Staff console: ${consoleUrl} · database: ${database}\n`);
  if (!config.adminToken) {
    process.stderr.write(
      'Warning: ADMIN_TOKEN is not set, so nobody can log in to the console. Set it (16+ characters) in .env and restart.\n',
    );
  }
  process.stderr.write('\n');
}

async function main() {
  const config = loadConfigOrExit();
  try {
    loadContent();
  } catch (err) {
    if (err instanceof ContentError) {
      // One line naming the file and the field; a broken answer must never reach users.
      console.error(`Content error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  announceChannels(config, log);

  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (uri) {
    log.info('database: MONGODB_URI');
  } else {
    try {
      embedded = await startEmbeddedDatabase(log, config.dataDir);
    } catch (err) {
      if (err instanceof NoEmbeddedDatabaseError) {
        console.error(err.message);
        process.exit(1);
      }
      throw err;
    }
    uri = embedded.uri;
  }

  const conn = await connectWithRetry(uri, log);
  const service = createService({ config, conn, log, metrics: createMetrics({ defaultMetrics: true }) });
  await service.start();
  const server = await listen(service.app, config.port, config.host);
  log.info({ port: config.port }, 'listening');
  announceStart(config, embedded);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A hard deadline: a stuck dependency must not keep a stopping process alive.
    setTimeout(() => process.exit(1), 9_500).unref();
    await closeServer(server, 5000);
    await service.stop();
    await conn.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function connectWithRetry(uri: string, log: Logger) {
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectDatabase(uri, log);
    } catch (err) {
      if (Date.now() > deadline) {
        console.error(`Cannot reach the database at MONGODB_URI after 60 s: ${(err as Error).message}`);
        process.exit(1);
      }
      log.warn({ attempt, err: (err as Error).message }, 'database not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
    }
  }
}

process.on('unhandledRejection', (reason) => {
  // Logged, not fatal: one failed background job must not take the whole service down.
  console.error('unhandled rejection:', maskPhones(reason instanceof Error ? reason.message : String(reason)));
});

await main();
