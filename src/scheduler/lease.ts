import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../db/errors.ts';
import { defineModel } from '../db/define.ts';

/**
 * Which copy of the service runs a scheduler tick: the one whose insert of the tick's document
 * (`<name>:<tick start>`) succeeds. The lease is the tick period itself, so a copy that dies holds
 * nothing past the current tick and another copy takes the next one. The same insert claims a
 * daily job for a date (`daily:<job>:<YYYY-MM-DD>`).
 */
const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
leaseSchema.index({ at: 1 });

export const SchedulerLeases = defineModel('SchedulerLease', leaseSchema);

export async function takeLease(conn: Connection, key: string, owner: string, now: Date, expiresAt: Date): Promise<boolean> {
  try {
    await SchedulerLeases(conn).create({ _id: key, owner, at: now, expiresAt });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Old tick documents only matter as history; drop them after a while to keep the collection small. */
export async function pruneLeases(conn: Connection, before: Date): Promise<void> {
  await SchedulerLeases(conn).deleteMany({ at: { $lt: before }, _id: { $not: /^daily:/ } });
}
