import { Schema, type Connection } from 'mongoose';
import { z } from 'zod';
import { channelIdPattern, channelIdSchema, contactIdPattern, type ChannelId } from '../domain/contacts.ts';
import { insertedDespiteDuplicates } from '../db/errors.ts';
import { defineModel } from '../db/define.ts';
import { queueEntries } from './queue.ts';

/**
 * A Delivery is one proactive message to one contact: the ONE way reminders, nudges, conference
 * changes, staff broadcasts and staff's replies from the console inbox leave the service. Its `_id` is its key
 * `<kind>:<subjectId>:<contactId>:<occurrence>`, so enqueuing the same message twice (two copies of
 * the service, a repeated job, a retried API call) inserts it once. The worker (worker.ts) sends it.
 */
export const deliveryKinds = ['conference_reminder', 'conference_change', 'return_nudge', 'broadcast', 'handoff_release', 'staff_reply'] as const;
export const deliveryKindSchema = z.enum(deliveryKinds);
export type DeliveryKind = z.infer<typeof deliveryKindSchema>;

export const deliveryStatuses = ['pending', 'sent', 'failed', 'window_closed', 'opted_out', 'cancelled'] as const;
export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const sendPurposeSchema = z.enum(['reminder', 'nudge', 'broadcast', 'notice']);

export const localizedTextSchema = z.object({ vi: z.string().min(1), en: z.string().min(1).optional() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const deliveryButtonSchema = z.object({ title: localizedTextSchema, value: z.string().min(1).max(1000) });

export const templateMessageSchema = z.object({
  kind: z.enum(['conference_reminder', 'return_nudge', 'notice']),
  params: z.record(z.string(), z.string()),
  phone: z.string().regex(/^84\d{8,10}$/).optional(),
});

/** What a job hands to `enqueueDeliveries`. */
export const deliveryInputSchema = z.object({
  kind: deliveryKindSchema,
  subjectId: z.string().min(1).regex(/^[^:]+$/, 'must not contain ":"'),
  contactId: z.string().regex(contactIdPattern(), 'must be <channel>:<userId>'),
  /** Distinguishes repeated messages about one subject to one person: an offset name, a change version… */
  occurrence: z.string().min(1).regex(/^[^:]+$/, 'must not contain ":"'),
  dueAt: z.date(),
  /**
   * The earliest time the worker may look at it (default `dueAt`). Earlier than `dueAt` for nudges so
   * that one can go out early while the platform's window is still open instead of late into a closed one.
   */
  earliestAt: z.date().optional(),
  purpose: sendPurposeSchema,
  text: localizedTextSchema,
  buttons: z.array(deliveryButtonSchema).max(4).optional(),
  template: templateMessageSchema.optional(),
  /** The recipient's zone for quiet hours when known better than their contact's (a worker abroad). */
  timeZone: z.string().min(1).optional(),
});
export type DeliveryInput = z.input<typeof deliveryInputSchema>;

export function deliveryKey(d: Pick<DeliveryInput, 'kind' | 'subjectId' | 'contactId' | 'occurrence'>): string {
  return `${d.kind}:${d.subjectId}:${d.contactId}:${d.occurrence}`;
}

const localized = { vi: { type: String, required: true }, en: { type: String } };

const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: deliveryKinds, required: true },
    subjectId: { type: String, required: true },
    contactId: { type: String, required: true },
    channel: { type: String, match: channelIdPattern, required: true },
    occurrence: { type: String, required: true },
    dueAt: { type: Date, required: true },
    purpose: { type: String, enum: sendPurposeSchema.options, required: true },
    text: localized,
    buttons: { type: [{ _id: false, title: localized, value: { type: String, required: true } }], default: undefined },
    template: { type: { _id: false, kind: String, params: { type: Map, of: String }, phone: String }, default: undefined },
    timeZone: { type: String },
    status: { type: String, enum: deliveryStatuses, required: true, default: 'pending' },
    /** Send attempts claimed so far; attempt n is claimed by inserting DeliveryClaim `<key>#n`. */
    attempts: { type: Number, required: true, default: 0 },
    /** When the worker next looks at it (pending only). */
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String },
    sentAt: { type: Date },
    /** When the status last left `pending` (for staff reports). */
    settledAt: { type: Date },
    messageIds: { type: [String], default: undefined },
    /** `YYYY-MM` of `dueAt` (UTC), for monthly reports without date operators. */
    month: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
