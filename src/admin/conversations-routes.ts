import { z } from 'zod';
import { HttpError, notFound } from '../http/errors.ts';
import { formatPhoneKey } from '../domain/leads/phone.ts';
import { deliveryKey, enqueueDeliveries } from '../outbox/deliveries.ts';
import { channelIdSchema } from '../domain/contacts.ts';
import { registeredContactIdPattern } from '../channels/registry.ts';
import { inHandoff, startHandoff } from '../domain/handoffs.ts';
import { Leads } from '../domain/leads/model.ts';
import type { AdminApi } from './api.ts';
import { recordAudit, recordRead } from './audit.ts';
import { conversationMessageView, findContact, recentMessages, replyWindow, replyWindowView } from './conversation.ts';
import type { AdminDeps } from './deps.ts';

const contactIdParam = z.object({
  contactId: z.string().regex(registeredContactIdPattern('[\\w.-]{1,128}'), 'phải có dạng <kênh>:<mã người dùng> / must be <channel>:<user id>'),
});

const conversationView = z.object({
  contactId: z.string(),
  channel: channelIdSchema,
  name: z.string().nullable(),
  /** The registered phone (0912 345 678 form), to call when the window is closed. */
  phone: z.string().nullable(),
  leadId: z.string().nullable(),
  language: z.enum(['vi', 'en']),
  lastInboundAt: z.iso.datetime(),
  /** The bot is quiet for this person until then (null: the bot answers). */
  handoffUntil: z.iso.datetime().nullable(),
  window: replyWindowView,
  messages: z.array(conversationMessageView),
});

const replyBody = z
  .object({
    text: z.string().trim().min(1, 'hãy viết nội dung trả lời / write the reply first').max(2000, 'tối đa 2000 ký tự / at most 2000 characters'),
    /** Chosen by the console once per reply: sending the same reply twice (double click, retry) sends it once. */
    requestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'mã yêu cầu không hợp lệ / invalid request id'),
  })
  .strict();

/** The console's conversation view and staff replies, sent through the delivery queue. */
export function registerConversationRoutes(api: AdminApi, deps: AdminDeps): void {
  const { conn, clock } = api.ctx;

  async function contactOr404(contactId: string) {
    const contact = await findContact(conn, contactId);
    if (!contact || contact.erasedAt) throw notFound('contact');
    return contact;
  }

  api.route(
    {
      method: 'get',
      path: '/conversations/:contactId',
      summary: "One person's recent conversation (their messages, the bot's answers, messages sent to them) and whether staff may write now",
      tag: 'conversations',
      role: 'staff',
      params: contactIdParam,
      response: conversationView,
      errors: [404],
    },
    async ({ params, actor }) => {
      const now = clock.now();
      const contact = await contactOr404(params.contactId);
      const lead = await Leads(conn).findOne({ contactIds: contact._id, erasedAt: { $exists: false } }, { fullName: 1, phoneKey: 1, contactIds: 1 }).lean();
      const language = contact.language === 'en' ? 'en' : 'vi';
      await recordRead(conn, actor, now, 'conversation.view', `contact:${contact._id}`);
      return {
        contactId: contact._id,
        channel: channelIdSchema.parse(contact.channel),
        name: lead?.fullName ?? contact.displayName ?? null,
        phone: lead ? formatPhoneKey(lead.phoneKey) || null : null,
        leadId: lead ? String(lead._id) : null,
        language,
        lastInboundAt: contact.lastInboundAt.toISOString(),
        handoffUntil: inHandoff(contact, now) ? contact.handoffUntil!.toISOString() : null,
        window: replyWindow(deps.outbound, contact, now),
        messages: await recentMessages(conn, lead?.contactIds.length ? lead.contactIds : [contact._id], language),
      };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/conversations/:contactId/replies',
      summary: "Staff write to the person through their channel (stored, then sent by the delivery worker; 409 window_closed when the platform's window is closed: phone them)",
      tag: 'conversations',
      role: 'staff',
      params: contactIdParam,
      body: replyBody,
      status: 202,
      response: z.object({ id: z.string(), status: z.literal('pending') }),
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      const now = clock.now();
      const contact = await contactOr404(params.contactId);
      const window = replyWindow(deps.outbound, contact, now);
      if (!window.open) {
        throw new HttpError(409, window.reason ?? 'window_closed', 'đã quá thời hạn nhắn tin — hãy gọi điện / the messaging window is closed: phone them');
      }
      // Staff answering someone the bot was still talking to take the conversation over, as when
      // they answer in the Page inbox (the bot must not talk over them); an open handoff stays as it is.
      await startHandoff(conn, { contactId: contact._id, channel: contact.channel, now, hours: api.ctx.config.handoffHours, topic: 'staff_replied' });
      const delivery = { kind: 'staff_reply' as const, subjectId: 'console', contactId: contact._id, occurrence: body.requestId, dueAt: now, purpose: 'notice' as const, text: { vi: body.text } };
      const { inserted } = await enqueueDeliveries(conn, [delivery]);
      // Who wrote to whom, not what: the text stays in the delivery and goes when the person is erased.
      if (inserted > 0) await recordAudit(conn, actor, now, { action: 'conversation.reply', target: `contact:${contact._id}` });
      // Stored first; sending starts after the answer, and the next tick would catch anything missed.
      deps.deliverSoon?.();
      return { id: deliveryKey(delivery), status: 'pending' as const };
    },
  );
}
