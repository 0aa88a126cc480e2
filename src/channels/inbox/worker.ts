import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../db/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { ContactRecord } from '../../conversation/types.ts';
import type { Language } from '../../content/i18n.ts';
import { pruneStateVersions } from '../../conversation/storage.ts';
import { z } from 'zod';
import { InboxEvents, inboxWork, ReplyDeliveries, TurnOutcomes } from './models.ts';
import { SendError } from '../../outbox/sender.ts';
import { inboundEventSchema, type InboundEvent } from './event.ts';
import { Leases, type LeaseTaken } from '../../db/leases.ts';
import type { SendTag } from '../../outbox/sender.ts';
import { confirmedParts, purgeReceipts, receiptsArrive } from '../../outbox/receipts.ts';

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
  /** Sends one reply (its messages tagged for send receipts, those already confirmed skipped); throws SendError. */
  deliver(event: InboundEvent, reply: Partial<Activity>, tag: SendTag): Promise<string[]>;
  /** Whether the channel's platform echoes the tags back as send receipts (outbox/receipts.ts). */
  confirmsSends?: boolean;
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
  /**
   * How long the platform's echo of a message may still be on its way (its webhook retries): a copy
   * that finds a dead copy's claim waits until both the claim and its own start are this old before
   * trusting that a missing receipt means "not sent".
   */
  receiptGraceMs?: number;
  /** Test seam: called after a turn's replies are stored and before any is sent. */
  afterOutcomeStored?: (eventId: string) => Promise<void> | void;
  /** Test seam: called after a reply is claimed and before its platform call; and after that call. */
  aroundSend?: (deliveryId: string, moment: 'claimed' | 'sent') => Promise<void> | void;
}

/**
 * Processes stored webhook events after the webhook has answered.
 *
 * Protocol (every step is an insert of a uniquely keyed document or idempotent):
 * 1. A conversation is taken with a lease (lease.ts); its pending work items (each carrying its
 *    event) are read once and handled one at a time in platform timestamp order, so bot state is
 *    never written by two turns at once. The work list (`inboxWork`, models.ts) is where the
 *    database seam put it: side items on FerretDB, the pending InboxEvents themselves on MongoDB;
 *    an item's state (`attempts`, `notBefore`, `started`) is written only under its lease.
 * 2. The turn runs with replies buffered; the replies are stored as the event's TurnOutcome. That
 *    insert is the turn's commit point: a copy or a restart that finds it sends the stored replies
 *    instead of running the bot again. It is looked for only when the event may have been started
 *    before (an earlier attempt, a stop mid-turn, or a lease taken over from a copy that died):
 *    a lease taken fresh means the last holder finished or recorded what it left.
 * 3. Each reply is claimed (ReplyDelivery insert) right before its platform call, so it is sent at
 *    most once; then the event is marked done, its work item removed (FerretDB; on MongoDB the
 *    status is the removal) and the lease given back.
 * A crash anywhere before 3 leaves the event pending and the lease held; once the lease has expired
 * the next poll of any copy takes the conversation over.
 */
export class InboxWorker {
  private readonly owner = randomUUID();
  private readonly leases: Leases;
  private readonly opts: Required<Omit<InboxWorkerOptions, 'afterOutcomeStored' | 'aroundSend'>> & Pick<InboxWorkerOptions, 'afterOutcomeStored' | 'aroundSend'>;
  private timer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Conversations the webhook just gave work, handled without looking for them. */
  private readonly wanted = new Set<string>();
  /** A poll asked to look for due work of every conversation. */
  private lookDue = false;
  /** When this copy last planned another look at a conversation another copy held. */
  private readonly lookedAgainAt = new Map<string, number>();
  private stopped = true;
  private startedAt = 0;

  constructor(
    private readonly conn: Connection,
    private readonly handlers: Partial<Record<InboundEvent['channel'], EventHandler>>,
    private readonly log: Logger,
    options: InboxWorkerOptions = {},
  ) {
    this.opts = { pollMs: 2000, leaseMs: 30_000, concurrency: 8, maxAttempts: 5, retryDelayMs: 2000, keepDays: 7, receiptGraceMs: 10_000, ...options };
    this.leases = new Leases(conn, this.owner, this.opts.leaseMs);
  }

  start(): void {
    this.stopped = false;
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.purgeTimer = setInterval(() => void this.purge().catch((err: unknown) => this.log.warn({ err }, 'inbox purge failed')), 60 * 60_000);
    this.purgeTimer.unref();
    this.kick();
  }

