import { defineChannel } from '../channel.ts';
import { ZaloClient } from './client.ts';
import { ZALO_WINDOW_MS, zaloOutbound } from './outbound.ts';
import { zaloPlatform } from './platform.ts';
import { ZaloTokens } from './tokens.ts';
import { mountZaloWebhooks } from './webhook.ts';

/** A Zalo Official Account: on when all five ZALO_* credentials are set. */
export const zaloChannel = defineChannel({
  id: 'zalo',
  windowMs: ZALO_WINDOW_MS,
  // The delivery worker's pace for this channel since it was written (was src/outbox/worker.ts defaultRates).
  ratePerSecond: 5,
  configOf: (config) => config.zalo,
  create(ctx, config, options) {
    const tokens = new ZaloTokens(ctx.conn, config, ctx.log, options.zaloTokens);
    const client = new ZaloClient(config, tokens, options.retry);
    const platform = zaloPlatform(client);
    return {
      platform,
      outbound: zaloOutbound(config, client, platform),
      displayName: (id) => client.displayName(id),
      mountWebhooks: (app, kit) => mountZaloWebhooks(app, kit, config, ctx.clock),
    };
  },
});
