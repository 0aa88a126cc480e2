import type { Activity } from 'botbuilder-core';
import { provideContact } from '../conversation/turn.ts';
import type { BotLogic } from '../conversation/types.ts';
import type { AppContext, Feature } from '../core/context.ts';
import { contactId, type ChannelId } from '../domain/contacts.ts';
import { ChannelAdapter, type PlatformPart } from './adapter.ts';
import { markUnreachable, recordInbound, setDisplayName } from './contacts.ts';
import type { InboundEvent } from './inbox/event.ts';
import { InboxWorker, type EventHandler, type InboxWorkerOptions } from './inbox/worker.ts';
import { MessengerClient } from './messenger/client.ts';
import { messengerOutbound } from './messenger/outbound.ts';
import { messengerPlatform } from './messenger/platform.ts';
import { SendError, type ChannelOutbound, type Outbound } from '../outbox/sender.ts';
import type { RetryOptions } from './retry.ts';
import { createChannelMetrics } from './metrics.ts';
import { mountWebhooks } from './webhooks.ts';
import { ZaloClient } from './zalo/client.ts';
import { zaloOutbound } from './zalo/outbound.ts';
import { zaloPlatform } from './zalo/platform.ts';
import { ZaloTokens, type ZaloTokenOptions } from './zalo/tokens.ts';

export interface ChannelsOptions {
  worker?: InboxWorkerOptions;
  /** Back-off of platform calls (tests shorten it). */
  retry?: RetryOptions;
  zaloTokens?: ZaloTokenOptions;
}

export interface Channels extends Feature {
  /** Proactive sends for the scheduler and broadcasts; only channels that are on. */
  outbound: Outbound;
  /** botbuilder adapters (e.g. for `continueConversation`), only channels that are on. */
  adapters: Partial<Record<ChannelId, ChannelAdapter>>;
  worker: InboxWorker;
}

interface ChannelParts {
  platform: PlatformPart;
  outbound: ChannelOutbound;
  displayName(userId: string): Promise<string | null>;
}

/**
 * Zalo OA and Messenger: webhook routes, the inbox worker that runs the bot for stored events, and
 * the outbound side. A channel whose credentials are not configured is off (its routes answer 404).
 */
export function createChannels(ctx: AppContext, bot: BotLogic, options: ChannelsOptions = {}): Channels {
  const parts: Partial<Record<'messenger' | 'zalo', ChannelParts>> = {};
  if (ctx.config.messenger) {
    const client = new MessengerClient(ctx.config.messenger, options.retry);
    const platform = messengerPlatform(client);
    parts.messenger = { platform, outbound: messengerOutbound(ctx.config.messenger, client, platform), displayName: (id) => client.profileName(id) };
  }
  if (ctx.config.zalo) {
    const tokens = new ZaloTokens(ctx.conn, ctx.config.zalo, ctx.log, options.zaloTokens);
    const client = new ZaloClient(ctx.config.zalo, tokens, options.retry);
    const platform = zaloPlatform(client);
    parts.zalo = { platform, outbound: zaloOutbound(ctx.config.zalo, client, platform), displayName: (id) => client.displayName(id) };
  }

  const metrics = createChannelMetrics(ctx.metrics);
  const adapters: Partial<Record<ChannelId, ChannelAdapter>> = {};
  const handlers: Partial<Record<InboundEvent['channel'], EventHandler>> = {};
  const outbound: Outbound = {};
  for (const [channel, part] of Object.entries(parts) as ['messenger' | 'zalo', ChannelParts][]) {
    const adapter = new ChannelAdapter(part.platform);
    adapter.onTurnError = async (_context, err) => {
      // Rethrown so the inbox retries the event (and gives up after a few attempts).
      ctx.log.error({ err, channel }, 'bot turn failed');
      throw err;
    };
    adapters[channel] = adapter;
    handlers[channel] = {
      async prepare(event) {
        const { created, language, contact } = await recordInbound(ctx.conn, channel, event.userId, new Date(event.occurredAt), event.interaction);
        if (created) {
          const name = await part.displayName(event.userId);
          if (name) await setDisplayName(ctx.conn, channel, event.userId, name);
        }
        return { language, contact };
      },
      runTurn: (event, { language, contact }) =>
        adapter.runTurn(event, language, async (tc) => {
          provideContact(tc, contact);
          await bot(tc);
        }),
      async deliver(event, reply: Partial<Activity>) {
        try {
          const ids = await part.platform.deliver(event.userId, reply, false);
          metrics.replies.inc({ channel, result: 'sent' });
          return ids;
        } catch (err) {
          metrics.replies.inc({ channel, result: 'failed' });
          return noteUnreachable(err, contactId(channel, event.userId));
        }
      },
    };
    outbound[channel] = {
      route: part.outbound.route,
      send: (recipient, activity, route, template) =>
        part.outbound.send(recipient, activity, route, template).catch((err: unknown) => noteUnreachable(err, recipient.contactId)),
    };
  }

  async function noteUnreachable(err: unknown, contact: string): Promise<never> {
    if (err instanceof SendError && err.reason === 'unreachable') await markUnreachable(ctx.conn, contact, err, ctx.clock.now()).catch(() => undefined);
    throw err;
  }

  const worker = new InboxWorker(ctx.conn, handlers, ctx.log, options.worker);
  return {
    name: 'channels',
    outbound,
    adapters,
    worker,
    mount(app) {
      mountWebhooks(app, ctx, metrics, (conversations) => worker.kick(conversations));
    },
    start() {
      if (Object.keys(handlers).length > 0) worker.start();
    },
    async stop() {
      await worker.stop();
    },
  };
}
