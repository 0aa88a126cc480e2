import { Counter } from 'prom-client';
import type { Metrics } from '../core/metrics.ts';

/** Channel counters on the service's registry (one registry per service instance). */
export function createChannelMetrics(metrics: Metrics) {
  return {
    webhookEvents: new Counter({
      name: 'channel_webhook_events_total',
      help: 'Webhook events by channel and result (stored, duplicate, ignored, rejected, receipt)',
      labelNames: ['channel', 'result'] as const,
      registers: [metrics.registry],
    }),
    replies: new Counter({
      name: 'channel_replies_total',
      help: 'Bot replies by channel and result (sent, failed)',
      labelNames: ['channel', 'result'] as const,
      registers: [metrics.registry],
    }),
  };
}

export type ChannelMetrics = ReturnType<typeof createChannelMetrics>;
