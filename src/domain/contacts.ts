import { Schema } from 'mongoose';
import { z } from 'zod';
import { defineModel } from '../db/define.ts';

/**
 * A person as seen on one channel. One contact per (channel, platform user id); the `_id` is that
 * pair (`messenger:<PSID>`, `zalo:<user_id>`, `console:<name>`), so creating it twice is harmless.
 * Leads link to contacts; the scheduler and broadcasts address contacts.
 */
/**
 * Which channels exist is decided by src/channels/registry.ts, not here: domain code only checks
 * that an id has the shape of one (lower-case letters and digits), so a new channel needs no edit
 * in the domain. Ids are validated against the registry where events enter (the channel's webhook).
 */
const CHANNEL_ID = '[a-z][a-z0-9]{1,19}';
export const channelIdPattern = new RegExp(`^${CHANNEL_ID}$`);
export const channelIdSchema = z.string().regex(channelIdPattern, 'must be a channel id such as zalo');
export type ChannelId = z.infer<typeof channelIdSchema>;

/**
 * `<channel>:<user id>`, the one pattern for contact ids everywhere; `userId` narrows the user part
 * where an id comes from outside (admin routes), default anything non-empty.
 */
export function contactIdPattern(userId = '.+'): RegExp {
  return new RegExp(`^${CHANNEL_ID}:${userId}$`);
}

export function contactId(channel: ChannelId, userId: string): string {
  return `${channel}:${userId}`;
}

const contactSchema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, match: channelIdPattern, required: true },
    userId: { type: String, required: true },
    /** From the platform's profile API when available. Personal data: never logged. */
    displayName: { type: String },
    language: { type: String, enum: ['vi', 'en'], default: 'vi' },
    /** IANA zone; the scheduler never messages anyone at night in this zone. */
    timeZone: { type: String },
    firstInboundAt: { type: Date, required: true },
    /** The last time the person wrote or tapped: decides the platform's messaging window. */
    lastInboundAt: { type: Date, required: true, index: true },
    /** Set when the platform says we can never reach this person (blocked the page, unfollowed…). */
    unreachable: { at: Date, reason: String },
    /** Opt-outs honoured by every later job. */
    optOut: {
      reminders: { type: Boolean, default: false },
      nudges: { type: Boolean, default: false },
      broadcasts: { type: Boolean, default: false },
    },
    /** The person asked for a human: the bot stays quiet until staff release it or this passes. */
    handoffUntil: { type: Date },
    erasedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
contactSchema.index({ channel: 1, userId: 1 }, { unique: true });

export const Contacts = defineModel('Contact', contactSchema);
