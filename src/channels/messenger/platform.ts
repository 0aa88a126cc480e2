import type { Activity } from 'botbuilder-core';
import type { PlatformPart } from '../adapter.ts';
import type { MessengerClient } from './client.ts';
import { renderMessenger } from './render.ts';

/** Messenger's part of the shared adapter. */
export function messengerPlatform(client: MessengerClient): PlatformPart {
  return {
    channelId: 'facebook',
    async deliver(psid: string, activity: Partial<Activity>, proactive: boolean) {
      const ids: string[] = [];
      for (const message of renderMessenger(activity)) ids.push(await client.sendMessage(psid, message, proactive ? 'UPDATE' : 'RESPONSE'));
      return ids;
    },
    typing: (psid) => client.typing(psid),
  };
}
