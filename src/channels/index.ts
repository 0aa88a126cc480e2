import type { Activity } from 'botbuilder-core';
import { provideContact } from '../conversation/turn.ts';
import type { BotLogic } from '../conversation/types.ts';
import type { AppContext, Feature } from '../core/context.ts';
import { channelIdSchema, contactId, type ChannelId } from '../domain/contacts.ts';
import { SendError, type Outbound } from '../outbox/sender.ts';
import { ChannelAdapter } from './adapter.ts';
import type { Channel, ChannelBuildOptions, ChannelRuntime } from './channel.ts';
import { markUnreachable, recordInbound, setDisplayName } from './contacts.ts';
import { InboxWorker, type EventHandler, type InboxWorkerOptions } from './inbox/worker.ts';
import { createChannelMetrics, type ChannelMetrics } from './metrics.ts';
import { channelRegistry } from './registry.ts';
import { webhookKit } from './webhooks.ts';

export interface ChannelsOptions extends ChannelBuildOptions {
  worker?: InboxWorkerOptions;
  /** The channels to run, default the registry (src/channels/registry.ts); tests add their own. */
  registry?: readonly Channel[];
}

export interface Channels extends Feature {
  /** Proactive sends for the scheduler and broadcasts; only channels that are on. */
  outbound: Outbound;
  /** botbuilder adapters (e.g. for `continueConversation`), only channels that are on. */
  adapters: Partial<Record<ChannelId, ChannelAdapter>>;
  worker: InboxWorker;
}

/**
 * Every channel in the registry whose settings are present: its webhook routes, the inbox worker
 * that runs the bot for stored events, and the outbound side. A channel that is off has no routes
 * (they answer 404) and no sends.
 */
export function createChannels(ctx: AppContext, bot: BotLogic, options: ChannelsOptions = {}): Channels {
  const registry = options.registry ?? channelRegistry;
  const ids = registry.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`channel registry: ${twice} is listed twice`);
  // The id becomes the prefix of contact ids: it must have the shape domain code checks.
  for (const id of ids) channelIdSchema.parse(id);

  const metrics = createChannelMetrics(ctx.metrics);
  const noteUnreachable = async (err: unknown, contact: string): Promise<never> => {
    if (err instanceof SendError && err.reason === 'unreachable') await markUnreachable(ctx.conn, contact, err, ctx.clock.now()).catch(() => undefined);
    throw err;
  };
  const active = registry.filter((c) => c.isOn(ctx.config)).map((c) => ({ channel: c, runtime: c.create(ctx, options) }));
  const adapters: Partial<Record<ChannelId, ChannelAdapter>> = {};
  const handlers: Partial<Record<ChannelId, EventHandler>> = {};
  const outbound: Outbound = {};
  for (const { channel, runtime } of active) {
    const adapter = new ChannelAdapter(runtime.platform);
    adapter.onTurnError = async (_context, err) => {
      // Rethrown so the inbox retries the event (and gives up after a few attempts).
      ctx.log.error({ err, channel: channel.id }, 'bot turn failed');
      throw err;
    };
    adapters[channel.id] = adapter;
    handlers[channel.id] = eventHandler(ctx, bot, channel.id, runtime, adapter, metrics, noteUnreachable);
    outbound[channel.id] = {
      route: runtime.outbound.route,
      send: (recipient, activity, route, template, tag) =>
        runtime.outbound.send(recipient, activity, route, template, tag).catch((err: unknown) => noteUnreachable(err, recipient.contactId)),
      confirmsSends: runtime.outbound.confirmsSends,
      windowMs: channel.windowMs,
      ratePerSecond: channel.ratePerSecond,
    };
  }

  const worker = new InboxWorker(ctx.conn, handlers, ctx.log, options.worker);
  return {
    name: 'channels',
    outbound,
    adapters,
    worker,
    mount(app) {
      for (const { channel, runtime } of active) runtime.mountWebhooks(app, webhookKit(ctx, metrics, channel.id, (conversations) => worker.kick(conversations)));
    },
    start() {
      if (Object.keys(handlers).length > 0) worker.start();
    },
    async stop() {
      await worker.stop();
    },
  };
}

/** How the inbox worker handles one stored event of a channel: contact, bot turn, delivery of the replies. */
function eventHandler(
  ctx: AppContext,
  bot: BotLogic,
  channel: ChannelId,
  runtime: ChannelRuntime,
  adapter: ChannelAdapter,
  metrics: ChannelMetrics,
  noteUnreachable: (err: unknown, contact: string) => Promise<never>,
): EventHandler {
  return {
    async prepare(event) {
      const { created, language, contact } = await recordInbound(ctx.conn, channel, event.userId, new Date(event.occurredAt), event.interaction);
      if (created) {
        const name = await runtime.displayName(event.userId);
        if (name) await setDisplayName(ctx.conn, channel, event.userId, name);
      }
      return { language, contact };
    },
    runTurn: (event, { language, contact }) =>
      adapter.runTurn(event, language, async (tc) => {
        provideContact(tc, contact);
        await bot(tc);
      }),
    confirmsSends: runtime.platform.confirmsSends === true,
    async deliver(event, reply: Partial<Activity>, tag) {
      try {
        const ids = await runtime.platform.deliver(event.userId, reply, false, tag);
        metrics.replies.inc({ channel, result: 'sent' });
        return ids;
      } catch (err) {
        metrics.replies.inc({ channel, result: 'failed' });
        return noteUnreachable(err, contactId(channel, event.userId));
      }
    },
  };
}
