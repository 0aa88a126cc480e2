import { randomUUID } from 'node:crypto';
import type { Activity, CardAction } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import { Counter } from 'prom-client';
import type { Outbound, Recipient, Route, SendPurpose, TemplateMessage } from './sender.ts';
import { SendError } from './sender.ts';
import type { AppContext } from '../core/context.ts';
import { Contacts, type ChannelId } from '../domain/contacts.ts';
import { claimAttempt, closeClaim, DeliveryClaims, markSending } from './claims.ts';
import { Deliveries, type DeliveryKind, type DeliveryRecord, type DeliveryStatus } from './deliveries.ts';
import { dequeue, dueEntries, requeue } from './queue.ts';
import { isQuiet, nextDecentTime, type QuietHours } from '../core/time.ts';

/**
 * The delivery worker: sends due pending deliveries. Run by the scheduler tick (under its lease);
 * correctness with several copies does not depend on the lease, because every send attempt is
 * claimed by inserting a uniquely keyed DeliveryClaim first.
 *
 * Order of checks for each due delivery (all at send time, so later opt-outs and window changes
 * count): contact gone → cancelled; subject no longer wants it (guard) → cancelled; opted out →
 * opted_out; unreachable → failed; night in the person's zone → wait for morning; early (nudges) →
 * send now only if the window would be closed by the due time; no lawful route → window_closed.
 */

export type DeliveryGuard = (delivery: DeliveryRecord, now: Date) => Promise<string | null>;

export interface DeliveryWorkerOptions {
  /** Messages per second per channel (platform rate limits). */
  ratePerSecond?: Partial<Record<ChannelId, number>>;
  /** Most deliveries looked at in one run. */
  batchSize?: number;
  /** Real time one run may spend sending before it leaves the rest to the next tick. */
  runBudgetMs?: number;
  /** Attempts before a transient failure becomes permanent. */
  maxAttempts?: number;
  /** Wait before attempt n+1 after a transient failure of attempt n. */
  backoffMs?: (attempt: number) => number;
  /** An attempt without outcome after this long counts as interrupted (its copy died). */
  claimTimeoutMs?: number;
  quietHours: QuietHours;
  /** Kind-specific "is this still wanted?" checks; a returned string is the cancel reason. */
  guards?: Partial<Record<DeliveryKind, DeliveryGuard>>;
  /** Real waiting for pacing (tests may replace it). */
  sleep?: (ms: number) => Promise<void>;
}

export interface WorkerReport {
  looked: number;
  outcomes: Partial<Record<DeliveryStatus | 'deferred' | 'retry' | 'skipped', number>>;
}

/** For a channel that states no rate of its own. */
const FALLBACK_RATE_PER_SECOND = 1;
/** Which opt-out stops each kind; answers to the person's own request (handoff_release, staff_reply) have none. */
const optOutField: Record<DeliveryKind, 'reminders' | 'nudges' | 'broadcasts' | null> = {
  conference_reminder: 'reminders',
  conference_change: 'reminders',
  return_nudge: 'nudges',
  broadcast: 'broadcasts',
  handoff_release: null,
  staff_reply: null,
};
/** A person waiting for staff is in a conversation: staff's answer goes at once, even late in the evening. */
const ignoresQuietHours: ReadonlySet<DeliveryKind> = new Set(['staff_reply']);
/** When probing whether a window is open at some time, require it to stay open this much longer. */
const WINDOW_MARGIN_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;

export function defaultBackoffMs(attempt: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** (attempt - 1));
}

type ContactLean = {
  _id: string;
  channel: ChannelId;
  userId: string;
  language?: string | null;
  timeZone?: string | null;
  lastInboundAt: Date;
  optOut?: { reminders?: boolean | null; nudges?: boolean | null; broadcasts?: boolean | null } | null;
  unreachable?: { at?: Date | null; reason?: string | null } | null;
  erasedAt?: Date | null;
};

