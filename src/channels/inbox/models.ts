import { Schema, type Connection } from 'mongoose';
import { defineModel } from '../../db/define.ts';
import { defineWorkList } from '../../db/work-list.ts';

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
    /** MongoDB path: the worker was stopped after this event's turn may have run (on FerretDB this is on the work item). */
    started: { type: Boolean },
  },
  // The collection is named (as mongoose would) because the work list below queries it by name.
  { timestamps: true, versionKey: false, collection: 'inboxevents' },
);
inboxEventSchema.index({ status: 1, occurredAt: 1 });
inboxEventSchema.index({ conversation: 1, status: 1, occurredAt: 1 });

export const InboxEvents = defineModel('InboxEvent', inboxEventSchema);

/**
 * The work still to do: the pending inbox events, grouped by conversation and handled in platform
 * timestamp order, each not before its `notBefore` (after a failed attempt). The database seam
 * (src/db/work-list.ts) chooses where it lives. On FerretDB, which answers any query that is not an
 * `_id` look-up with a full scan, it is one small side document per pending event in
 * `inboxpendings` (carrying the event's JSON, so the worker reads one document per event), deleted
 * when the event is done or given up; InboxEvents is then read only by `_id`. On MongoDB nothing
 * extra is written: the worker queries InboxEvents by `{ status, notBefore, occurredAt }` and
 * `{ conversation, status, occurredAt }`, and `attempts`, `notBefore` and `started` live on the event.
 * The worker's ordering and exactly-once protocol (worker.ts) is the same on both.
 */
export const inboxWork = defineWorkList({
  collection: 'inboxpendings',
  main: {
    collection: 'inboxevents',
    pending: { status: 'pending' },
    indexes: [
      { status: 1, occurredAt: 1 },
      { conversation: 1, status: 1, occurredAt: 1 },
    ],
  },
  group: 'conversation',
  order: 'occurredAt',
  due: 'notBefore',
  copied: ['event'],
});

/** The FerretDB side collection of the work list (tests look into it; it stays empty on MongoDB). */
export const InboxPending = (conn: Connection) => inboxWork.side(conn);

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
    /** The worker copy that claimed it: another copy finding it knows the claimer may have died mid-send. */
    owner: { type: String },
    messageIds: { type: [String], default: [] },
    error: { type: String },
  },
  { timestamps: true, versionKey: false },
);

export const ReplyDeliveries = defineModel('ReplyDelivery', replyDeliverySchema);
