import { z } from 'zod';
import { contactId } from '../../store/contacts.ts';

/**
 * A platform webhook event after parsing, in one shape for both platforms. This is what the inbox
 * stores and what the adapters turn into botbuilder Activities.
 */
export const inboundEventSchema = z.object({
  channel: z.enum(['messenger', 'zalo']),
  /** Unique per platform event: Messenger mid, Zalo msg_id, or `<kind>:<user>:<timestamp>`. */
  key: z.string().min(1),
  /** Page id / OA id. */
  accountId: z.string(),
  userId: z.string().min(1),
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

export function inboxId(event: Pick<InboundEvent, 'channel' | 'key'>): string {
  return `${event.channel}:${event.key}`;
}

/** A conversation is one person on one channel, so its key is the person's contact id. */
export function conversationOf(event: Pick<InboundEvent, 'channel' | 'userId'>): string {
  return contactId(event.channel, event.userId);
}
