import { randomUUID } from 'node:crypto';
import type { Activity, CardAction } from 'botbuilder-core';
import type { Connection } from 'mongoose';
import { Counter } from 'prom-client';
import type { ChannelOutbound, Outbound, Recipient, Route, SendPurpose, TemplateMessage } from './sender.ts';
import { SendError } from './sender.ts';
import type { AppContext } from '../core/context.ts';
import { Contacts, type ChannelId } from '../domain/contacts.ts';
import { claimAttempt, claimIdOf, closeClaim, DeliveryClaims } from './claims.ts';
import { confirmedParts, receiptsArrive } from './receipts.ts';
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
  /**
   * Deliveries being sent at once (each still paced to its channel's rate): while one waits for the
   * database and the platform, the next goes out in its slot. One person's deliveries stay in order;
   * a channel that cannot confirm sends (no receipts) sends one at a time.
   */
  sendConcurrency?: number;
  /** How long a copy waits after its start before trusting that a missing send receipt means "not sent" (echoes are retried). */
  receiptGraceMs?: number;
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

/** What one worker holds across runs: its options resolved, its pacing slots, its metric. */
interface Worker {
  ctx: AppContext;
  outbound: Outbound;
  options: DeliveryWorkerOptions;
  owner: string;
  batchSize: number;
  runBudgetMs: number;
  maxAttempts: number;
  backoff: (attempt: number) => number;
  claimTimeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  sendConcurrency: number;
  receiptGraceMs: number;
  startedAt: number;
  deliveries: ReturnType<typeof Deliveries>;
  nextSlot: Map<ChannelId, number>;
  outcomesMetric: Counter<'kind' | 'outcome'>;
}

type Outcome = keyof WorkerReport['outcomes'];

/** One run: its start, its report and the channels a platform asked us to slow down on. */
interface Run {
  now: Date;
  started: number;
  report: WorkerReport;
  throttled: Set<ChannelId>;
}

/** One due delivery being looked at, with its (known, not erased) contact. */
interface Look {
  d: DeliveryRecord;
  contact: ContactLean;
  channel: ChannelId;
}

/** A delivery that passed the checks on its contact: where and how it would go. */
interface Ready extends Look {
  out: ChannelOutbound;
  tz: string;
  recipient: Recipient;
  template: TemplateMessage | undefined;
}

/** A check on a due delivery: an outcome ends the look at it (after writing it), undefined lets it go on. */
type Gate<T> = (w: Worker, run: Run, x: T) => Promise<Outcome | undefined>;

export function createDeliveryWorker(ctx: AppContext, outbound: Outbound, options: DeliveryWorkerOptions) {
  const w: Worker = {
    ctx,
    outbound,
    options,
    owner: randomUUID(),
    batchSize: options.batchSize ?? 500,
    runBudgetMs: options.runBudgetMs ?? 50_000,
    maxAttempts: options.maxAttempts ?? 6,
    backoff: options.backoffMs ?? defaultBackoffMs,
    claimTimeoutMs: options.claimTimeoutMs ?? 10 * 60_000,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    sendConcurrency: Math.max(1, options.sendConcurrency ?? 8),
    receiptGraceMs: options.receiptGraceMs ?? 10_000,
    startedAt: Date.now(),
    deliveries: Deliveries(ctx.conn),
    nextSlot: new Map(),
    outcomesMetric: new Counter({
      name: 'scheduler_delivery_outcomes_total',
      help: 'What the delivery worker did with due deliveries, by kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
      registers: [ctx.metrics.registry],
    }),
  };
  return {
    runOnce: (now: Date) => runOnce(w, now),
    recoverInterrupted: (now: Date) => recoverInterrupted(w, now),
  };
}

async function settle(w: Worker, d: DeliveryRecord, status: Exclude<DeliveryStatus, 'pending'>, now: Date, extra: Record<string, unknown> = {}) {
  await w.deliveries.updateOne({ _id: d._id, status: 'pending' }, { $set: { status, settledAt: now, ...extra } });
  await leaveQueue(w.ctx.conn, d._id, status === 'cancelled');
}

async function defer(w: Worker, d: DeliveryRecord, until: Date) {
  await w.deliveries.updateOne({ _id: d._id, status: 'pending' }, { $set: { nextAttemptAt: until } });
  await requeue(w.ctx.conn, d._id, until);
}

