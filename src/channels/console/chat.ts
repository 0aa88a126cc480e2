import { ActivityTypes } from 'botbuilder-core';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ARRIVAL_EVENT } from '../../conversation/platform-events.ts';
import type { BotLogic } from '../../conversation/types.ts';
import { ConsoleAdapter } from './adapter.ts';
import { CONSOLE_CHANNEL_ID } from './channel.ts';

export interface ConsoleChatOptions {
  bot: BotLogic;
  /** The person's id on the console channel (`console:<user>`). */
  user: string;
  input: Readable;
  output: Writable;
  /** A terminal: greet, prompt and label the speakers; otherwise one message per input line. */
  interactive: boolean;
}

/** Talks to the bot over the terminal until the input ends. */
export async function runConsoleChat({ bot, user, input, output, interactive }: ConsoleChatOptions): Promise<void> {
  const adapter = new ConsoleAdapter(user, (text) => output.write(`${interactive ? '\nbot: ' : ''}${text}\n`));
  const rl = createInterface({ input, terminal: interactive });
  if (interactive) {
    output.write(`Talking to the bot as ${CONSOLE_CHANNEL_ID}:${user}. Ctrl+D or Ctrl+C to leave.\n`);
    // The same "person arrived" event a platform's start button sends.
    await adapter.turn({ type: ActivityTypes.Event, name: ARRIVAL_EVENT }, bot);
    rl.setPrompt('\nyou: ');
    rl.prompt();
  }
  // Lines are handled strictly one after another, as a person would send them.
  for await (const line of rl) {
    const text = line.normalize('NFC').trim();
    if (text !== '') {
      await adapter.turn({ type: ActivityTypes.Message, text }, bot);
      if (!interactive) output.write('\n');
    }
    if (interactive) rl.prompt();
  }
}
