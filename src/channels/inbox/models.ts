import { Schema } from 'mongoose';
import { defineModel } from '../../db/define.ts';

/**
 * The durable inbox of platform webhook events, and the uniquely keyed documents that coordinate
 * their processing across service copies (see src/channels/inbox/worker.ts for the protocol).
 */

const inboxEventSchema = new Schema(
  {
    /** `<channel>:<platform event key>` (Messenger mid, Zalo msg_id, or a derived key): a repeat insert is a duplicate. */
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    /** `<channel>:<user id>`: one conversation, processed one event at a time. */
    conversation: { type: String, required: true },
    /** The platform's timestamp (ms): events of a conversation are processed in this order. */
    occurredAt: { type: Number, required: true },
    status: { type: String, enum: ['pending', 'done', 'failed'], required: true },
    /** The normalised event (src/channels/inbox/event.ts), as JSON text: it may contain keys with dots. */
    event: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    /** Not before this time (ms) after a failed attempt. */
    notBefore: { type: Number, default: 0 },
    lastError: { type: String },
    doneAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
inboxEventSchema.index({ status: 1, occurredAt: 1 });
inboxEventSchema.index({ conversation: 1, status: 1, occurredAt: 1 });

export const InboxEvents = defineModel('InboxEvent', inboxEventSchema);

/**
 * The work still to do: one small document per pending inbox event, deleted when the event is done
 * or given up. The worker's queries ("which conversations have work?", "what is next in this one?")
 * run here, over tens of documents, instead of over every event ever received — FerretDB answers
 * any query that is not an `_id` look-up with a full scan. InboxEvents stays the record and the
 * de-duplication key, read only by `_id`.
 *
 * TODO(issue 17): move onto the database seam's due index (src/db/due-index.ts) so that MongoDB
 * writes no work item and the worker queries InboxEvents by `{ status, notBefore, occurredAt }`
 * and `{ conversation, status, occurredAt }` directly. Not done yet because these items carry more
 * than due times (the event's JSON, `attempts`, and `started`, which InboxEvent does not record),
 * and the worker's ordering and exactly-once protocol (worker.ts) rests on them; that change needs
 * the fault drills run on both paths.
 */
const inboxPendingSchema = new Schema(
  {
    _id: { type: String, required: true },
    conversation: { type: String, required: true },
    occurredAt: { type: Number, required: true },
    /** Not before this time (ms) after a failed attempt. */
    notBefore: { type: Number, default: 0 },
    /** The event's JSON (as on InboxEvent), so the worker reads one document per event. */
    event: { type: String },
    /** Failed attempts so far (as on InboxEvent). */
    attempts: { type: Number, default: 0 },
    /** The worker was stopped after this event's turn may have run: its outcome is looked for. */
    started: { type: Boolean },
  },
  { versionKey: false },
);
inboxPendingSchema.index({ notBefore: 1, occurredAt: 1 });
inboxPendingSchema.index({ conversation: 1, occurredAt: 1 });

export const InboxPending = defineModel('InboxPending', inboxPendingSchema);

/**
 * The replies a turn produced, stored once per event before any of them is sent. Its insert is the
 * commit point of a turn: a copy that finds it already there sends these replies instead of running
 * the bot again.
 */
const turnOutcomeSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Outgoing activities as JSON text (they may carry arbitrary keys). */
    replies: { type: String, required: true },
    owner: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

export const TurnOutcomes = defineModel('TurnOutcome', turnOutcomeSchema);

/**
 * One per reply (`<event id>#<index>`), inserted right before the platform call: a reply is sent at
 * most once even when two copies or a restart reach it. `status` records how the attempt ended.
 */
const replyDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['sending', 'sent', 'failed'], required: true },
    messageIds: { type: [String], default: [] },
    error: { type: String },
  },
  { timestamps: true, versionKey: false },
);

export const ReplyDeliveries = defineModel('ReplyDelivery', replyDeliverySchema);
