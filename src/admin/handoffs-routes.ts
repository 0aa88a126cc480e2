import { z } from 'zod';
import { notFound } from '../http/errors.ts';
import { listOpenHandoffs, releaseHandoff } from '../store/handoffs.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';

const handoffView = z.object({
  contactId: z.string(),
  channel: z.string(),
  requestedAt: z.iso.datetime(),
  until: z.iso.datetime(),
  topic: z.string().nullable(),
});

const contactIdParam = z.object({
  contactId: z.string().regex(/^(messenger|zalo|console):[\w.-]{1,128}$/, 'must be <channel>:<user id>'),
});

/** People waiting for staff ("talk to staff"): the bot is silent for them until released. */
export function registerHandoffRoutes(api: AdminApi): void {
  const { conn, clock } = api.ctx;

  api.route(
    { method: 'get', path: '/handoffs', summary: 'Open requests to talk to staff, oldest first', tag: 'handoffs', role: 'staff', response: z.object({ items: z.array(handoffView) }) },
    async () => ({
      items: (await listOpenHandoffs(conn, clock.now())).map((h) => ({
        contactId: h.contactId,
        channel: h.channel,
        requestedAt: h.requestedAt.toISOString(),
        until: h.until.toISOString(),
        topic: h.topic ?? null,
      })),
    }),
  );

  api.route(
    {
      method: 'post',
      path: '/handoffs/:contactId/release',
      summary: 'Hand the conversation back to the bot',
      tag: 'handoffs',
      role: 'staff',
      params: contactIdParam,
      errors: [404],
    },
    async ({ params, actor }) => {
      const released = await releaseHandoff(conn, params.contactId, clock.now(), actor.name);
      if (!released) throw notFound('open handoff');
      await recordAudit(conn, actor, clock.now(), { action: 'handoff.release', target: `contact:${params.contactId}` });
      return undefined;
    },
  );
}
