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
