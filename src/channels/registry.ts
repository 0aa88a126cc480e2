import { z } from 'zod';
import type { Channel } from './channel.ts';
import { consoleChannel } from './console/channel.ts';
import { messengerChannel } from './messenger/channel.ts';
import { zaloChannel } from './zalo/channel.ts';

/**
 * Every channel the service knows, one line each. A new channel is a folder under src/channels/
 * exporting one `Channel` (channel.ts: id, on/off, webhook routes, rendering and delivery, window
 * rule, send rate) plus its line here; test/channels/third-channel.test.ts shows one. Its settings
 * are still read in src/core/config.ts (the lowest layer cannot import this folder).
 */
export const channelRegistry: readonly Channel[] = [
  messengerChannel,
  zaloChannel,
  consoleChannel,
];

const registeredIds = channelRegistry.map((c) => c.id);

/**
 * A channel this service knows, for input from outside (staff filters, broadcast audiences): an
 * unknown one is a 400 naming the field, not an empty result. Domain code checks only the shape.
 */
export const registeredChannelIdSchema = z.enum(registeredIds);

/** `<registered channel>:<user id>` for contact ids staff send; `userId` is the pattern of the user part. */
export function registeredContactIdPattern(userId: string): RegExp {
  return new RegExp(`^(${registeredIds.join('|')}):${userId}$`);
}
