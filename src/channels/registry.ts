import type { Channel } from './channel.ts';
import { consoleChannel } from './console/channel.ts';
import { messengerChannel } from './messenger/channel.ts';
import { zaloChannel } from './zalo/channel.ts';

/** Every channel the service knows, one line each. A new channel is a folder here plus its line. */
export const channelRegistry: readonly Channel[] = [
  messengerChannel,
  zaloChannel,
  consoleChannel,
];
