import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { Outbound } from '../outbox/sender.ts';
import { deliveryStatusSchema, Deliveries } from '../outbox/deliveries.ts';
import { Contacts, type ChannelId } from '../domain/contacts.ts';
import { InboxEvents, TurnOutcomes } from '../channels/inbox/models.ts';

/**
 * One person's recent conversation as staff see it: what they wrote (the stored webhook events),
 * what the bot answered (the turns' stored replies), and every message sent to them outside a turn
 * (reminders, notices, broadcasts, staff replies — the deliveries). Nothing is copied into a
 * separate history, so an erasure (which empties those records) leaves nothing here either.
 */
export const conversationMessageView = z.object({
  at: z.iso.datetime(),
  from: z.enum(['person', 'bot', 'staff']),
  /** null for an attachment without text. */
  text: z.string().nullable(),
  /** For messages sent outside a turn: how sending went (pending, sent, window_closed…). */
  status: deliveryStatusSchema.nullable(),
  /** 'attachment', 'button' (a tapped button), 'notice' (reminder, nudge, broadcast) or 'message'. */
  kind: z.enum(['message', 'button', 'attachment', 'notice']),
});
export type ConversationMessage = z.infer<typeof conversationMessageView>;

interface StoredEvent {
  kind?: string;
  text?: string;
  payload?: string;
  occurredAt?: number;
}

const personKinds = new Set(['text', 'quick_reply', 'postback', 'attachment', 'staff_reply']);

function fromEvent(raw: string): ConversationMessage | null {
  let e: StoredEvent;
  try {
    e = JSON.parse(raw) as StoredEvent;
  } catch {
    return null;
  }
  if (!e.kind || !personKinds.has(e.kind) || typeof e.occurredAt !== 'number') return null;
  const at = new Date(e.occurredAt).toISOString();
  // Staff who answered in the platform's own inbox (Page inbox, OA Manager) are part of the talk too.
  if (e.kind === 'staff_reply') return { at, from: 'staff', text: e.text ?? null, status: 'sent', kind: 'message' };
  if (e.kind === 'attachment') return { at, from: 'person', text: e.text ?? null, status: null, kind: 'attachment' };
  const tapped = e.kind === 'quick_reply' || e.kind === 'postback';
  return { at, from: 'person', text: e.text ?? e.payload ?? null, status: null, kind: tapped ? 'button' : 'message' };
}

async function inboundAndTurns(conn: Connection, contactIds: string[], limit: number): Promise<ConversationMessage[]> {
  const events = await InboxEvents(conn).find({ conversation: { $in: contactIds } }, { event: 1 }).sort({ occurredAt: -1 }).limit(limit).lean();
  const messages: ConversationMessage[] = [];
  const eventTimes = new Map<string, number>();
  for (const e of events) {
    const m = fromEvent(e.event);
    if (m) messages.push(m);
    if (m) eventTimes.set(e._id, Date.parse(m.at));
  }
  const outcomes = await TurnOutcomes(conn).find({ _id: { $in: [...eventTimes.keys()] } }).lean();
  for (const o of outcomes) {
    const answeredAt = eventTimes.get(o._id) ?? o.createdAt.getTime();
    let replies: { text?: unknown }[] = [];
    try {
      replies = JSON.parse(o.replies) as { text?: unknown }[];
    } catch {
      continue;
    }
    replies.forEach((r, i) => {
      if (typeof r.text !== 'string' || !r.text) return;
      // The platform's clock for both sides: a turn's replies follow the message, in their order.
      messages.push({ at: new Date(answeredAt + i + 1).toISOString(), from: 'bot', text: r.text, status: null, kind: 'message' });
    });
  }
  return messages;
}

async function deliveredTo(conn: Connection, contactIds: string[], language: 'vi' | 'en', limit: number): Promise<ConversationMessage[]> {
  const rows = await Deliveries(conn).find({ contactId: { $in: contactIds } }, { kind: 1, text: 1, status: 1, dueAt: 1, sentAt: 1 }).sort({ dueAt: -1 }).limit(limit).lean();
  return rows.map((d) => ({
    at: (d.sentAt ?? d.dueAt).toISOString(),
    from: d.kind === 'staff_reply' ? ('staff' as const) : ('bot' as const),
    // An erased person's messages lost their text (erase.ts): nothing to show.
    text: (language === 'en' && d.text?.en) || d.text?.vi || null,
    status: deliveryStatusSchema.parse(d.status),
    kind: d.kind === 'staff_reply' ? ('message' as const) : ('notice' as const),
  }));
}

/** The last `limit` messages with these contacts (one person may write on Zalo and Messenger), oldest first. */
export async function recentMessages(conn: Connection, contactIds: string[], language: 'vi' | 'en', limit = 40): Promise<ConversationMessage[]> {
  if (contactIds.length === 0) return [];
  const all = [...(await inboundAndTurns(conn, contactIds, limit)), ...(await deliveredTo(conn, contactIds, language, limit))];
  return all.sort((a, b) => a.at.localeCompare(b.at)).slice(-limit);
}

export const replyWindowView = z.object({
  open: z.boolean(),
  /** When the window closes (null when it is closed or the channel is off). */
  closesAt: z.iso.datetime().nullable(),
  /** Why a reply cannot go now: 'window_closed', 'channel_off', 'unreachable' or 'erased'. */
  reason: z.enum(['window_closed', 'channel_off', 'unreachable', 'erased']).nullable(),
});
export type ReplyWindow = z.infer<typeof replyWindowView>;

type ContactForWindow = { _id: string; channel: string; userId: string; language?: string | null; lastInboundAt: Date; unreachable?: { at?: Date | null } | null; erasedAt?: Date | null };

/** Whether staff may write to this person now, decided by the channel itself (the same rule the delivery worker applies). */
export function replyWindow(outbound: Outbound, contact: ContactForWindow, now: Date): ReplyWindow {
  const closed = (reason: NonNullable<ReplyWindow['reason']>): ReplyWindow => ({ open: false, closesAt: null, reason });
  if (contact.erasedAt) return closed('erased');
  if (contact.unreachable?.at) return closed('unreachable');
  const channel = contact.channel as ChannelId;
  const out = outbound[channel];
  if (!out) return closed('channel_off');
  const recipient = { contactId: contact._id, channel, userId: contact.userId, language: contact.language === 'en' ? ('en' as const) : ('vi' as const), lastInboundAt: contact.lastInboundAt };
  if (out.route(recipient, 'notice', now).kind !== 'free') return closed('window_closed');
  // The channel states its own window (src/channels/<platform>/channel.ts); none stated: no closing time to show.
  const closesAt = out.windowMs === undefined ? null : new Date(contact.lastInboundAt.getTime() + out.windowMs).toISOString();
  return { open: true, closesAt, reason: null };
}

export async function findContact(conn: Connection, contactId: string) {
  return Contacts(conn).findById(contactId).lean<ContactForWindow & { displayName?: string | null; handoffUntil?: Date | null }>();
}
