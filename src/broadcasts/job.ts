import type { SchedulerJob } from '../core/context.ts';
import { materialiseDueBroadcasts } from './materialise.ts';

/**
 * Expands due broadcasts (scheduled ones, and any whose expansion was cut short by a crash) into
 * deliveries on every scheduler tick; the delivery worker then sends them, paced, in the same tick.
 */
export const materialiseBroadcastsJob: SchedulerJob = {
  name: 'materialise-broadcasts',
  every: 'tick',
  run: (ctx, now) => materialiseDueBroadcasts(ctx.conn, now, ctx.log),
};
