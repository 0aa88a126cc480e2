import { z } from 'zod';
import { channelIdSchema, contactId } from '../../domain/contacts.ts';

/**
 * An identifier we store as it is (document ids, contact ids). PostgreSQL, under FerretDB, cannot
 * hold the NUL character in any string, and no platform id contains one: an event carrying one is
 * not stored (its text is kept as JSON, where NUL is escaped, so message text may contain it).
 */
const storedId = z
  .string()
  .min(1)
  .refine((s) => !s.includes('\u0000'), 'contains a NUL character');

/**
 * A platform webhook event after parsing, in one shape for every channel. This is what the inbox
 * stores and what the adapters turn into botbuilder Activities.
 */
export const inboundEventSchema = z.object({
  /** A channel in the registry: each channel's webhook routes only produce events of their own channel. */
  channel: channelIdSchema,
  /** Unique per platform event: Messenger mid, Zalo msg_id, or `<kind>:<user>:<timestamp>`. */
  key: storedId,
  /** Page id / OA id. */
  accountId: z.string(),
  userId: storedId,
  /**
   * `withdraw`: the person used their data rights in the platform itself (Zalo `user_withdraw`);
   * `staff_reply`: staff answered the person from the platform's own inbox (the bot steps back).
   */
  kind: z.enum(['text', 'quick_reply', 'postback', 'attachment', 'get_started', 'follow', 'unfollow', 'submit_info', 'referral', 'withdraw', 'staff_reply']),
  text: z.string().optional(),
  /** Quick-reply / postback / button payload. */
  payload: z.string().optional(),
  attachments: z.array(z.object({ type: z.string(), url: z.string().optional() })).optional(),
  /** Data the person chose to share (Zalo request-info form). Personal data: never logged. */
  sharedInfo: z.record(z.string(), z.string()).optional(),
  /** Platform timestamp, ms since epoch. */
  occurredAt: z.number().int().nonnegative(),
  /** True when the event opens or extends the platform's messaging window. */
  interaction: z.boolean(),
});

export type InboundEvent = z.infer<typeof inboundEventSchema>;

/** Whether the inbox can keep this event (see storedId). */
export function isStorable(event: InboundEvent): boolean {
  return inboundEventSchema.safeParse(event).success;
}

export function inboxId(event: Pick<InboundEvent, 'channel' | 'key'>): string {
  return `${event.channel}:${event.key}`;
}

/** A conversation is one person on one channel, so its key is the person's contact id. */
export function conversationOf(event: Pick<InboundEvent, 'channel' | 'userId'>): string {
  return contactId(event.channel, event.userId);
}