/** Deliveries whose send attempt was claimed by a copy that never reported back. */
async function recoverInterrupted(w: Worker, now: Date): Promise<number> {
  const conn = w.ctx.conn;
  const stale = await DeliveryClaims(conn).find({ open: true, expiresAt: { $lt: now } }).limit(w.batchSize).lean();
  let recovered = 0;
  for (const c of stale) {
    const pending = { _id: c.deliveryId, status: 'pending' as const, attempts: { $lt: c.attempt } };
    // Died before calling the platform: nothing went out, so the next attempt may send it.
    const verdict = c.sendingAt ? await platformSays(w, c) : 'not_sent';
    if (verdict === 'ask_later') continue;
    if (verdict === 'sent') {
      await w.deliveries.updateOne(pending, { $set: { status: 'sent', attempts: c.attempt, sentAt: c.sendingAt, settledAt: now }, $unset: { lastError: 1 } });
      await dequeue(conn, c.deliveryId);
    } else if (verdict === 'unknown') {
      await w.deliveries.updateOne(pending, {
        $set: {
          status: 'failed',
          attempts: c.attempt,
          lastError: 'interrupted: the service stopped during the platform call; the message may or may not have arrived',
          settledAt: now,
        },
      });
      await dequeue(conn, c.deliveryId);
    } else {
      await w.deliveries.updateOne(pending, { $set: { attempts: c.attempt, nextAttemptAt: now } });
      await requeue(conn, c.deliveryId, now);
    }
    const outcome = { sent: 'sent', unknown: 'interrupted', not_sent: c.sendingAt ? 'not_sent' : 'abandoned' }[verdict];
    await closeClaim(conn, c.deliveryId, c.attempt, outcome);
    recovered++;
  }
  return recovered;
}

/**
 * What the platform's send receipts say about an attempt interrupted during its call: `sent` (an
 * echo came back), `not_sent` (echoes arrive but none for it), `unknown` (untagged: a template, or a
 * channel or Page without echoes), or `ask_later` while this copy has been up too briefly for
 * retried echoes to have reached it.
 */
async function platformSays(w: Worker, c: { _id: string; confirmable?: string | null }): Promise<'sent' | 'not_sent' | 'unknown' | 'ask_later'> {
  const channel = c.confirmable as ChannelId | undefined | null;
  if (!channel || !(await receiptsArrive(w.ctx.conn, channel))) return 'unknown';
  if (Date.now() - w.startedAt < w.receiptGraceMs) return 'ask_later';
  return (await confirmedParts(w.ctx.conn, c._id)).size > 0 ? 'sent' : 'not_sent';
}

/** Each channel states its platform's rate (src/channels/<platform>/channel.ts); tests may override it. */
function rateOf(w: Worker, channel: ChannelId): number {
  return w.options.ratePerSecond?.[channel] ?? w.outbound[channel]?.ratePerSecond ?? FALLBACK_RATE_PER_SECOND;
}

/**
 * The share of a platform's stated rate we pace to: exactly at the limit, one late request released
 * together with the next is already over it and the platform answers "throttled" (Messenger 613).
 */
const PACE_SHARE = 0.95;

/** Waits for this channel's next free slot; the slot is taken before waiting, so concurrent sends never share one. */
async function pace(w: Worker, channel: ChannelId) {
  const interval = 1000 / Math.max(0.001, rateOf(w, channel) * PACE_SHARE);
  const slot = Math.max(Date.now(), w.nextSlot.get(channel) ?? 0);
  w.nextSlot.set(channel, slot + interval);
  const wait = slot - Date.now();
  if (wait > 0) await w.sleep(wait);
}

/**
 * For a delivery looked at before its due time: send now if this is about the last decent hour at
 * which the platform still allows a free-form message and it would not by the due time; otherwise
 * the time to look again.
 */
