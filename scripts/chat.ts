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
 */
import { featureDialogs, mainDialog } from '../dialogs/index.ts';
import { erasePerson } from '../src/privacy/erase.ts';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';
import { createBot } from '../src/conversation/bot.ts';
import type { BotLogic } from '../src/conversation/types.ts';
import { systemClock } from '../src/core/clock.ts';
import { ConfigError, parseConfig } from '../src/core/config.ts';
import { ContentError } from '../src/content/read.ts';
import { connectDatabase } from '../src/db/connection.ts';
import { NoEmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { createMetrics } from '../src/core/metrics.ts';
import { createLogger } from '../src/core/log.ts';

/** Prints the bot's messages; suggested actions become a numbered list (as on Zalo). */
class ConsoleAdapter extends BotAdapter {
  constructor(
    private readonly userId: string,
    private readonly write: (text: string) => void,
  ) {
    super();
  }

  async turn(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    const full: Partial<Activity> = {
      channelId: 'console',
      serviceUrl: '',
      from: { id: this.userId, name: '' },
      recipient: { id: 'bot', name: 'bot' },
      conversation: { id: this.userId, isGroup: false, conversationType: 'personal', name: '' },
      timestamp: new Date(),
      ...activity,
    };
    await this.runMiddleware(new TurnContext(this, full), logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message && activity.type !== undefined) continue;
      const lines = [activity.text ?? ''];
      (activity.suggestedActions?.actions ?? []).forEach((action, i) => lines.push(`  ${i + 1}. ${String(action.title)}`));
      this.write(lines.join('\n'));
    }
    return activities.map(() => ({ id: '' }));
  }

  override updateActivity(): Promise<void> {
    return Promise.reject(new Error('the console cannot edit messages'));
  }

  override deleteActivity(): Promise<void> {
    return Promise.reject(new Error('the console cannot delete messages'));
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

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
    bot = createBot({ ctx: { config, conn, log, clock: systemClock, metrics: createMetrics() }, root: mainDialog, featureDialogs, erasePerson });
  } catch (err) {
    await close();
    if (err instanceof ContentError) fail(`Content error: ${err.message}`);
    throw err;
  }

  const user = (values.user ?? userInfo().username ?? 'local').replace(/[^\w.-]/g, '_') || 'local';
  const interactive = process.stdin.isTTY === true;
  const adapter = new ConsoleAdapter(user, (text) => process.stdout.write(`${interactive ? '\nbot: ' : ''}${text}\n`));

  const rl = createInterface({ input: process.stdin, terminal: interactive });
  if (interactive) {
    process.stdout.write(`Talking to the bot as console:${user}. Ctrl+D or Ctrl+C to leave.\n`);
    await adapter.turn({ type: ActivityTypes.Event, name: 'getStarted' }, bot);
    rl.setPrompt('\nyou: ');
    rl.prompt();
  }
  // Lines are handled strictly one after another, as a person would send them.
  for await (const line of rl) {
    const text = line.normalize('NFC').trim();
    if (text !== '') {
      await adapter.turn({ type: ActivityTypes.Message, text }, bot);
      if (!interactive) process.stdout.write('\n');
    }
    if (interactive) rl.prompt();
  }
  await close();
}

await main();
process.exit(0);
