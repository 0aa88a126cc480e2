import { z } from 'zod';
import { notFound } from '../http/errors.ts';
import { erasePerson } from '../privacy/erase.ts';
import { languageSchema } from '../content/i18n.ts';
import { channelIdSchema, Contacts } from '../domain/contacts.ts';
import { registeredChannelIdSchema, registeredContactIdPattern } from '../channels/registry.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';

const CONTACT_ID = registeredContactIdPattern('[A-Za-z0-9_.-]{1,100}');

const contactView = z.object({
  id: z.string(),
  channel: channelIdSchema,
  displayName: z.string().nullable(),
  language: languageSchema,
  optOut: z.object({ reminders: z.boolean(), nudges: z.boolean(), broadcasts: z.boolean() }),
  unreachable: z.object({ at: z.iso.datetime(), reason: z.string() }).nullable(),
  firstInboundAt: z.iso.datetime(),
  lastInboundAt: z.iso.datetime(),
  erasedAt: z.iso.datetime().nullable(),
});

interface ContactRow {
  _id: string;
  channel: string;
  displayName?: string | null;
  language?: string | null;
  optOut?: { reminders?: boolean | null; nudges?: boolean | null; broadcasts?: boolean | null } | null;
  unreachable?: { at?: Date | null; reason?: string | null } | null;
  firstInboundAt: Date;
  lastInboundAt: Date;
  erasedAt?: Date | null;
}

const view = (c: ContactRow): z.infer<typeof contactView> => ({
  id: c._id,
  channel: channelIdSchema.parse(c.channel),
  displayName: c.displayName ?? null,
  language: languageSchema.catch('vi').parse(c.language),
  optOut: { reminders: Boolean(c.optOut?.reminders), nudges: Boolean(c.optOut?.nudges), broadcasts: Boolean(c.optOut?.broadcasts) },
  unreachable: c.unreachable?.at ? { at: c.unreachable.at.toISOString(), reason: c.unreachable.reason ?? '' } : null,
  firstInboundAt: c.firstInboundAt.toISOString(),
  lastInboundAt: c.lastInboundAt.toISOString(),
  erasedAt: c.erasedAt ? c.erasedAt.toISOString() : null,
});

/** The people the bot talks to (never their messages), and staff erase of a person. */
export function registerContactRoutes(api: AdminApi): void {
  const { conn, clock } = api.ctx;

  api.route(
    {
      method: 'get',
      path: '/contacts',
      summary: 'List contacts, most recently active first (no message texts)',
      tag: 'contacts',
      role: 'staff',
      query: z.object({
        channel: registeredChannelIdSchema.optional(),
        language: languageSchema.optional(),
        optedOut: z.enum(['reminders', 'nudges', 'broadcasts']).optional().describe('only contacts who opted out of this'),
        page: z.coerce.number().int().min(1).max(100_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: z.object({ items: z.array(contactView), total: z.number(), page: z.number(), pageSize: z.number() }),
    },
    async ({ query }) => {
      const filter: Record<string, unknown> = {};
      if (query.channel) filter.channel = query.channel;
      if (query.language) filter.language = query.language;
      if (query.optedOut) filter[`optOut.${query.optedOut}`] = true;
      const [items, total] = await Promise.all([
        Contacts(conn).find(filter).sort({ lastInboundAt: -1, _id: 1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean<ContactRow[]>(),
        Contacts(conn).countDocuments(filter),
      ]);
      return { items: items.map(view), total, page: query.page, pageSize: query.pageSize };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/contacts/:id/erase',
      summary: "Erase a person's personal data: their lead is anonymised, profile details and chat state removed",
      tag: 'contacts',
      role: 'admin',
      params: z.object({ id: z.string().max(120) }),
      response: z.object({ erased: z.literal(true), leads: z.number() }),
      errors: [404],
    },
    async ({ params, actor }) => {
      if (!CONTACT_ID.test(params.id)) throw notFound('contact');
      const now = clock.now();
      const result = await erasePerson(conn, { contactId: params.id }, 'staff', now);
      if (!result.found) throw notFound('contact');
      await recordAudit(conn, actor, now, { action: 'contact.erase', target: `contact:${params.id}`, after: { leads: result.leads } });
      return { erased: true as const, leads: result.leads };
    },
  );
}
