import type { Activity } from 'botbuilder-core';
import type { PlatformPart } from '../adapter.ts';
import type { SendTag } from '../../outbox/sender.ts';
import { tagMetadata } from '../../outbox/receipts.ts';
import type { MessengerClient } from './client.ts';
import { renderMessenger } from './render.ts';

/** Messenger's part of the shared adapter. */
export function messengerPlatform(client: MessengerClient): PlatformPart {
  return {
    channelId: 'facebook',
    // Meta echoes a message's `metadata` in `message_echoes`: our tag comes back as a send receipt.
    confirmsSends: true,
    async deliver(psid: string, activity: Partial<Activity>, proactive: boolean, tag?: SendTag) {
      const ids: string[] = [];
      for (const [k, message] of renderMessenger(activity).entries()) {
        if (tag?.confirmed?.has(k)) continue;
        const metadata = tag ? tagMetadata(tag.id, k) : null;
        ids.push(await client.sendMessage(psid, metadata ? { ...message, metadata } : message, proactive ? 'UPDATE' : 'RESPONSE'));
      }
      return ids;
    },
    typing: (psid) => client.typing(psid),
  };
}