export function createDeliveryWorker(ctx: AppContext, outbound: Outbound, options: DeliveryWorkerOptions) {
  const owner = randomUUID();
  // Each channel states its platform's rate (src/channels/<platform>/channel.ts); tests may override it.
  const rateOf = (channel: ChannelId) => options.ratePerSecond?.[channel] ?? outbound[channel]?.ratePerSecond ?? FALLBACK_RATE_PER_SECOND;
  const batchSize = options.batchSize ?? 500;
  const runBudgetMs = options.runBudgetMs ?? 50_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const claimTimeoutMs = options.claimTimeoutMs ?? 10 * 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deliveries = Deliveries(ctx.conn);
  const nextSlot = new Map<ChannelId, number>();
  const outcomesMetric = new Counter({
    name: 'scheduler_delivery_outcomes_total',
    help: 'What the delivery worker did with due deliveries, by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [ctx.metrics.registry],
  });

  async function settle(d: DeliveryRecord, status: Exclude<DeliveryStatus, 'pending'>, now: Date, extra: Record<string, unknown> = {}) {
    await deliveries.updateOne({ _id: d._id, status: 'pending' }, { $set: { status, settledAt: now, ...extra } });
    await leaveQueue(ctx.conn, d._id, status === 'cancelled');
  }

  async function defer(d: DeliveryRecord, until: Date) {
    await deliveries.updateOne({ _id: d._id, status: 'pending' }, { $set: { nextAttemptAt: until } });
    await requeue(ctx.conn, d._id, until);
  }

  /** Deliveries whose send attempt was claimed by a copy that never reported back. */
  async function recoverInterrupted(now: Date): Promise<number> {
    const stale = await DeliveryClaims(ctx.conn).find({ open: true, expiresAt: { $lt: now } }).limit(batchSize).lean();
    for (const c of stale) {
      const pending = { _id: c.deliveryId, status: 'pending' as const, attempts: { $lt: c.attempt } };
      if (c.sendingAt) {
        await deliveries.updateOne(pending, {
          $set: {
            status: 'failed',
            attempts: c.attempt,
            lastError: 'interrupted: the service stopped during the platform call; the message may or may not have arrived',
            settledAt: now,
          },
        });
        await dequeue(ctx.conn, c.deliveryId);
      } else {
        // Died before calling the platform: nothing went out, so the next attempt may send it.
        await deliveries.updateOne(pending, { $set: { attempts: c.attempt, nextAttemptAt: now } });
        await requeue(ctx.conn, c.deliveryId, now);
      }
      await closeClaim(ctx.conn, c.deliveryId, c.attempt, c.sendingAt ? 'interrupted' : 'abandoned');
    }
    return stale.length;
  }

  async function pace(channel: ChannelId) {
    const interval = 1000 / Math.max(0.001, rateOf(channel));
    const wait = (nextSlot.get(channel) ?? 0) - Date.now();
    if (wait > 0) await sleep(wait);
    nextSlot.set(channel, Math.max(Date.now(), nextSlot.get(channel) ?? 0) + interval);
  }

  /**
   * For a delivery looked at before its due time: send now if this is about the last decent hour at
   * which the platform still allows a free-form message and it would not by the due time; otherwise
   * the time to look again.
   */
  function earlyDecision(d: DeliveryRecord, recipient: Recipient, tz: string, now: Date, template?: TemplateMessage): 'send' | Date {
    const purpose = d.purpose as SendPurpose;
    const freeAt = (t: Date) =>
      !isQuiet(t, tz, options.quietHours) &&
      ch(recipient.channel)?.route(recipient, purpose, new Date(t.getTime() + WINDOW_MARGIN_MS), template).kind === 'free';
    const due = nextDecentTime(d.dueAt, tz, options.quietHours);
    if (ch(recipient.channel)?.route(recipient, purpose, due, template).kind === 'free') return due;
    for (let t = due.getTime() - HOUR_MS; t >= now.getTime(); t -= HOUR_MS) {
      if (freeAt(new Date(t))) return t - now.getTime() < HOUR_MS ? 'send' : new Date(t);
    }
    return freeAt(now) ? 'send' : due;
  }

  function ch(channel: ChannelId) {
    return outbound[channel];
  }

  function activityOf(d: DeliveryRecord, language: 'vi' | 'en'): Partial<Activity> {
    const text = (language === 'en' && d.text?.en) || d.text!.vi;
    const actions: CardAction[] = (d.buttons ?? []).map((b) => ({
      type: 'imBack',
      title: (language === 'en' && b.title?.en) || b.title!.vi,
      value: b.value,
    }));
    return { type: 'message', text, ...(actions.length ? { suggestedActions: { to: [], actions } } : {}) };
  }

  async function runOnce(now: Date): Promise<WorkerReport> {
    const started = Date.now();
    const report: WorkerReport = { looked: 0, outcomes: {} };
    let kind = '';
    const count = (k: keyof WorkerReport['outcomes']) => {
      report.outcomes[k] = (report.outcomes[k] ?? 0) + 1;
      outcomesMetric.inc({ kind, outcome: k });
    };
    await recoverInterrupted(now);
    const throttled = new Set<ChannelId>();
    const seen = new Set<string>();
    // Batch after batch until the run's time budget is spent: one batch per tick would cap a
    // broadcast at `batchSize` messages a minute, whatever the platform's rate allows. A batch
    // holding only deliveries already looked at (throttled, claimed elsewhere) ends the run.
    for (;;) {
      if (Date.now() - started > runBudgetMs) break;
      const due = (await dueDeliveries(ctx.conn, now, batchSize)).filter((d) => !seen.has(d._id));
      if (due.length === 0) break;
      for (const d of due) seen.add(d._id);
      await sendBatch(due);
    }
    return report;

    async function sendBatch(due: DeliveryRecord[]) {
      const contactIds = [...new Set(due.map((d) => d.contactId))];
      const contacts = new Map<string, ContactLean>();
      for (const c of await Contacts(ctx.conn).find({ _id: { $in: contactIds } }).lean<ContactLean[]>()) contacts.set(c._id, c);

      for (const d of due) {
        if (Date.now() - started > runBudgetMs) break;
        report.looked++;
        kind = d.kind;
        const contact = contacts.get(d.contactId);
        const channel = d.channel as ChannelId;
        if (!contact || contact.erasedAt) {
          await settle(d, 'cancelled', now, { lastError: 'contact erased or unknown' });
          count('cancelled');
          continue;
        }
        const guardReason = await options.guards?.[d.kind as DeliveryKind]?.(d, now);
        if (guardReason) {
          await settle(d, 'cancelled', now, { lastError: guardReason });
          count('cancelled');
          continue;
        }
        const optOut = optOutField[d.kind as DeliveryKind];
        if (optOut && contact.optOut?.[optOut]) {
          await settle(d, 'opted_out', now);
          count('opted_out');
          continue;
        }
        if (contact.unreachable?.at) {
          await settle(d, 'failed', now, { lastError: `unreachable: ${contact.unreachable.reason ?? 'platform refused'}` });
          count('failed');
          continue;
        }
        const out = ch(channel);
        if (!out) {
          await settle(d, 'failed', now, { lastError: `channel ${channel} is not configured in this service` });
          count('failed');
          continue;
        }
        if (throttled.has(channel)) {
          count('skipped');
          continue;
        }
        const tz = d.timeZone || contact.timeZone || ctx.config.tzDefault;
        if (!ignoresQuietHours.has(d.kind as DeliveryKind) && isQuiet(now, tz, options.quietHours)) {
          await defer(d, nextDecentTime(now, tz, options.quietHours));
          count('deferred');
          continue;
        }
        const recipient: Recipient = {
          contactId: contact._id,
          channel,
          userId: contact.userId,
          language: contact.language === 'en' ? 'en' : 'vi',
          lastInboundAt: contact.lastInboundAt,
        };
        const template = templateOf(d);
        if (now < d.dueAt) {
          const decision = earlyDecision(d, recipient, tz, now, template);
          if (decision !== 'send') {
            await defer(d, decision);
            count('deferred');
            continue;
          }
        }
        const route: Route = out.route(recipient, d.purpose as SendPurpose, now, template);
        if (route.kind === 'closed') {
          await settle(d, 'window_closed', now, { lastError: route.reason });
          count('window_closed');
          continue;
        }
        // Pace before claiming, so that no claim is held while waiting for the platform's rate.
        await pace(channel);
        const attempt = d.attempts + 1;
        if (!(await claimAttempt(ctx.conn, d._id, attempt, owner, now, claimTimeoutMs))) {
          count('skipped');
          continue;
        }
        try {
          await markSending(ctx.conn, d._id, attempt, now);
          const res = await out.send(recipient, activityOf(d, recipient.language), route, template);
          await deliveries.updateOne(
            { _id: d._id },
            { $set: { status: 'sent', attempts: attempt, sentAt: ctx.clock.now(), settledAt: now, messageIds: res.messageIds }, $unset: { lastError: 1 } },
          );
          await dequeue(ctx.conn, d._id);
          await closeClaim(ctx.conn, d._id, attempt, 'sent');
          count('sent');
        } catch (err) {
          const outcome = await recordFailure(d, attempt, err, now, throttled);
          await closeClaim(ctx.conn, d._id, attempt, outcome);
          count(outcome === 'pending' ? 'retry' : outcome);
        }
      }
    }
  }

  async function recordFailure(d: DeliveryRecord, attempt: number, err: unknown, now: Date, throttled: Set<ChannelId>): Promise<DeliveryStatus> {
    const e = err instanceof SendError ? err : new SendError(err instanceof Error ? err.message : String(err), false, 'unknown');
    const lastError = `${e.reason}: ${e.message}`.slice(0, 500);
    if (e.reason === 'window_closed') {
      await deliveries.updateOne({ _id: d._id }, { $set: { status: 'window_closed', attempts: attempt, lastError, settledAt: now } });
      await dequeue(ctx.conn, d._id);
      return 'window_closed';
    }
    if (e.reason === 'unreachable') {
      await Contacts(ctx.conn).updateOne({ _id: d.contactId }, { $set: { unreachable: { at: now, reason: e.message.slice(0, 200) } } });
    }
    if (e.permanent || attempt >= maxAttempts) {
      await deliveries.updateOne({ _id: d._id }, { $set: { status: 'failed', attempts: attempt, lastError, settledAt: now } });
      await dequeue(ctx.conn, d._id);
      ctx.log.warn({ delivery: d._id, reason: e.reason }, 'delivery failed for good');
      return 'failed';
    }
    if (e.reason === 'retry_later') throttled.add(d.channel as ChannelId);
    const wait = Math.max(backoff(attempt), e.retryAfterMs ?? 0);
    const next = new Date(now.getTime() + wait);
    await deliveries.updateOne({ _id: d._id }, { $set: { attempts: attempt, lastError, nextAttemptAt: next } });
    await requeue(ctx.conn, d._id, next);
    return 'pending';
  }

  return { runOnce, recoverInterrupted };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

/**
 * Pending deliveries whose next look is due, found through the queue (delivery-queue.ts). Each
 * entry is checked against its delivery: one settled or gone leaves the queue, one moved later
 * (its copy died between the two writes) gets its entry moved too.
 */
export async function dueDeliveries(conn: Connection, now: Date, limit: number): Promise<DeliveryRecord[]> {
  const due: DeliveryRecord[] = [];
  for (const entry of await dueEntries(conn, now, limit)) {
    const d = await Deliveries(conn).findById(entry._id);
    if (!d || d.status !== 'pending') await leaveQueue(conn, entry._id, true);
    else if (d.nextAttemptAt > now) await requeue(conn, d._id, d.nextAttemptAt);
    else due.push(d);
  }
  return due;
}

/**
 * Takes a delivery off the queue. A cancelled delivery can come back to life (a person signs up
 * again for a conference: conference-reminders.ts), perhaps between our read and this delete, so
 * where that is possible the delivery is read again afterwards and put back if it is pending.
 */
async function leaveQueue(conn: Connection, deliveryId: string, mayRevive: boolean): Promise<void> {
  await dequeue(conn, deliveryId);
  if (!mayRevive) return;
  const d = await Deliveries(conn).findById(deliveryId, { status: 1, nextAttemptAt: 1 }).lean();
  if (d?.status === 'pending') await requeue(conn, deliveryId, d.nextAttemptAt);
}

function templateOf(d: DeliveryRecord): TemplateMessage | undefined {
  const t = d.template;
  if (!t?.kind) return undefined;
  const params = t.params instanceof Map ? Object.fromEntries(t.params) : ((t.params ?? {}) as Record<string, string>);
  return { kind: t.kind as TemplateMessage['kind'], params, ...(t.phone ? { phone: t.phone } : {}) };
}
