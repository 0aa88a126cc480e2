import { Schema, type Connection } from 'mongoose';
import { defineModel } from './define.ts';
import { isDuplicateKeyError } from './errors.ts';

/**
 * One per conversation while a copy processes it. Taken by insert; an expired lease is taken over
 * by deleting it with a filter on its expiry, then inserting a new one.
 */
const conversationLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    expiresAt: { type: Number, required: true },
  },
  { versionKey: false },
);

export const ConversationLeases = defineModel('ConversationLease', conversationLeaseSchema);

export type LeaseTaken = 'fresh' | 'takenOver';

/**
 * Per-conversation leases: taken by inserting a document keyed by the conversation; an expired one
 * is taken over by deleting it with a filter on its expiry and inserting anew. Lease times measure
 * process liveness, so they use the real clock, not the service's (possibly simulated) clock.
 */
export class Leases {
  constructor(
    private readonly conn: Connection,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  /**
   * 'fresh' when nobody held it (the last holder gave it back, so it left nothing half-done),
   * 'takenOver' when an expired lease was taken from a holder that died or stalled, false when held.
   */
  async acquire(conversation: string): Promise<LeaseTaken | false> {
    const model = ConversationLeases(this.conn);
    const doc = { _id: conversation, owner: this.owner, expiresAt: Date.now() + this.leaseMs };
    try {
      await model.collection.insertOne(doc as never);
      return 'fresh';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const removed = await model.deleteOne({ _id: conversation, expiresAt: { $lt: Date.now() } });
    if (removed.deletedCount !== 1) return false;
    try {
      await model.collection.insertOne({ ...doc, expiresAt: Date.now() + this.leaseMs } as never);
      return 'takenOver';
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /** Extends a lease we hold; false when it was taken over meanwhile (we were too slow). */
  async renew(conversation: string): Promise<boolean> {
    const r = await ConversationLeases(this.conn).updateOne({ _id: conversation, owner: this.owner }, { $set: { expiresAt: Date.now() + this.leaseMs } });
    return r.matchedCount === 1;
  }

  async release(conversation: string): Promise<void> {
    await ConversationLeases(this.conn).deleteOne({ _id: conversation, owner: this.owner });
  }
}
