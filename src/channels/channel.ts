import type { Express, Request, RequestHandler } from 'express';
import type { Config } from '../core/config.ts';
import type { AppContext } from '../core/context.ts';
import type { ChannelId } from '../domain/contacts.ts';
import type { HttpError } from '../http/errors.ts';
import type { ChannelOutbound } from '../outbox/sender.ts';
import type { PlatformPart } from './adapter.ts';
import type { InboundEvent } from './inbox/event.ts';
import type { RetryOptions } from './retry.ts';
import type { ZaloTokenOptions } from './zalo/tokens.ts';

/**
 * A channel is one folder under src/channels/ exporting one `Channel`, plus one line in
 * registry.ts. Everything platform-specific (credentials, webhook signature and parsing, rendering,
 * sending, window rules, rate) lives in that folder; the shared code here and in index.ts only
 * stores events, runs the bot and counts.
 */
export interface Channel {
  /** Our channel id: the prefix of contact ids (`<id>:<user>`), the metrics label and the webhook path's last part. */
  readonly id: ChannelId;
  /** How long after the person's last message free-form messages may go (shown to staff). */
  readonly windowMs: number;
  /** The platform's rate limit for proactive sends, messages per second. */
  readonly ratePerSecond: number;
  /** Whether this service has the channel's settings (all credentials set): off channels have no routes and no sends. */
  isOn(config: Config): boolean;
  /** Why it is off, for the start-up log (e.g. "credentials not set"). */
  readonly offNote: string;
  /** Builds the working parts of a channel that is on. */
  create(ctx: AppContext, options: ChannelBuildOptions): ChannelRuntime;
}

/** Timings tests shorten; a channel reads only what concerns it. */
export interface ChannelBuildOptions {
  /** Back-off of platform calls. */
  retry?: RetryOptions;
  zaloTokens?: ZaloTokenOptions;
}

/** What an active channel does. */
export interface ChannelRuntime {
  /** Delivers the bot's replies (rendered for the platform) and shows typing, for the shared adapter. */
  platform: PlatformPart;
  /** Proactive sends and the platform's window rules. */
  outbound: ChannelOutbound;
  /** The person's name from the platform's profile, asked once when their contact is created. */
  displayName(userId: string): Promise<string | null>;
  /** The channel's webhook routes: verify the signature, parse, and hand the events to `kit.accept`. */
  mountWebhooks(app: Express, kit: WebhookKit): void;
}

/** The shared half of every webhook route (src/channels/webhooks.ts). */
export interface WebhookKit {
  /** Keeps the body as raw bytes, for signature checks. */
  readonly raw: RequestHandler;
  rawBody(req: Request): Buffer;
  /** The body as JSON, or undefined when it is not JSON. */
  parseJson(raw: Buffer): unknown;
  /**
   * Stores the parsed events in the inbox and the platform's send receipts (keys of echoed reply
   * tags, inbox/receipts.ts) before the route answers 200, and counts them.
   */
  accept(req: Request, events: InboundEvent[], ignored: number, confirmed?: readonly string[]): Promise<void>;
  /** Counts a refused signature; the route throws the 403 it returns. Nothing is stored. */
  rejected(): HttpError;
  /** The 403 for a failed handshake (not counted as an event). */
  forbidden(): HttpError;
  /** Counts signed events the route drops without storing. */
  ignored(count?: number): void;
}

/**
 * Builds a `Channel` from a settings reader and a factory, so that each folder keeps its own
 * settings type: `configOf` returns null when the channel is off.
 */
export function defineChannel<C>(def: {
  id: ChannelId;
  windowMs: number;
  ratePerSecond: number;
  offNote?: string;
  configOf(config: Config): C | null;
  create(ctx: AppContext, config: C, options: ChannelBuildOptions): ChannelRuntime;
}): Channel {
  return {
    id: def.id,
    windowMs: def.windowMs,
    ratePerSecond: def.ratePerSecond,
    isOn: (config) => def.configOf(config) !== null,
    offNote: def.offNote ?? 'credentials not set',
    create(ctx, options) {
      const config = def.configOf(ctx.config);
      if (config === null) throw new Error(`channel ${def.id} is off: its settings are not configured`);
      return def.create(ctx, config, options);
    },
  };
}