function earlyDecision(w: Worker, x: Ready, now: Date): 'send' | Date {
  const { d, recipient, tz, template, out } = x;
  const purpose = d.purpose as SendPurpose;
  const quietHours = w.options.quietHours;
  const freeAt = (t: Date) => !isQuiet(t, tz, quietHours) && out.route(recipient, purpose, new Date(t.getTime() + WINDOW_MARGIN_MS), template).kind === 'free';
  const due = nextDecentTime(d.dueAt, tz, quietHours);
  if (out.route(recipient, purpose, due, template).kind === 'free') return due;
  for (let t = due.getTime() - HOUR_MS; t >= now.getTime(); t -= HOUR_MS) {
    if (freeAt(new Date(t))) return t - now.getTime() < HOUR_MS ? 'send' : new Date(t);
  }
  return freeAt(now) ? 'send' : due;
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

async function runOnce(w: Worker, now: Date): Promise<WorkerReport> {
  const run: Run = { now, started: Date.now(), report: { looked: 0, outcomes: {} }, throttled: new Set() };
  await recoverInterrupted(w, now);
  const seen = new Set<string>();
  // Batch after batch until the run's time budget is spent: one batch per tick would cap a
  // broadcast at `batchSize` messages a minute, whatever the platform's rate allows. A batch
  // holding only deliveries already looked at (throttled, claimed elsewhere) ends the run.
  for (;;) {
    if (Date.now() - run.started > w.runBudgetMs) break;
    const due = (await dueDeliveries(w.ctx.conn, now, w.batchSize)).filter((d) => !seen.has(d._id));
    if (due.length === 0) break;
    for (const d of due) seen.add(d._id);
    await sendBatch(w, run, due);
  }
  return run.report;
}

async function sendBatch(w: Worker, run: Run, due: DeliveryRecord[]) {
  const contactIds = [...new Set(due.map((d) => d.contactId))];
  const contacts = new Map<string, ContactLean>();
  for (const c of await Contacts(w.ctx.conn).find({ _id: { $in: contactIds } }).lean<ContactLean[]>()) contacts.set(c._id, c);
  const lanes = new Lanes(w.sendConcurrency);
  for (const d of due) {
    if (Date.now() - run.started > w.runBudgetMs || lanes.failed) break;
    await lanes.start(laneOf(w, d, contacts.get(d.contactId)), async () => {
      run.report.looked++;
      const outcome = await lookAt(w, run, d, contacts.get(d.contactId));
      run.report.outcomes[outcome] = (run.report.outcomes[outcome] ?? 0) + 1;
      w.outcomesMetric.inc({ kind: d.kind, outcome });
    });
  }
  await lanes.finish();
}

/**
 * Which deliveries must go one after the other: one person's, always (their order); and all of a
 * channel whose sends cannot be confirmed after a crash (Zalo), so a crash leaves at most one of
 * its messages in doubt. Its rate is low enough that one at a time keeps up.
 */
function laneOf(w: Worker, d: DeliveryRecord, contact: ContactLean | undefined): string {
  const channel = contact?.channel;
  return channel && !w.outbound[channel]?.confirmsSends ? `channel:${channel}` : `contact:${d.contactId}`;
}

/**
 * At most `size` tasks at once; a task waits for the previous one with the same key (one person's
 * messages keep their order). The first failure stops new starts and is thrown by `finish`.
 */
class Lanes {
  private readonly running = new Set<Promise<void>>();
  private readonly lastOf = new Map<string, Promise<void>>();
  private failure: { err: unknown } | undefined;

  constructor(private readonly size: number) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  async start(key: string, task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.size) await Promise.race(this.running);
    const before = this.lastOf.get(key);
    const run: Promise<void> = (async () => {
      await before;
      if (!this.failure) await task();
    })()
      .catch((err: unknown) => {
        this.failure ??= { err };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
    this.lastOf.set(key, run);
  }

  async finish(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure.err;
  }
}

/**
 * The checks, in order, all at send time so later opt-outs and window changes count (see the
 * comment at the top of this file); the first that decides ends the look.
 */
const contactGates: Gate<Look>[] = [unwanted, optedOut, unreachable];
const sendGates: Gate<Ready>[] = [throttled, quietNow, tooEarly];

async function lookAt(w: Worker, run: Run, d: DeliveryRecord, contact: ContactLean | undefined): Promise<Outcome> {
  if (!contact || contact.erasedAt) {
    await settle(w, d, 'cancelled', run.now, { lastError: 'contact erased or unknown' });
    return 'cancelled';
  }
  const look: Look = { d, contact, channel: d.channel as ChannelId };
  for (const gate of contactGates) {
    const outcome = await gate(w, run, look);
    if (outcome) return outcome;
  }
  const out = w.outbound[look.channel];
  if (!out) {
    await settle(w, d, 'failed', run.now, { lastError: `channel ${look.channel} is not configured in this service` });
    return 'failed';
  }
  const ready = readyOf(w, look, out);
  for (const gate of sendGates) {
    const outcome = await gate(w, run, ready);
    if (outcome) return outcome;
  }
  return sendNow(w, run, ready);
}

function readyOf(w: Worker, { d, contact, channel }: Look, out: ChannelOutbound): Ready {
  const recipient: Recipient = {
    contactId: contact._id,
    channel,
    userId: contact.userId,
    language: contact.language === 'en' ? 'en' : 'vi',
    lastInboundAt: contact.lastInboundAt,
  };
  const tz = d.timeZone || contact.timeZone || w.ctx.config.tzDefault;
  return { d, contact, channel, out, tz, recipient, template: templateOf(d) };
}

/** The subject no longer wants it (a kind's guard: conference cancelled, worker returned…). */
async function unwanted(w: Worker, run: Run, { d }: Look): Promise<Outcome | undefined> {
  const reason = await w.options.guards?.[d.kind as DeliveryKind]?.(d, run.now);
  if (!reason) return undefined;
  await settle(w, d, 'cancelled', run.now, { lastError: reason });
  return 'cancelled';
}

async function optedOut(w: Worker, run: Run, { d, contact }: Look): Promise<Outcome | undefined> {
  const field = optOutField[d.kind as DeliveryKind];
  if (!field || !contact.optOut?.[field]) return undefined;
  await settle(w, d, 'opted_out', run.now);
  return 'opted_out';
}

async function unreachable(w: Worker, run: Run, { d, contact }: Look): Promise<Outcome | undefined> {
  if (!contact.unreachable?.at) return undefined;
  await settle(w, d, 'failed', run.now, { lastError: `unreachable: ${contact.unreachable.reason ?? 'platform refused'}` });
  return 'failed';
}

/** The platform asked this run to slow down on the channel: left for the next run, unchanged. */
async function throttled(_w: Worker, run: Run, { channel }: Ready): Promise<Outcome | undefined> {
  return run.throttled.has(channel) ? 'skipped' : undefined;
}

/** Night in the person's zone: wait for the morning (a staff reply goes at once). */
async function quietNow(w: Worker, run: Run, { d, tz }: Ready): Promise<Outcome | undefined> {
  const quietHours = w.options.quietHours;
  if (ignoresQuietHours.has(d.kind as DeliveryKind) || !isQuiet(run.now, tz, quietHours)) return undefined;
  await defer(w, d, nextDecentTime(run.now, tz, quietHours));
  return 'deferred';
}

/** Before its due time (nudges): send now only if the window would be closed by the due time. */
async function tooEarly(w: Worker, run: Run, x: Ready): Promise<Outcome | undefined> {
  if (run.now >= x.d.dueAt) return undefined;
  const decision = earlyDecision(w, x, run.now);
  if (decision === 'send') return undefined;
  await defer(w, x.d, decision);
  return 'deferred';
}

/** No lawful route now → window_closed; else claims the attempt, calls the platform and records what happened. */
async function sendNow(w: Worker, run: Run, { d, out, recipient, template, channel }: Ready): Promise<Outcome> {
  const { ctx } = w;
  const now = run.now;
  const route: Route = out.route(recipient, d.purpose as SendPurpose, now, template);
  if (route.kind === 'closed') {
    await settle(w, d, 'window_closed', now, { lastError: route.reason });
    return 'window_closed';
  }
  // Pace before claiming, so that no claim is held while waiting for the platform's rate.
  await pace(w, channel);
  const attempt = d.attempts + 1;
  // A free-form message is tagged where the platform echoes tags: after a crash its receipt tells.
  const tagged = out.confirmsSends === true && route.kind === 'free';
  if (!(await claimAttempt(ctx.conn, d._id, attempt, w.owner, now, w.claimTimeoutMs, tagged ? channel : undefined))) return 'skipped';
  try {
    const res = await out.send(recipient, activityOf(d, recipient.language), route, template, tagged ? { id: claimIdOf(d._id, attempt) } : undefined);
    await w.deliveries.updateOne(
      { _id: d._id },
      { $set: { status: 'sent', attempts: attempt, sentAt: ctx.clock.now(), settledAt: now, messageIds: res.messageIds }, $unset: { lastError: 1 } },
    );
    await dequeue(ctx.conn, d._id);
    await closeClaim(ctx.conn, d._id, attempt, 'sent');
    return 'sent';
  } catch (err) {
    const outcome = await recordFailure(w, d, attempt, err, now, run.throttled);
    await closeClaim(ctx.conn, d._id, attempt, outcome);
    return outcome === 'pending' ? 'retry' : outcome;
  }
}

async function recordFailure(w: Worker, d: DeliveryRecord, attempt: number, err: unknown, now: Date, throttled: Set<ChannelId>): Promise<DeliveryStatus> {
  const { ctx, deliveries } = w;
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
  if (e.permanent || attempt >= w.maxAttempts) {
    await deliveries.updateOne({ _id: d._id }, { $set: { status: 'failed', attempts: attempt, lastError, settledAt: now } });
    await dequeue(ctx.conn, d._id);
    ctx.log.warn({ delivery: d._id, reason: e.reason }, 'delivery failed for good');
    return 'failed';
  }
  if (e.reason === 'retry_later') throttled.add(d.channel as ChannelId);
  const wait = Math.max(w.backoff(attempt), e.retryAfterMs ?? 0);
  const next = new Date(now.getTime() + wait);
  await deliveries.updateOne({ _id: d._id }, { $set: { attempts: attempt, lastError, nextAttemptAt: next } });
  await requeue(ctx.conn, d._id, next);
  return 'pending';
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

/**
 * Pending deliveries whose next look is due, found through the queue (queue.ts). Each
 * entry is checked against its delivery: one settled or gone leaves the queue, one moved later
 * (its copy died between the two writes) gets its entry moved too.
 */
export async function dueDeliveries(conn: Connection, now: Date, limit: number): Promise<DeliveryRecord[]> {
  const due: DeliveryRecord[] = [];
  for (const key of await dueEntries(conn, now, limit)) {
    const d = await Deliveries(conn).findById(key);
    if (!d || d.status !== 'pending') await leaveQueue(conn, key, true);
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
