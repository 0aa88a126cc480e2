import { z } from 'zod';
import type { InboundEvent } from '../inbox/event.ts';
import { receiptOfMetadata } from '../../outbox/receipts.ts';

/** The payload our Messenger Profile "Get Started" button sends (set it so in the page's profile). */
export const GET_STARTED_PAYLOAD = 'GET_STARTED';

const id = z.string().min(1);
/** Page ids arrive as strings, but Meta's own samples also show numbers. */
const pageId = z.union([id, z.number().int().nonnegative().transform(String)]);
/** Milliseconds; some deliveries send it as a numeric string. */
const timestamp = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,16}$/).transform(Number)]);

const messagingItem = z.object({
  // A sender known only by `user_ref` (checkbox plugin) has no PSID to answer: the item is skipped.
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp,
  message: z
    .object({
      mid: id,
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      app_id: z.union([z.number(), z.string()]).nullish(),
      metadata: z.string().nullish(),
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

const envelopeSchema = z.object({ object: z.literal('page'), entry: z.array(z.unknown()) });
const entrySchema = z.object({ id: pageId, messaging: z.array(z.unknown()).optional() });

export interface MessengerParseOptions {
  /** Our app's id (MESSENGER_APP_ID): echoes from any other app, or none, are staff in the Page inbox. */
  appId?: string | null;
}

export interface ParsedBatch {
  events: InboundEvent[];
  /** Items we do not turn into bot turns: echoes, receipts, unknown kinds, malformed items. */
  ignored: number;
  /** Send receipts: echoes of our own tagged replies (inbox/receipts.ts). */
  confirmed: string[];
  /** Set when the whole body is not a Messenger page payload. */
  invalid?: string;
}

/**
 * A signed webhook body → the events the bot should see, in the order given. Each entry and each
 * item is parsed on its own: one malformed part is counted as ignored, the rest still go through.
 */
export function parseMessengerBody(body: unknown, options: MessengerParseOptions = {}): ParsedBatch {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return { events: [], ignored: 0, confirmed: [], invalid: envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const events: InboundEvent[] = [];
  const confirmed: string[] = [];
  let ignored = 0;
  for (const raw of envelope.data.entry) {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      ignored++;
      continue;
    }
    for (const rawItem of entry.data.messaging ?? []) {
      const item = messagingItem.safeParse(rawItem);
      const receipt = item.success && item.data.message?.is_echo ? receiptOfMetadata(item.data.message.metadata) : null;
      if (receipt) {
        confirmed.push(receipt);
        continue;
      }
      const event = item.success ? toEvent(item.data, options) : null;
      if (event) events.push(event);
      else ignored++;
    }
  }
  return { events, ignored, confirmed };
}

/**
 * An echo is ours when it carries our app id. Without MESSENGER_APP_ID we cannot tell, so every
 * echo is ignored: a missed handoff is better than the bot falling silent after its own messages.
 */
function isStaffEcho(message: { app_id?: number | string | null }, options: MessengerParseOptions): boolean {
  if (!options.appId) return false;
  return message.app_id === undefined || message.app_id === null || String(message.app_id) !== options.appId;
}

function toEvent(item: z.infer<typeof messagingItem>, options: MessengerParseOptions): InboundEvent | null {
  const common = { channel: 'messenger' as const, accountId: item.recipient.id, userId: item.sender.id, occurredAt: item.timestamp, interaction: true };
  const { message, postback, referral } = item;
  if (message) {
    if (message.is_echo) {
      if (!isStaffEcho(message, options)) return null; // our own sends coming back
      // The Page wrote to the person: sender is the Page, recipient the person.
      return { ...common, accountId: item.sender.id, userId: item.recipient.id, key: `staff:${message.mid}`, kind: 'staff_reply', interaction: false };
    }
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
