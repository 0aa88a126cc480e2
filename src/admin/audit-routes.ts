import { z } from 'zod';
import type { AdminApi } from './api.ts';
import { AuditEntries } from './audit.ts';

const entryView = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  note: z.string().nullable(),
});

export function registerAuditRoutes(api: AdminApi): void {
  api.route(
    {
      method: 'get',
      path: '/audit',
      summary: 'The audit log, newest first',
      tag: 'audit',
      role: 'staff',
      query: z.object({
        action: z.string().max(60).optional(),
        before: z.iso.datetime().optional().describe('only entries before this time (paging)'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: z.object({ items: z.array(entryView) }),
    },
    async ({ query }) => {
      const filter: Record<string, unknown> = {};
      if (query.action) filter.action = query.action;
      if (query.before) filter.at = { $lt: new Date(query.before) };
      const rows = await AuditEntries(api.ctx.conn).find(filter).sort({ at: -1 }).limit(query.limit).lean();
      return {
        items: rows.map((r) => ({
          id: String(r._id),
          at: r.at.toISOString(),
          actor: r.actorName,
          action: r.action,
          target: r.target ?? null,
          before: r.before ?? null,
          after: r.after ?? null,
          note: r.note ?? null,
        })),
      };
    },
  );
}
