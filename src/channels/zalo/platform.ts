import type { Activity } from 'botbuilder-core';
import type { PlatformPart } from '../adapter.ts';
import type { ZaloClient } from './client.ts';
import { renderZalo } from './render.ts';

/** Zalo's part of the shared adapter. Zalo OA has no typing indicator in its API. */
export function zaloPlatform(client: ZaloClient): PlatformPart {
  return {
    channelId: 'zalo',
    async deliver(userId: string, activity: Partial<Activity>) {
      const ids: string[] = [];
      for (const message of renderZalo(activity)) ids.push(await client.sendConsultation(userId, message));
      return ids;
    },
    typing: async () => undefined,
  };
}
