import { z } from 'zod';
import type { InboundEvent } from '../inbox/event.ts';

/** The payload our Messenger Profile "Get Started" button sends (set it so in the page's profile). */
export const GET_STARTED_PAYLOAD = 'GET_STARTED';

const id = z.string().min(1);

const messagingItem = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: z.number().int().nonnegative(),
  message: z
    .object({
      mid: id,
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string() }).optional(),
      attachments: z.array(z.object({ type: z.string(), payload: z.object({ url: z.string().optional() }).nullish() })).optional(),
    })
    .optional(),
  postback: z
    .object({
      mid: z.string().optional(),
      title: z.string().optional(),
      payload: z.string(),
      referral: z.object({ ref: z.string().optional() }).optional(),
    })
    .optional(),
  referral: z.object({ ref: z.string().optional(), source: z.string().optional() }).optional(),
});

const envelopeSchema = z.object({
  object: z.literal('page'),
  entry: z.array(z.object({ id, messaging: z.array(z.unknown()).optional() })),
});

export interface ParsedBatch {
  events: InboundEvent[];
  /** Items we do not turn into bot turns: echoes, receipts, unknown kinds, malformed items. */
  ignored: number;
  /** Set when the whole body is not a Messenger page payload. */
  invalid?: string;
}

/** A signed webhook body → the events the bot should see, in the order given. */
export function parseMessengerBody(body: unknown): ParsedBatch {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return { events: [], ignored: 0, invalid: envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const events: InboundEvent[] = [];
  let ignored = 0;
  for (const entry of envelope.data.entry) {
    for (const raw of entry.messaging ?? []) {
      const item = messagingItem.safeParse(raw);
      const event = item.success ? toEvent(item.data) : null;
      if (event) events.push(event);
      else ignored++;
    }
  }
  return { events, ignored };
}

function toEvent(item: z.infer<typeof messagingItem>): InboundEvent | null {
  const common = { channel: 'messenger' as const, accountId: item.recipient.id, userId: item.sender.id, occurredAt: item.timestamp, interaction: true };
  const { message, postback, referral } = item;
  if (message) {
    if (message.is_echo) return null; // our own (or staff's) sends coming back
    if (message.quick_reply) return { ...common, key: message.mid, kind: 'quick_reply', text: message.text, payload: message.quick_reply.payload };
    if (message.attachments?.length) {
      return { ...common, key: message.mid, kind: 'attachment', text: message.text, attachments: message.attachments.map((a) => ({ type: a.type, url: a.payload?.url })) };
    }
    if (message.text !== undefined) return { ...common, key: message.mid, kind: 'text', text: message.text };
    return null;
  }
  if (postback) {
    // `postback.mid` exists since Graph v11; older deliveries are keyed by person and time.
    const key = postback.mid ?? `postback:${item.sender.id}:${item.timestamp}`;
    if (postback.payload === GET_STARTED_PAYLOAD) return { ...common, key, kind: 'get_started', payload: postback.referral?.ref };
    return { ...common, key, kind: 'postback', text: postback.title, payload: postback.payload };
  }
  if (referral) return { ...common, key: `referral:${item.sender.id}:${item.timestamp}`, kind: 'referral', payload: referral.ref };
  return null;
}
