import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../db/errors.ts';
import type { Logger } from '../../log.ts';
import type { ContactRecord } from '../../bot/types.ts';
import type { Language } from '../../store/contacts.ts';
import { pruneStateVersions } from '../../store/conversation-storage.ts';
import { InboxEvents, InboxPending, ReplyDeliveries, TurnOutcomes } from '../../store/inbox.ts';
import { SendError } from '../outbound.ts';
import { inboundEventSchema, type InboundEvent } from './event.ts';
import { Leases } from './lease.ts';

/** The person's language and contact as the channel recorded them before the turn. */
export interface PreparedTurn {
  language: Language;
  contact: ContactRecord;
}

/** What the worker needs from a channel to process one of its events. */
export interface EventHandler {
  /** Records the event on the contact (creating it) and returns what the turn needs of it. */
  prepare(event: InboundEvent): Promise<PreparedTurn>;
  /** Runs the bot; returns the replies to send (not yet sent). */
  runTurn(event: InboundEvent, prepared: PreparedTurn): Promise<Partial<Activity>[]>;
  /** Sends one reply; throws SendError. */
  deliver(event: InboundEvent, reply: Partial<Activity>): Promise<string[]>;
}

export interface InboxWorkerOptions {
  /** How often to look for pending events (besides the kick after each webhook). */
  pollMs?: number;
  /** Lease on a conversation while processing it; renewed between events. */
  leaseMs?: number;
  /** Conversations processed at once by this copy. */
  concurrency?: number;
  /** Attempts before an event is given up as failed (the conversation then moves on). */
  maxAttempts?: number;
  /** First delay after a failed attempt; doubled each time. */
  retryDelayMs?: number;
  /** Handled events (and their replies) are deleted after this many days. */
  keepDays?: number;
  /** Test seam: called after a turn's replies are stored and before any is sent. */
  afterOutcomeStored?: (eventId: string) => Promise<void> | void;
}

/**
 * Processes stored webhook events after the webhook has answered.
 *
 * Protocol (every step is an insert of a uniquely keyed document or idempotent):
 * 1. A conversation is taken with a lease (lease.ts); its pending events are handled one at a time
 *    in platform timestamp order, so bot state is never written by two turns at once.
 * 2. The turn runs with replies buffered; the replies are stored as the event's TurnOutcome. That
 *    insert is the turn's commit point: a copy or a restart that finds it sends the stored replies
 *    instead of running the bot again.
 * 3. Each reply is claimed (ReplyDelivery insert) right before its platform call, so it is sent at
 *    most once; then the event is marked done.
 * A crash anywhere before 3 leaves the event pending; it is picked up by the next poll of any copy
 * once the lease has expired.
 */
