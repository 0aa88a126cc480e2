import { z } from 'zod';
import { Deliveries, deliveryKindSchema, deliveryStatusSchema } from '../outbox/deliveries.ts';
import type { AdminApi } from './api.ts';

const listQuery = z
  .object({
    status: deliveryStatusSchema.optional(),
    kind: deliveryKindSchema.optional(),
    subjectId: z.string().min(1).max(64).optional(),
    /** `YYYY-MM` of the due date. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

const deliveryView = z.object({
  key: z.string(),
  kind: deliveryKindSchema,
  subjectId: z.string(),
  contactId: z.string(),
  dueAt: z.string(),
  status: deliveryStatusSchema,
  attempts: z.number(),
  lastError: z.string().optional(),
  sentAt: z.string().optional(),
});

/**
 * Proactive messages and how they went. `?status=window_closed` is the list of people no platform
 * window allowed us to reach: staff phone them instead.
 */
export function registerDeliveryRoutes(api: AdminApi): void {
  const { conn } = api.ctx;
  api.route(
    {
      method: 'get',
      path: '/deliveries',
      summary: 'Reminders, nudges, notices and broadcast messages with their outcome (e.g. status=window_closed: phone these people)',
      tag: 'deliveries',
      role: 'staff',
      query: listQuery,
      response: z.object({ items: z.array(deliveryView) }),
    },
    async ({ query }) => {
      const { limit, ...filter } = query;
      const rows = await Deliveries(conn).find(filter).sort({ dueAt: -1 }).limit(limit).lean();
      return {
        items: rows.map((d) => ({
          key: d._id,
          kind: d.kind,
          subjectId: d.subjectId,
          contactId: d.contactId,
          dueAt: d.dueAt.toISOString(),
          status: d.status,
          attempts: d.attempts,
          ...(d.lastError ? { lastError: d.lastError } : {}),
          ...(d.sentAt ? { sentAt: d.sentAt.toISOString() } : {}),
        })),
      };
    },
  );
}
