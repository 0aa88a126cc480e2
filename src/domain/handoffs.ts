import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../db/errors.ts';
import { Contacts } from './contacts.ts';
import { defineModel } from '../db/define.ts';

/**
 * A person asked to talk to staff. While `Contact.handoffUntil` is in the future the bot stays
 * quiet for them; the staff console lists open handoffs (status 'open') to answer them, and
 * releases them with `releaseHandoff`. One open handoff per person: its `_id` is
 * `<contactId>:open` while open, so asking twice (or two copies of the service at once) is harmless.
 */
const handoffSchema = new Schema(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true, index: true },
    channel: { type: String, required: true },
    status: { type: String, enum: ['open', 'released', 'expired'], required: true },
    requestedAt: { type: Date, required: true },
    until: { type: Date, required: true },
    /** 'YYYY-MM' of the request, for monthly reports without date operators. */
    month: { type: String, required: true },
    /** The FAQ topic or dialog the person was in, to give staff context (no message text). */
    topic: { type: String },
    releasedAt: { type: Date },
    releasedBy: { type: String },
  },
  { versionKey: false },
);

export const Handoffs = defineModel('Handoff', handoffSchema);

const openId = (contactId: string) => `${contactId}:open`;

export interface StartedHandoff {
  until: Date;
  /** false when this person already had an open handoff. */
  created: boolean;
}

/** Opens a handoff for the person (or returns the open one) and silences the bot until `until`. */
export async function startHandoff(
  conn: Connection,
  args: { contactId: string; channel: string; now: Date; hours: number; topic?: string },
): Promise<StartedHandoff> {
  const until = new Date(args.now.getTime() + args.hours * 3_600_000);
  const model = Handoffs(conn);
  const existing = await model.findById(openId(args.contactId)).lean();
  if (existing && existing.until > args.now) {
    await Contacts(conn).updateOne({ _id: args.contactId }, { $set: { handoffUntil: existing.until } });
    return { until: existing.until, created: false };
  }
  if (existing) await closeOpen(conn, args.contactId, 'expired', existing.until);
  try {
    await model.create({
      _id: openId(args.contactId),
      contactId: args.contactId,
      channel: args.channel,
      status: 'open',
      requestedAt: args.now,
      until,
      month: args.now.toISOString().slice(0, 7),
      topic: args.topic,
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    // Another copy opened it at the same moment: theirs stands.
    const theirs = await model.findById(openId(args.contactId)).lean();
    if (theirs) {
      await Contacts(conn).updateOne({ _id: args.contactId }, { $set: { handoffUntil: theirs.until } });
      return { until: theirs.until, created: false };
    }
  }
  await Contacts(conn).updateOne({ _id: args.contactId }, { $set: { handoffUntil: until } });
  return { until, created: true };
}

/**
 * Staff hand the conversation back to the bot (admin API). Returns false when there was nothing
 * to release.
 */
export async function releaseHandoff(conn: Connection, contactId: string, now: Date = new Date(), releasedBy?: string): Promise<boolean> {
  const contact = await Contacts(conn).updateOne({ _id: contactId, handoffUntil: { $exists: true } }, { $unset: { handoffUntil: 1 } });
  const closed = await closeOpen(conn, contactId, 'released', now, releasedBy);
  return contact.modifiedCount > 0 || closed;
}

/** The open handoffs staff should answer, oldest first. */
export async function listOpenHandoffs(conn: Connection, now: Date) {
  return Handoffs(conn)
    .find({ status: 'open', until: { $gt: now } })
    .sort({ requestedAt: 1 })
    .lean();
}

/** True while the bot must stay quiet for this person. */
export function inHandoff(contact: { handoffUntil?: Date | null } | null | undefined, now: Date): boolean {
  return Boolean(contact?.handoffUntil && contact.handoffUntil > now);
}

/** Moves the open handoff to history under a unique id, freeing the `:open` id for the next one. */
async function closeOpen(conn: Connection, contactId: string, status: 'released' | 'expired', at: Date, releasedBy?: string): Promise<boolean> {
  const model = Handoffs(conn);
  const open = await model.findById(openId(contactId)).lean();
  if (!open) return false;
  const closedId = `${contactId}:${open.requestedAt.toISOString()}`;
  try {
    await model.create({ ...open, _id: closedId, status, releasedAt: at, releasedBy });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err; // closed already by another copy
  }
  await model.deleteOne({ _id: openId(contactId) });
  return true;
}