// Pending work by time: made on MongoDB by the worker's due index (queue.ts), which on FerretDB
// keeps its own small collection instead.
// Progress of a broadcast / a conference's messages; cancelling a subject's pending messages.
deliverySchema.index({ kind: 1, subjectId: 1, status: 1 });
deliverySchema.index({ contactId: 1, status: 1 });
deliverySchema.index({ month: 1, status: 1 });

export const Deliveries = defineModel('Delivery', deliverySchema);
export type DeliveryRecord = InstanceType<ReturnType<typeof Deliveries>>;

/** The stored document of a new (pending) delivery; throws on a malformed input. */
export function deliveryDocument(raw: DeliveryInput) {
  const d = deliveryInputSchema.parse(raw);
  return {
    _id: deliveryKey(d),
    kind: d.kind,
    subjectId: d.subjectId,
    contactId: d.contactId,
    channel: channelOfContactId(d.contactId),
    occurrence: d.occurrence,
    dueAt: d.dueAt,
    purpose: d.purpose,
    text: d.text,
    buttons: d.buttons,
    template: d.template,
    timeZone: d.timeZone,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: d.earliestAt && d.earliestAt < d.dueAt ? d.earliestAt : d.dueAt,
    month: d.dueAt.toISOString().slice(0, 7),
  };
}

/**
 * Inserts deliveries; ones whose key already exists are left as they are (whatever their status),
 * so enqueuing twice is harmless. Returns how many were new.
 */
export async function enqueueDeliveries(conn: Connection, items: readonly DeliveryInput[]): Promise<{ inserted: number }> {
  if (items.length === 0) return { inserted: 0 };
  const docs = items.map(deliveryDocument);
  let inserted = 0;
  // Chunks keep one call's memory bounded for big broadcasts; `ordered: false` goes on past duplicates.
  for (let i = 0; i < docs.length; i += 1000) {
    const chunk = docs.slice(i, i + 1000);
    // The worker's queue first: a copy dying before the deliveries leaves entries it drops, not
    // deliveries it never sees (queue.ts).
    await queueEntries(conn, chunk.map((d) => ({ _id: d._id, at: d.nextAttemptAt })));
    const res = await Deliveries(conn)
      .collection.insertMany(chunk as never[], { ordered: false })
      .then((r) => r.insertedCount)
      .catch((err: unknown) => insertedDespiteDuplicates(err, chunk.length));
    inserted += res;
  }
  return { inserted };
}

export function channelOfContactId(id: string): ChannelId {
  return channelIdSchema.parse(id.slice(0, id.indexOf(':')));
}

export const deliveryCountsFilterSchema = z.object({ kind: deliveryKindSchema.optional(), subjectId: z.string().min(1).optional() });

/** How many deliveries are in each status (every status present, zeros included). */
export async function deliveryCounts(
  conn: Connection,
  filter: z.infer<typeof deliveryCountsFilterSchema>,
): Promise<Record<DeliveryStatus, number>> {
  const match: Record<string, string> = {};
  if (filter.kind) match.kind = filter.kind;
  if (filter.subjectId) match.subjectId = filter.subjectId;
  // One accumulator per $group: FerretDB 1.24 computes only the first one correctly.
  const rows = await Deliveries(conn).aggregate<{ _id: DeliveryStatus; n: number }>([
    { $match: match },
    { $group: { _id: '$status', n: { $sum: 1 } } },
  ]);
  const counts = Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const r of rows) counts[r._id] = r.n;
  return counts;
}

/**
 * Cancels the still-pending deliveries of one subject (optionally one contact / kind / older
 * occurrences). Used when a conference changes, a sign-up is withdrawn, a placement is rescheduled.
 */
export async function cancelPendingDeliveries(
  conn: Connection,
  filter: { kind: DeliveryKind; subjectId: string; contactId?: string; exceptOccurrences?: string[] },
  now: Date,
  reason: string,
): Promise<number> {
  const q: Record<string, unknown> = { kind: filter.kind, subjectId: filter.subjectId, status: 'pending' };
  if (filter.contactId) q.contactId = filter.contactId;
  if (filter.exceptOccurrences) q.occurrence = { $nin: filter.exceptOccurrences };
  const res = await Deliveries(conn).updateMany(q, { $set: { status: 'cancelled', lastError: reason, settledAt: now } });
  return res.modifiedCount;
}
