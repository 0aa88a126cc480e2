import type { Connection } from 'mongoose';
import { z } from 'zod';
import { enqueueDeliveries } from '../outbox/deliveries.ts';
import { localizedRenderer } from '../reminders/texts.ts';
import { notFound } from '../http/errors.ts';
import { listOpenHandoffs, releaseHandoff } from '../domain/handoffs.ts';
import { registeredContactIdPattern } from '../channels/registry.ts';
import type { AdminApi } from './api.ts';
import { recordAudit, recordRead } from './audit.ts';
import { namesOf } from './people.ts';

const handoffView = z.object({
  contactId: z.string(),
  channel: z.string(),
  requestedAt: z.iso.datetime(),
  until: z.iso.datetime(),
  /** How long the person has waited, by the service's clock (the browser's may be wrong). */
  waitingSeconds: z.number().int().nonnegative(),
  topic: z.string().nullable(),
  /** The name the person registered with, else their platform profile name; null when unknown. */
  name: z.string().nullable(),
  leadId: z.string().nullable(),
});

const contactIdParam = z.object({
  contactId: z.string().regex(registeredContactIdPattern('[\\w.-]{1,128}'), 'must be <channel>:<user id>'),
});

/**
 * Tells the person the bot answers again, through the delivery queue (stored before the 204, sent
 * once even if staff click twice in the same second or a copy of the service crashes).
 */
async function tellReleased(conn: Connection, contactId: string, now: Date): Promise<void> {
  const render = await localizedRenderer();
  await enqueueDeliveries(conn, [
    { kind: 'handoff_release', subjectId: 'handoff', contactId, occurrence: String(Math.floor(now.getTime() / 1000)), dueAt: now, purpose: 'notice', text: render('handoffReleased') },
  ]);
}

/** People waiting for staff ("talk to staff"): the bot is silent for them until released. */
export function registerHandoffRoutes(api: AdminApi): void {
  const { conn, clock } = api.ctx;

  api.route(
    { method: 'get', path: '/handoffs', summary: 'Open requests to talk to staff, oldest first', tag: 'handoffs', role: 'staff', response: z.object({ items: z.array(handoffView) }) },
    async ({ actor }) => {
      const now = clock.now();
      const open = await listOpenHandoffs(conn, now);
      const people = await namesOf(conn, open.map((h) => h.contactId));
      if (open.length > 0) await recordRead(conn, actor, now, 'handoff.list', 'handoffs');
      return {
        items: open.map((h) => ({
          contactId: h.contactId,
          channel: h.channel,
          requestedAt: h.requestedAt.toISOString(),
          until: h.until.toISOString(),
          waitingSeconds: Math.max(0, Math.floor((now.getTime() - h.requestedAt.getTime()) / 1000)),
          topic: h.topic ?? null,
          name: people.get(h.contactId)?.name ?? null,
          leadId: people.get(h.contactId)?.leadId ?? null,
        })),
      };
    },
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
      const now = clock.now();
      const released = await releaseHandoff(conn, params.contactId, now, actor.name);
      if (!released) throw notFound('open handoff');
      await tellReleased(conn, params.contactId, now);
      await recordAudit(conn, actor, clock.now(), { action: 'handoff.release', target: `contact:${params.contactId}` });
      return undefined;
    },
  );
}
