import { botDialogs } from '../../dialogs/index.ts';
import { TestAdapter, type Activity } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import { createBot, type BotDeps } from '../../src/conversation/bot.ts';
import type { BotLogic } from '../../src/conversation/types.ts';
import type { Clock } from '../../src/core/clock.ts';
import { parseConfig } from '../../src/core/config.ts';
import { loadContent, type Content } from '../../src/content/index.ts';
import { createMetrics } from '../../src/core/metrics.ts';
import type { AppContext } from '../../src/core/context.ts';
import { testLog } from './db.ts';

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-11-24T03:00:00Z')): Clock & { advanceHours(h: number): void } {
  let now = start;
  return {
    now: () => now,
    advanceHours(h: number) {
      now = new Date(now.getTime() + h * 3_600_000);
    },
  };
}

let sharedContent: Content | undefined;
export function content(): Content {
  sharedContent ??= loadContent();
  return sharedContent;
}

export function appContext(conn: Connection, clock: Clock = manualClock()): AppContext {
  return { config: parseConfig({}), conn, log: testLog, clock, metrics: createMetrics() };
}

export interface Reply {
  text: string;
  buttons: { title: string; value: string }[];
}

/**
 * One person talking to the bot through botbuilder's TestAdapter, as a channel adapter would run
 * it (the DialogTestClient is not used: it cannot run our own turn logic, see the botbuilder doc §4).
 */
export class Chat {
  private readonly adapter: TestAdapter;

  constructor(
    readonly bot: BotLogic,
    readonly userId = 'u1',
    channelId = 'zalo',
  ) {
    this.adapter = new TestAdapter(bot, { channelId, locale: 'vi' });
  }

  /** Sends one message and returns every reply of that turn. */
  async say(text: string): Promise<Reply[]> {
    return this.send({ type: 'message', text });
  }

  async event(name: string): Promise<Reply[]> {
    return this.send({ type: 'event', name });
  }

  /** The text of all replies of one message, joined. */
  async sayText(text: string): Promise<string> {
    return (await this.say(text)).map((r) => r.text).join('\n');
  }

  private async send(activity: Partial<Activity>): Promise<Reply[]> {
    await this.adapter.processActivity({
      ...activity,
      from: { id: this.userId, name: '' },
      conversation: { id: this.userId, isGroup: false, conversationType: 'personal', name: '' },
    });
    return this.adapter.activeQueue.splice(0).map((a) => ({
      text: a.text ?? '',
      buttons: (a.suggestedActions?.actions ?? []).map((b) => ({ title: String(b.title), value: String(b.value) })),
    }));
  }
}

/** A bot on this database; feature dialogs of other parts are left out unless a test passes some. */
export function newBot(conn: Connection, overrides: Partial<BotDeps> = {}, clock?: Clock): BotLogic {
  return createBot({ ctx: appContext(conn, clock), content: content(), ...botDialogs, featureDialogs: [], ...overrides });
}

/** The last reply's buttons (what the person can press now). */
export function lastButtons(replies: Reply[]): string[] {
  return replies.at(-1)?.buttons.map((b) => b.title) ?? [];
}
