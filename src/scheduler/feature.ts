import { randomUUID } from 'node:crypto';
import { schedule, validate, type ScheduledTask } from 'node-cron';
import type { Outbound } from '../outbox/sender.ts';
import type { AppContext, Feature, SchedulerJob } from '../core/context.ts';
import { pruneLeases, takeLease } from './lease.ts';
import type { ScheduleConfig } from '../reminders/schedule-config.ts';
import { localDate, localParts, minutesOfDay } from '../core/time.ts';
import type { DeliveryWorkerOptions, WorkerReport } from '../outbox/worker.ts';

/** The tick's own settings. */
export interface TickOptions {
  /** node-cron expression of the tick (default every minute). */
  tickCron?: string;
  /** Length of one lease: at most one tick per period runs across all copies (default 60 s). */
  tickPeriodMs?: number;
  /** Jobs run by each tick, in this order; more can be added with `registerJob` before `start`. */
  jobs?: SchedulerJob[];
}

/**
 * What a service configures about scheduling (tests override parts of it). The composition root
 * (src/service.ts) turns it into the tick's jobs and its delivery worker.
 */
export interface SchedulerOptions extends TickOptions {
  /** Where proactive messages go (from the channels feature; tests pass fakes). */
  outbound: Outbound;
  /** Overrides content/reminders.json (tests). */
  schedule?: ScheduleConfig;
  worker?: Omit<DeliveryWorkerOptions, 'quietHours' | 'guards'>;
}

/** The delivery worker the tick runs after its jobs (src/outbox/worker.ts). */
export interface TickDeliveries {
  runOnce(now: Date): Promise<WorkerReport>;
}

export interface TickReport {
  ran: boolean;
  jobs: Record<string, 'ok' | 'failed' | 'skipped'>;
  deliveries?: WorkerReport;
}

export type SchedulerFeature = Feature & {
  /** Runs the tick for `now` if no other copy has run that minute's tick (tests drive time with it). */
  runTick(now: Date): Promise<TickReport>;
  /**
   * Sends due deliveries now rather than at the next tick (a staff reply someone is waiting for).
   * Safe beside ticks of other copies: every send attempt is claimed first (worker.ts). Does
   * nothing where the scheduler is off.
   */
  deliverSoon(): void;
  registerJob(job: SchedulerJob): void;
};

const DAY_MS = 86_400_000;

/** One scheduler: its identity for leases, its job list and the tick in progress in this process. */
interface Ticker {
  ctx: AppContext;
  owner: string;
  period: number;
  jobs: SchedulerJob[];
  deliveries: TickDeliveries;
}

/**
 * The scheduler: a node-cron tick in every copy where SCHEDULER_ENABLED is on; the MongoDB lease
 * decides which copy actually runs each minute's tick. A tick runs the registered jobs (in order)
 * and then the delivery worker. It knows no job itself: they are registered by the features.
 */
export function createSchedulerFeature(ctx: AppContext, options: TickOptions & { deliveries: TickDeliveries }): SchedulerFeature {
  const tickCron = options.tickCron ?? '* * * * *';
  if (!validate(tickCron)) throw new Error(`scheduler: invalid cron expression ${JSON.stringify(tickCron)}`);
  const t: Ticker = { ctx, owner: randomUUID(), period: options.tickPeriodMs ?? 60_000, jobs: [], deliveries: options.deliveries };
  for (const job of options.jobs ?? []) registerJob(t, job);
  let task: ScheduledTask | undefined;
  let running: Promise<TickReport> | undefined;
  /** One run at a time in this process; a second caller waits for the running one. */
  const queue = (run: () => Promise<TickReport>) => {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(run);
    running = next;
    return next;
  };

  return {
    name: 'scheduler',
    registerJob: (job) => registerJob(t, job),
    runTick: (now) => queue(() => tick(t, now)),
    deliverSoon() {
      if (!ctx.config.schedulerEnabled || !task) return;
      // Queued behind a running tick, so this process never runs the worker twice at once.
      queue(async () => ({ ran: true, jobs: {}, deliveries: await t.deliveries.runOnce(ctx.clock.now()) })).catch((err: unknown) =>
        ctx.log.error({ err }, 'immediate delivery run failed'),
      );
    },
    start() {
      if (!ctx.config.schedulerEnabled) {
        ctx.log.info('scheduler disabled in this process (SCHEDULER_ENABLED=false)');
        return;
      }
      const onTick = async () => {
        try {
          await this.runTick(ctx.clock.now());
        } catch (err) {
          ctx.log.error({ err }, 'scheduler tick failed');
        }
      };
      task = schedule(tickCron, onTick, { name: `scheduler-${t.owner}`, noOverlap: true });
    },
    async stop() {
      await task?.destroy();
      task = undefined;
      await running?.catch(() => undefined);
    },
  };
}

function registerJob(t: Ticker, job: SchedulerJob): void {
  if (t.jobs.some((j) => j.name === job.name)) throw new Error(`scheduler job ${job.name} registered twice`);
  if (job.every === 'daily' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(job.at)) throw new Error(`scheduler job ${job.name}: at must be HH:mm`);
  t.jobs.push(job);
}

/** The tick for `now`, if this copy takes the period's lease: every job, then the delivery worker. */
async function tick(t: Ticker, now: Date): Promise<TickReport> {
  const { ctx, period } = t;
  const minute = new Date(Math.floor(now.getTime() / period) * period);
  const report: TickReport = { ran: false, jobs: {} };
  if (!(await takeLease(ctx.conn, `tick:${minute.toISOString()}`, t.owner, now, new Date(minute.getTime() + period)))) return report;
  report.ran = true;
  for (const job of t.jobs) report.jobs[job.name] = await runJob(t, job, now);
  report.deliveries = await t.deliveries.runOnce(now);
  if (minute.getUTCMinutes() === 0 && minute.getUTCSeconds() === 0) await pruneLeases(ctx.conn, new Date(now.getTime() - 2 * DAY_MS));
  return report;
}

/** Runs one job (a daily one only once its local time has come and no copy ran it that day). */
async function runJob(t: Ticker, job: SchedulerJob, now: Date): Promise<TickReport['jobs'][string]> {
  const { ctx } = t;
  try {
    if (job.every === 'daily') {
      const local = localParts(now, ctx.config.tzDefault);
      const due = local.hour * 60 + local.minute >= minutesOfDay(job.at);
      const key = `daily:${job.name}:${localDate(now, ctx.config.tzDefault)}`;
      if (!due || !(await takeLease(ctx.conn, key, t.owner, now, new Date(now.getTime() + DAY_MS)))) return 'skipped';
    }
    await job.run(ctx, now);
    return 'ok';
  } catch (err) {
    ctx.log.error({ err, job: job.name }, 'scheduler job failed');
    return 'failed';
  }
}
