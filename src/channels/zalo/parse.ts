import { z } from 'zod';
import type { InboundEvent } from '../inbox/event.ts';

// Ids are 19-digit numbers sent as strings; a JSON number would have lost precision, so it is refused.
const id = z.string().regex(/^\w{1,64}$/);
const timestamp = z.string().regex(/^\d{10,16}$/);

/** Just enough to check the signature (it covers the body's own timestamp). */
export const signedPartSchema = z.object({ app_id: z.string(), timestamp });

const userMessage = z.object({
  event_name: z.string().regex(/^user_send_/),
  timestamp,
  sender: z.object({ id }),
  recipient: z.object({ id }),
  message: z.object({
    msg_id: z.string().min(1),
    text: z.string().optional(),
    attachments: z.array(z.object({ type: z.string(), payload: z.object({ url: z.string().optional() }).nullish() })).optional(),
  }),
});

const followEvent = z.object({
  event_name: z.enum(['follow', 'unfollow']),
  timestamp,
  oa_id: id,
  follower: z.object({ id }),
  source: z.string().optional(),
});

const submitInfo = z.object({
  event_name: z.literal('user_submit_info'),
  timestamp,
  sender: z.object({ id }),
  recipient: z.object({ id }),
  // Zalo's own sample sends `phone` as a JSON number; empty fields may come as null.
  info: z
    .record(z.string().max(40), z.union([z.string().max(300), z.number(), z.null()]))
    .transform((info) => Object.fromEntries(Object.entries(info).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])))),
});

/**
 * The person withdrew consent, asked for deletion or restricted processing in Zalo itself. The
 * exact body is not published: the user may be in `sender`, `user_id` or `follower`, and what they
 * asked in one of a few fields; anything but an explicit "restrict" is taken as erase (the safe side).
 */
const withdrawEvent = z
  .object({
    event_name: z.literal('user_withdraw'),
    timestamp,
    sender: z.object({ id }).optional(),
    user_id: id.optional(),
    follower: z.object({ id }).optional(),
    recipient: z.object({ id }).optional(),
    oa_id: id.optional(),
    type: z.string().max(100).optional(),
    action: z.string().max(100).optional(),
    request_type: z.string().max(100).optional(),
  })
  .refine((e) => e.sender ?? e.user_id ?? e.follower, { message: 'no user id (sender, user_id or follower)', path: ['sender'] });

/**
 * What the OA sent (echo). Sent from the OA Manager chat by a person, it names them in `admin_id`
 * (in `sender` or at the top); our own API sends have none and are ignored (no loop).
 */
const oaSend = z.object({
  event_name: z.string().regex(/^oa_send_/),
  timestamp,
  sender: z.object({ id, admin_id: z.string().min(1).optional() }),
  recipient: z.object({ id }),
  admin_id: z.string().min(1).optional(),
  message: z.object({ msg_id: z.string().min(1) }),
});

/** Receipts: understood, not turned into turns. */
const NOT_FOR_THE_BOT = /^(user_received_message|user_seen_message)$/;

export type ZaloParse = { event: InboundEvent } | { ignored: string } | { invalid: string };

/** One signed Zalo OA event → the event the bot should see, or why there is none. */
export function parseZaloBody(body: unknown): ZaloParse {
  const name = (body as { event_name?: unknown } | null)?.event_name;
  if (typeof name !== 'string') return { invalid: 'event_name: missing' };
  if (NOT_FOR_THE_BOT.test(name)) return { ignored: name };

  if (name.startsWith('user_send_')) {
    const p = userMessage.safeParse(body);
    if (!p.success) return { invalid: issues(p.error) };
    const { message, sender, recipient } = p.data;
    const common = { channel: 'zalo' as const, key: message.msg_id, accountId: recipient.id, userId: sender.id, occurredAt: Number(p.data.timestamp), interaction: true };
    if (name === 'user_send_text') return { event: { ...common, kind: 'text', text: message.text ?? '' } };
    return {
      event: { ...common, kind: 'attachment', text: message.text, attachments: (message.attachments ?? []).map((a) => ({ type: a.type, url: a.payload?.url ?? undefined })) },
    };
  }
  if (name === 'follow' || name === 'unfollow') {
    const p = followEvent.safeParse(body);
    if (!p.success) return { invalid: issues(p.error) };
    const user = p.data.follower.id;
    return {
      event: {
        channel: 'zalo',
        key: `${name}:${user}:${p.data.timestamp}`,
        accountId: p.data.oa_id,
        userId: user,
        kind: name,
        payload: p.data.source,
        occurredAt: Number(p.data.timestamp),
        interaction: name === 'follow',
      },
    };
  }
  if (name === 'user_withdraw') return withdrawal(body);
  if (name.startsWith('oa_send_')) return staffSend(body);
  if (name === 'user_submit_info') {
    const p = submitInfo.safeParse(body);
    if (!p.success) return { invalid: issues(p.error) };
    const user = p.data.sender.id;
    return {
      event: {
        channel: 'zalo',
        key: `submit_info:${user}:${p.data.timestamp}`,
        accountId: p.data.recipient.id,
        userId: user,
        kind: 'submit_info',
        sharedInfo: p.data.info,
        occurredAt: Number(p.data.timestamp),
        interaction: true,
      },
    };
  }
  return { ignored: name };
}

function withdrawal(body: unknown): ZaloParse {
  const p = withdrawEvent.safeParse(body);
  if (!p.success) return { invalid: issues(p.error) };
  const user = (p.data.sender ?? p.data.follower)?.id ?? p.data.user_id!;
  const asked = [p.data.type, p.data.action, p.data.request_type].filter(Boolean).join(' ');
  return {
    event: {
      channel: 'zalo',
      key: `withdraw:${user}:${p.data.timestamp}`,
      accountId: p.data.recipient?.id ?? p.data.oa_id ?? '',
      userId: user,
      kind: 'withdraw',
      payload: /restrict|han_che|hạn chế/i.test(asked) ? 'restrict' : 'erase',
      occurredAt: Number(p.data.timestamp),
      interaction: false,
    },
  };
}

function staffSend(body: unknown): ZaloParse {
  const p = oaSend.safeParse(body);
  if (!p.success) return { invalid: issues(p.error) };
  if (!p.data.sender.admin_id && !p.data.admin_id) return { ignored: p.data.event_name };
  return {
    event: {
      channel: 'zalo',
      key: `staff:${p.data.message.msg_id}`,
      accountId: p.data.sender.id,
      userId: p.data.recipient.id,
      kind: 'staff_reply',
      occurredAt: Number(p.data.timestamp),
      interaction: false,
    },
  };
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}
