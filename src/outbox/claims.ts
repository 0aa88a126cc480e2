import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../db/errors.ts';
import { defineModel } from '../db/define.ts';
import type { SchedulerJob } from '../core/context.ts';
import type { ChannelId } from '../domain/contacts.ts';

/**
 * One document per send attempt of a delivery (`<deliveryKey>#<attempt>`). Inserting it is the
 * claim: only the copy whose insert succeeds may send that attempt. It stays `open` until the
 * outcome is written; an open claim past `expiresAt` means its copy died between claim and outcome.
 * A claim is made right before the platform call, so its copy may have died during the call: the
 * platform's send receipts decide where there are any (sent, or tried again); otherwise the
 * delivery is marked failed (`interrupted`) for staff to check, rather than risk a second send.
 * (A claim without `sendingAt`, from an older version, was made before pacing: simply tried again.)
 */
const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    deliveryId: { type: String, required: true },
    attempt: { type: Number, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    open: { type: Boolean, required: true },
    /** The platform is (about to be) called: a crash leaves the outcome unknown… (unset only on claims of older versions) */
    sendingAt: { type: Date },
    /** …unless the message was tagged for send receipts (receipts.ts): the channel whose echoes tell. */
    confirmable: { type: String },
    outcome: { type: String },
  },
  { versionKey: false },
);
claimSchema.index({ open: 1, expiresAt: 1 });
claimSchema.index({ at: 1 });

export const DeliveryClaims = defineModel('DeliveryClaim', claimSchema);

/**
 * Claims an attempt right before its platform call, so the claim says "sending" from the start
 * (one write instead of a claim and a mark): `confirmable` names the channel whose send receipts
 * will tell whether it went out.
 */
export async function claimAttempt(
  conn: Connection,
  deliveryId: string,
  attempt: number,
  owner: string,
  now: Date,
  timeoutMs: number,
  confirmable?: ChannelId,
): Promise<boolean> {
  try {
    await DeliveryClaims(conn).create({
      _id: claimIdOf(deliveryId, attempt),
      deliveryId,
      attempt,
      owner,
      at: now,
      expiresAt: new Date(now.getTime() + timeoutMs),
      open: true,
      sendingAt: now,
      ...(confirmable ? { confirmable } : {}),
    });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

export async function closeClaim(conn: Connection, deliveryId: string, attempt: number, outcome: string): Promise<void> {
  await DeliveryClaims(conn).updateOne({ _id: claimIdOf(deliveryId, attempt) }, { $set: { open: false, outcome } });
}

/** The claim's id, also the send-receipt tag of the attempt's messages. */
export function claimIdOf(deliveryId: string, attempt: number): string {
  return `${deliveryId}#${attempt}`;
}


/**
 * Deletes closed claims made before `before`. They are only history, and on FerretDB every claim
 * kept makes `recoverInterrupted`'s query slower (it reads the whole collection: 4 s per tick with
 * 100,000 claims). Safe: a claim stops a second copy that read the delivery as pending from sending
 * the same attempt, and no copy holds such a read for days. Open claims stay: they are the evidence
 * of a copy that died mid-send.
 */
export async function pruneClosedClaims(conn: Connection, before: Date): Promise<number> {
  const res = await DeliveryClaims(conn).deleteMany({ open: false, at: { $lt: before } });
  return res.deletedCount;
}

const DAY_MS = 86_400_000;

/** The scheduler job that keeps claims to two days of history (see `pruneClosedClaims`). */
export const pruneClaimsJob: SchedulerJob = {
  name: 'prune-delivery-claims',
  every: 'daily',
  at: '02:30',
  run: (c, now) => pruneClosedClaims(c.conn, new Date(now.getTime() - 2 * DAY_MS)),
};