export class InboxWorker {
  private readonly owner = randomUUID();
  private readonly leases: Leases;
  private readonly opts: Required<Omit<InboxWorkerOptions, 'afterOutcomeStored'>> & Pick<InboxWorkerOptions, 'afterOutcomeStored'>;
  private timer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly conn: Connection,
    private readonly handlers: Partial<Record<InboundEvent['channel'], EventHandler>>,
    private readonly log: Logger,
    options: InboxWorkerOptions = {},
  ) {
    this.opts = { pollMs: 2000, leaseMs: 30_000, concurrency: 8, maxAttempts: 5, retryDelayMs: 2000, keepDays: 7, ...options };
    this.leases = new Leases(conn, this.owner, this.opts.leaseMs);
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.purgeTimer = setInterval(() => void this.purge().catch((err: unknown) => this.log.warn({ err }, 'inbox purge failed')), 60 * 60_000);
    this.purgeTimer.unref();
    this.kick();
  }

  /**
   * Forgets handled events after `keepDays` (no TTL indexes on FerretDB), and old bot state versions. Platforms stop resending
   * within hours (Meta: 1 h, Zalo: at most 12 h), so a week keeps de-duplication safe.
   */
  async purge(now = Date.now()): Promise<void> {
    const cutoff = new Date(now - this.opts.keepDays * 24 * 60 * 60_000);
    await InboxEvents(this.conn).deleteMany({ status: { $in: ['done', 'failed'] }, updatedAt: { $lt: cutoff } });
    await TurnOutcomes(this.conn).deleteMany({ createdAt: { $lt: cutoff } });
    await ReplyDeliveries(this.conn).deleteMany({ createdAt: { $lt: cutoff } });
    // Bot state versions are kept per turn and thinned here, off the turn's path.
    await pruneStateVersions(this.conn, new Date(now));
  }

  /** Stops polling and waits for the current pass to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.purgeTimer);
    await this.running;
  }

  /** Look for work now (called after each stored webhook event). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => this.log.warn({ err }, 'inbox pass failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    const pending = await InboxPending(this.conn)
      .find({ notBefore: { $lte: Date.now() } }, { conversation: 1 })
      .sort({ occurredAt: 1 })
      .limit(500)
      .lean();
    const conversations = [...new Set(pending.map((p) => p.conversation))];
    const queue = [...conversations];
    const lanes = Array.from({ length: Math.min(this.opts.concurrency, queue.length) }, async () => {
      for (let c = queue.shift(); c !== undefined && !this.stopped; c = queue.shift()) {
        // One conversation's failure (already recorded on its event) must not hold up the others.
        await this.drain(c).catch((err: unknown) => this.log.warn({ err }, 'inbox conversation not finished; will retry'));
      }
    });
    await Promise.all(lanes);
  }

  private async drain(conversation: string): Promise<void> {
    const pending = InboxPending(this.conn);
    for (let round = 0; round < 3 && !this.stopped; round++) {
      if (!(await this.leases.acquire(conversation))) return;
      try {
        await this.drainHeld(conversation);
      } finally {
        await this.leases.release(conversation).catch(() => undefined);
      }
      // A copy that stored an event while we held the lease gave up on it; looking again after
      // releasing means that event does not wait for the next poll.
      if (this.stopped || (await pending.countDocuments({ conversation, notBefore: { $lte: Date.now() } })) === 0) return;
    }
  }

  /** Processes the conversation's due events in timestamp order while the lease is ours. */
  private async drainHeld(conversation: string): Promise<void> {
    const pending = InboxPending(this.conn);
    while (!this.stopped) {
      const item = await pending.findOne({ conversation }).sort({ occurredAt: 1 }).lean();
      // A later event must wait for an earlier one that is backing off, to keep the order.
      if (!item || item.notBefore > Date.now()) return;
      const next = await InboxEvents(this.conn).findById(item._id).lean();
      if (next?.status === 'pending') await this.processEvent(next._id, next.event, next.attempts ?? 0);
      else await pending.deleteOne({ _id: item._id }); // finished by a copy that died before tidying up
      if (!(await this.leases.renew(conversation))) return;
    }
  }

  private async processEvent(id: string, stored: string, attempts: number): Promise<void> {
    const events = InboxEvents(this.conn);
    const parsed = inboundEventSchema.safeParse(JSON.parse(stored));
    const handler = parsed.success ? this.handlers[parsed.data.channel] : undefined;
    if (!parsed.success || !handler) {
      await events.updateOne({ _id: id }, { $set: { status: 'failed', lastError: 'unreadable event or channel off' } });
      await InboxPending(this.conn).deleteOne({ _id: id });
      return;
    }
    const event = parsed.data;
    try {
      const replies = await this.outcome(id, event, handler);
      await this.opts.afterOutcomeStored?.(id);
      for (const [i, reply] of replies.entries()) await this.deliverOnce(`${id}#${i}`, event, reply, handler);
      await events.updateOne({ _id: id }, { $set: { status: 'done', doneAt: new Date() } });
      await InboxPending(this.conn).deleteOne({ _id: id });
    } catch (err) {
      if (this.stopped && err instanceof WorkerStopped) return;
      const tries = attempts + 1;
      const giveUp = tries >= this.opts.maxAttempts;
      const notBefore = Date.now() + this.opts.retryDelayMs * 2 ** (tries - 1);
      this.log.warn({ err, event: id, attempt: tries, giveUp }, 'inbox event failed');
      await events.updateOne(
        { _id: id },
        { $set: { attempts: tries, lastError: String((err as Error)?.message ?? err).slice(0, 200), notBefore, ...(giveUp ? { status: 'failed' } : {}) } },
      );
      if (giveUp) await InboxPending(this.conn).deleteOne({ _id: id });
      else await InboxPending(this.conn).updateOne({ _id: id }, { $set: { notBefore } });
      throw err;
    }
  }

  /** The stored replies of this event's turn, running the turn first if nobody has committed it. */
  private async outcome(id: string, event: InboundEvent, handler: EventHandler): Promise<Partial<Activity>[]> {
    const outcomes = TurnOutcomes(this.conn);
    const existing = await outcomes.findById(id).lean();
    if (existing) return JSON.parse(existing.replies) as Partial<Activity>[];
    const replies = await handler.runTurn(event, await handler.prepare(event));
    try {
      await outcomes.create({ _id: id, replies: JSON.stringify(replies), owner: this.owner });
      return replies;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // Another copy committed this turn first (our lease had expired): its replies are the ones.
      const theirs = await outcomes.findById(id).lean();
      return theirs ? (JSON.parse(theirs.replies) as Partial<Activity>[]) : [];
    }
  }

  private async deliverOnce(deliveryId: string, event: InboundEvent, reply: Partial<Activity>, handler: EventHandler): Promise<void> {
    const deliveries = ReplyDeliveries(this.conn);
    if (this.stopped) throw new WorkerStopped();
    try {
      await deliveries.create({ _id: deliveryId, status: 'sending' });
    } catch (err) {
      if (isDuplicateKeyError(err)) return; // already sent (or being sent) by someone
      throw err;
    }
    try {
      const messageIds = await handler.deliver(event, reply);
      await deliveries.updateOne({ _id: deliveryId }, { $set: { status: 'sent', messageIds } });
    } catch (err) {
      if (err instanceof SendError && err.permanent) {
        // Retrying cannot help (blocked, window closed…): record it and go on with the conversation.
        await deliveries.updateOne({ _id: deliveryId }, { $set: { status: 'failed', error: err.message } });
        this.log.warn({ event: deliveryId, reason: err.reason, error: err.message }, 'reply not deliverable');
        return;
      }
      // Not sent (throttled, platform down): free the claim so a later attempt sends it.
      await deliveries.deleteOne({ _id: deliveryId }).catch(() => undefined);
      throw err;
    }
  }
}

class WorkerStopped extends Error {
  constructor() {
    super('worker stopped');
  }
}