  /**
   * Forgets handled events after `keepDays` (no TTL indexes on FerretDB), and old bot state versions.
   * Platforms stop resending within hours (Meta: 1 h, Zalo: at most 12 h), so a week keeps
   * de-duplication safe.
   */
  async purge(now = Date.now()): Promise<void> {
    const cutoff = new Date(now - this.opts.keepDays * 24 * 60 * 60_000);
    await InboxEvents(this.conn).deleteMany({ status: { $in: ['done', 'failed'] }, updatedAt: { $lt: cutoff } });
    await TurnOutcomes(this.conn).deleteMany({ createdAt: { $lt: cutoff } });
    await ReplyDeliveries(this.conn).deleteMany({ createdAt: { $lt: cutoff } });
    await purgeReceipts(this.conn, cutoff);
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

  /**
   * Look for work now: in these conversations (the webhook just stored events for them), or, without
   * any, in every conversation with due work (the poll).
   */
  kick(conversations?: readonly string[]): void {
    if (this.stopped) return;
    if (conversations) for (const c of conversations) this.wanted.add(c);
    else this.lookDue = true;
    if (this.running) return;
    this.running = this.pass()
      .catch((err: unknown) => this.log.warn({ err }, 'inbox pass failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.wanted.size > 0 || this.lookDue) this.kick([]);
      });
  }

  private async pass(): Promise<void> {
    const queue = [...this.wanted];
    this.wanted.clear();
    if (this.lookDue) {
      this.lookDue = false;
      queue.push(...(await this.dueConversations()));
    }
    const conversations = [...new Set(queue)];
    const lanes = Array.from({ length: Math.min(this.opts.concurrency, conversations.length) }, async () => {
      for (let c = conversations.shift(); c !== undefined && !this.stopped; c = conversations.shift()) {
        // One conversation's failure (already recorded on its event) must not hold up the others.
        await this.drain(c).catch((err: unknown) => this.log.warn({ err }, 'inbox conversation not finished; will retry'));
      }
    });
    await Promise.all(lanes);
  }

  private async dueConversations(): Promise<string[]> {
    return inboxWork.dueGroups(this.conn, Date.now(), 500);
  }

  private async drain(conversation: string): Promise<void> {
    const taken = await this.leases.acquire(conversation);
    if (!taken) return this.lookAgainSoon(conversation);
    this.lookedAgainAt.delete(conversation);
    let release = true;
    try {
      // Given back only when every event is in a state the next holder can trust (done, untouched,
      // or its attempt recorded); otherwise the lease expires and the next holder checks outcomes.
      release = await this.drainHeld(conversation, taken);
    } finally {
      if (release) await this.leases.release(conversation).catch(() => undefined);
    }
  }

  /**
   * Another copy holds the conversation and may have read its work before ours was stored: look
   * once more shortly, at most once per poll interval (the poll remains the backstop).
   */
  private lookAgainSoon(conversation: string): void {
    const last = this.lookedAgainAt.get(conversation) ?? 0;
    if (Date.now() - last < this.opts.pollMs) return;
    this.lookedAgainAt.set(conversation, Date.now());
    setTimeout(() => this.kick([conversation]), Math.min(250, this.opts.pollMs)).unref();
  }

  /** Processes the conversation's due events in timestamp order while the lease is ours. */
  private async drainHeld(conversation: string, taken: LeaseTaken): Promise<boolean> {
    const items = (await inboxWork.items(this.conn, conversation)).map((row) => workItemSchema.parse(row));
    for (const [i, item] of items.entries()) {
      // A later event must wait for an earlier one that is backing off, to keep the order.
      if (this.stopped || item.notBefore > Date.now()) return true;
      if (i > 0 && !(await this.leases.renew(conversation))) return false;
      const stored = item.event ?? (await InboxEvents(this.conn).findById(item._id, { event: 1, status: 1 }).lean())?.event;
      const mayHaveStarted = taken === 'takenOver' || (item.attempts ?? 0) > 0 || item.notBefore > 0 || item.started === true;
      const settled = await this.processEvent(item._id, stored, { attempts: item.attempts ?? 0, mayHaveStarted });
      if (!settled) return false;
    }
    return true;
  }

  /** Handles one event; false when it could not record how far it got (the lease must then expire). */
  private async processEvent(id: string, stored: string | undefined, prior: { attempts: number; mayHaveStarted: boolean }): Promise<boolean> {
    const events = InboxEvents(this.conn);
    const parsed = stored === undefined ? undefined : inboundEventSchema.safeParse(JSON.parse(stored));
    const handler = parsed?.success ? this.handlers[parsed.data.channel] : undefined;
    if (!parsed?.success || !handler) {
      // Gone (handled and purged) or unreadable: nothing to run.
      if (stored !== undefined) await events.updateOne({ _id: id }, { $set: { status: 'failed', lastError: 'unreadable event or channel off' } });
      await inboxWork.remove(this.conn, id);
      return true;
    }
    const event = parsed.data;
    try {
      const replies = await this.outcome(id, event, handler, prior.mayHaveStarted);
      await this.opts.afterOutcomeStored?.(id);
      for (const [i, reply] of replies.entries()) await this.deliverOnce(`${id}#${i}`, event, reply, handler);
      await events.updateOne({ _id: id }, { $set: { status: 'done', doneAt: new Date() } });
      await inboxWork.remove(this.conn, id);
      return true;
    } catch (err) {
      return this.recordFailure(id, prior.attempts, err);
    }
  }

  /** Records a failed attempt (or a stop mid-turn) so the next holder knows the turn may have run. */
  private async recordFailure(id: string, attempts: number, err: unknown): Promise<boolean> {
    try {
      if (this.stopped && err instanceof WorkerStopped) {
        await inboxWork.update(this.conn, id, { started: true });
        return true;
      }
      const tries = attempts + 1;
      const giveUp = tries >= this.opts.maxAttempts;
      const notBefore = Date.now() + this.opts.retryDelayMs * 2 ** (tries - 1);
      this.log.warn({ err, event: id, attempt: tries, giveUp }, 'inbox event failed');
      await InboxEvents(this.conn).updateOne(
        { _id: id },
        { $set: { attempts: tries, lastError: String((err as Error)?.message ?? err).slice(0, 200), notBefore, ...(giveUp ? { status: 'failed' } : {}) } },
      );
      if (giveUp) await inboxWork.remove(this.conn, id);
      else await inboxWork.mirror(this.conn, id, { notBefore, attempts: tries });
      return true;
    } catch (recordErr) {
      this.log.warn({ err: recordErr, event: id }, 'inbox event: attempt not recorded; the lease will expire');
      return false;
    }
  }

  /** The stored replies of this event's turn, running the turn first if nobody has committed it. */
  private async outcome(id: string, event: InboundEvent, handler: EventHandler, mayHaveStarted: boolean): Promise<Partial<Activity>[]> {
    const outcomes = TurnOutcomes(this.conn);
    const existing = mayHaveStarted ? await outcomes.findById(id).lean() : null;
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
    let confirmed: ReadonlySet<number> | undefined;
    try {
      // The claim: from here on the reply counts as sent ("sending" stays, to save a write per reply).
      await deliveries.create({ _id: deliveryId, status: 'sending', owner: this.owner });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      confirmed = await this.resumableSend(deliveryId, event, handler);
      if (!confirmed) return; // sent (or being sent) by someone
    }
    await this.opts.aroundSend?.(deliveryId, 'claimed');
    try {
      await handler.deliver(event, reply, { id: deliveryId, confirmed });
      await this.opts.aroundSend?.(deliveryId, 'sent');
    } catch (err) {
      if (err instanceof SendError && err.permanent) {
        // Retrying cannot help (blocked, window closed…): record it and go on with the conversation.
        await deliveries.updateOne({ _id: deliveryId }, { $set: { status: 'failed', error: err.message } });
        this.log.warn({ event: deliveryId, reason: err.reason, error: err.message }, 'reply not deliverable');
        return;
      }
      // Not sent (throttled, platform down): free the claim so a later attempt sends it. A resumed
      // send keeps it: part of it may have gone out, and the receipts will say which.
      if (!confirmed) await deliveries.deleteOne({ _id: deliveryId }).catch(() => undefined);
      throw err;
    }
  }

  /**
   * A reply already claimed. Claimed by this copy, or settled as failed: done. Claimed by another
   * copy that is gone (its lease expired, we hold the conversation now): it may have died between
   * its claim and the platform call. Where the platform confirms sends, the receipts say which of the
   * reply's messages went out; the rest are sent now (the returned set). Elsewhere the claim stands:
   * at most once.
   */
  private async resumableSend(deliveryId: string, event: InboundEvent, handler: EventHandler): Promise<ReadonlySet<number> | undefined> {
    const claim = await ReplyDeliveries(this.conn).findById(deliveryId).lean();
    if (!claim || claim.status !== 'sending' || claim.owner === this.owner) return undefined;
    if (!handler.confirmsSends || !(await receiptsArrive(this.conn, event.channel))) {
      this.log.warn({ event: deliveryId }, 'reply claimed by a copy that stopped; the platform cannot confirm it, so it is not sent again');
      return undefined;
    }
    // The echo of a message sent just before that copy died may still be on its way: the platform
    // retries a webhook nobody answered, so it lands once some copy has been up for a while.
    const wait = Math.max(claim.createdAt.getTime(), this.startedAt) + this.opts.receiptGraceMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const confirmed = await confirmedParts(this.conn, deliveryId);
    this.log.warn({ event: deliveryId, confirmed: confirmed.size }, 'reply claimed by a copy that stopped: sending what the platform did not confirm');
    return confirmed;
  }
}

/** A work item as the work list returns it (a side item on FerretDB, the pending InboxEvent on MongoDB). */
const workItemSchema = z.object({
  _id: z.string(),
  notBefore: z.number().default(0),
  /** The event's JSON (absent only on side items written before it was carried). */
  event: z.string().optional(),
  attempts: z.number().optional(),
  started: z.boolean().optional(),
});

class WorkerStopped extends Error {
  constructor() {
    super('worker stopped');
  }
}
