import { defineChannel } from '../channel.ts';
import { MessengerClient } from './client.ts';
import { MESSENGER_WINDOW_MS, messengerOutbound } from './outbound.ts';
import { messengerPlatform } from './platform.ts';
import { mountMessengerWebhooks } from './webhook.ts';

/** Facebook Messenger (a Page): on when MESSENGER_APP_SECRET, _VERIFY_TOKEN and _PAGE_ACCESS_TOKEN are set. */
export const messengerChannel = defineChannel({
  id: 'messenger',
  windowMs: MESSENGER_WINDOW_MS,
  // The delivery worker's pace for this channel since it was written (was src/outbox/worker.ts defaultRates).
  ratePerSecond: 10,
  configOf: (config) => config.messenger,
  create(_ctx, config, options) {
    const client = new MessengerClient(config, options.retry);
    const platform = messengerPlatform(client);
    return {
      platform,
      outbound: messengerOutbound(config, client, platform),
      displayName: (id) => client.profileName(id),
      mountWebhooks: (app, kit) => mountMessengerWebhooks(app, kit, config),
    };
  },
});
