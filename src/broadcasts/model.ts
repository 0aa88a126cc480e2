import { Schema } from 'mongoose';
import { z } from 'zod';
import { marketIdSchema } from '../content/schema.ts';
import { languageSchema } from '../content/i18n.ts';
import { channelIdSchema } from '../domain/contacts.ts';
import { defineModel } from '../db/define.ts';

/**
 * A staff notice sent to an audience. The broadcast document is the plan; the messages themselves
 * are Delivery records (src/outbox/deliveries.ts) keyed `broadcast:<id>:<contactId>:1`, so each
 * person gets it at most once however often the audience is expanded.
 *
 * `materialisedAt` is set only after every delivery of the audience has been enqueued: until then
 * any copy of the service may (re)expand it, which is harmless because enqueueing is insert-only.
 */
const idList = (item: z.ZodType<string>) => z.array(item).min(1).max(200).optional();

/** Every criterion given must hold (AND); no criterion at all means everybody reachable. */
export const audienceSchema = z
  .object({
    communes: idList(z.string().regex(/^[a-z0-9_]+$/, 'must be a commune id')),
    markets: idList(marketIdSchema),
    channels: idList(channelIdSchema),
    languages: idList(languageSchema),
    conferenceId: z.string().regex(/^[0-9a-f]{24}$/, 'must be a conference id').optional(),
  })
  .strict();
export type Audience = z.infer<typeof audienceSchema>;

export const noticeTextSchema = z.object({
  vi: z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000).optional(),
});
export type NoticeText = z.infer<typeof noticeTextSchema>;

const broadcastSchema = new Schema(
  {
    text: { type: new Schema({ vi: { type: String, required: true }, en: String }, { _id: false }), required: true },
    audience: { type: Schema.Types.Mixed, default: () => ({}) },
    sendAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** Derived when writing, because FerretDB has no date operators for the yearly reports. */
    year: { type: Number, required: true },
    month: { type: String, required: true },
    materialisedAt: { type: Date, default: null },
    /** Size of the audience and who was left out, recorded when materialised. */
    audienceSize: { type: Number, default: null },
    excluded: {
      type: new Schema({ optedOut: Number, unreachable: Number }, { _id: false }),
      default: undefined,
    },
    cancelledAt: { type: Date, default: null },
    cancelledBy: { type: String },
  },
  // minimize:false keeps an empty audience ({} = everybody) instead of dropping the field.
  { versionKey: false, minimize: false },
);
broadcastSchema.index({ materialisedAt: 1, sendAt: 1 });
broadcastSchema.index({ createdAt: -1 });
broadcastSchema.index({ year: 1 });

export const Broadcasts = defineModel('Broadcast', broadcastSchema);
