/**
 * npm run chat — talk to the bot in the terminal, as a person on Zalo or Messenger would, without
 * platform credentials. Same bot, same content, same database (MONGODB_URI, or the embedded
 * default in DATA_DIR). Buttons are shown as a numbered list; type the number or the title.
 *
 * Not a terminal (e.g. `printf 'menu\n2\n' | npm run chat`): one user message per line, the bot's
 * replies printed after each, exit at end of input. Logs go to stderr, never stdout.
 *
 *   npm run chat                      # as console:local
 *   npm run chat -- --user an         # as console:an (each user has their own state and language)
 *
 * This file is the command line only (arguments, database, bot); the terminal channel itself is
 * src/channels/console/.
 */
import { botDialogs } from '../dialogs/index.ts';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { runConsoleChat } from '../src/channels/console/chat.ts';
import { createBot } from '../src/conversation/bot.ts';
import type { BotLogic } from '../src/conversation/types.ts';
import { systemClock } from '../src/core/clock.ts';
import { ConfigError, parseConfig } from '../src/core/config.ts';
import { ContentError } from '../src/content/read.ts';
import { connectDatabase } from '../src/db/connection.ts';
import { NoEmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { createMetrics } from '../src/core/metrics.ts';
import { createLogger } from '../src/core/log.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({ options: { user: { type: 'string' } } });
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`);
    throw err;
  }
  // Logs on stderr, and quiet unless LOG_LEVEL asks for more: stdout is the conversation.
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
  const close = async () => {
    await conn.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  };

  let bot: BotLogic;
  try {
    bot = createBot({ ctx: { config, conn, log, clock: systemClock, metrics: createMetrics() }, ...botDialogs });
  } catch (err) {
    await close();
    if (err instanceof ContentError) fail(`Content error: ${err.message}`);
    throw err;
  }

  const user = (values.user ?? userInfo().username ?? 'local').replace(/[^\w.-]/g, '_') || 'local';
  await runConsoleChat({ bot, user, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
  await close();
}

await main();
process.exit(0);
