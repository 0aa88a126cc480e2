import { randomUUID } from 'node:crypto';
import { schedule, validate, type ScheduledTask } from 'node-cron';
import type { Outbound } from '../outbox/sender.ts';
import type { AppContext, Feature } from '../core/context.ts';
import type { SchedulerJob } from '../core/context.ts';
import { pruneClosedClaims } from '../outbox/claims.ts';
import { pruneLeases, takeLease } from './lease.ts';
import { bringAgendaForward } from '../domain/placements/agenda.ts';
import { conferenceGuard } from '../reminders/conferences.ts';
import { nudgeGuard, planReturnNudges } from '../reminders/return-home.ts';
import { scheduleConfig as currentSchedule, useScheduleConfig, type ScheduleConfig } from '../reminders/schedule-config.ts';
import { localDate, localParts, minutesOfDay } from '../core/time.ts';
import { createDeliveryWorker, type DeliveryWorkerOptions, type WorkerReport } from '../outbox/worker.ts';

export interface SchedulerOptions {
  /** Where proactive messages go (from the channels feature; tests pass fakes). */
  outbound: Outbound;
  /** node-cron expression of the tick (default every minute). */
  tickCron?: string;
  /** Length of one lease: at most one tick per period runs across all copies (default 60 s). */
  tickPeriodMs?: number;
  /** Overrides content/reminders.json (tests). */
  schedule?: ScheduleConfig;
  worker?: Omit<DeliveryWorkerOptions, 'quietHours' | 'guards'>;
  /** Extra jobs; more can be added with `registerJob` before `start`. */
  jobs?: SchedulerJob[];
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
  schedule: ScheduleConfig;
};

const DAY_MS = 86_400_000;

/**
 * The scheduler: a node-cron tick in every copy where SCHEDULER_ENABLED is on; the MongoDB lease
 * decides which copy actually runs each minute's tick. A tick runs the jobs (plan nudges and mark
 * overdue placements, daily jobs of other features) and then the delivery worker.
 */
export function createSchedulerFeature(ctx: AppContext, options: SchedulerOptions): SchedulerFeature {
  const owner = randomUUID();
  if (options.schedule) useScheduleConfig(options.schedule);
  const scheduleConfig = currentSchedule();
  const tickCron = options.tickCron ?? '* * * * *';
  const period = options.tickPeriodMs ?? 60_000;
  if (!validate(tickCron)) throw new Error(`scheduler: invalid cron expression ${JSON.stringify(tickCron)}`);
  const jobs: SchedulerJob[] = [
    // Before the planner, so what comes near is planned in the same tick.
    { name: 'bring-placement-agenda-forward', every: 'daily', at: '00:05', run: (c, now) => bringAgendaForward(c.conn, now) },
    { name: 'plan-return-nudges', every: 'tick', run: (c, now) => planReturnNudges(c, scheduleConfig, now) },
    { name: 'prune-delivery-claims', every: 'daily', at: '02:30', run: (c, now) => pruneClosedClaims(c.conn, new Date(now.getTime() - 2 * DAY_MS)) },
    ...(options.jobs ?? []),
  ];
  const worker = createDeliveryWorker(ctx, options.outbound, {
    ...options.worker,
    quietHours: scheduleConfig.quietHours,
    guards: { conference_reminder: conferenceGuard(ctx), conference_change: conferenceGuard(ctx), return_nudge: nudgeGuard(ctx) },
  });
  let task: ScheduledTask | undefined;
  let running: Promise<TickReport> | undefined;

  async function tick(now: Date): Promise<TickReport> {
    const minute = new Date(Math.floor(now.getTime() / period) * period);
    const report: TickReport = { ran: false, jobs: {} };
    if (!(await takeLease(ctx.conn, `tick:${minute.toISOString()}`, owner, now, new Date(minute.getTime() + period)))) return report;
    report.ran = true;
    for (const job of jobs) {
      try {
        if (job.every === 'daily') {
          const local = localParts(now, ctx.config.tzDefault);
          const due = local.hour * 60 + local.minute >= minutesOfDay(job.at);
          const key = `daily:${job.name}:${localDate(now, ctx.config.tzDefault)}`;
          if (!due || !(await takeLease(ctx.conn, key, owner, now, new Date(now.getTime() + DAY_MS)))) {
            report.jobs[job.name] = 'skipped';
            continue;
          }
        }
        await job.run(ctx, now);
        report.jobs[job.name] = 'ok';
      } catch (err) {
        report.jobs[job.name] = 'failed';
        ctx.log.error({ err, job: job.name }, 'scheduler job failed');
      }
    }
    report.deliveries = await worker.runOnce(now);
    if (minute.getUTCMinutes() === 0 && minute.getUTCSeconds() === 0) await pruneLeases(ctx.conn, new Date(now.getTime() - 2 * DAY_MS));
    return report;
  }

  return {
    name: 'scheduler',
    schedule: scheduleConfig,
    registerJob(job) {
      if (jobs.some((j) => j.name === job.name)) throw new Error(`scheduler job ${job.name} registered twice`);
      if (job.every === 'daily' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(job.at)) throw new Error(`scheduler job ${job.name}: at must be HH:mm`);
      jobs.push(job);
    },
    runTick(now) {
      // One tick at a time in this process; a second caller waits for the running one.
      const next = (running ?? Promise.resolve()).catch(() => undefined).then(() => tick(now));
      running = next;
      return next;
    },
    deliverSoon() {
      if (!ctx.config.schedulerEnabled || !task) return;
      // Queued behind a running tick, so this process never runs the worker twice at once.
      const next = (running ?? Promise.resolve())
        .catch(() => undefined)
        .then(async () => ({ ran: true, jobs: {}, deliveries: await worker.runOnce(ctx.clock.now()) }));
      running = next;
      next.catch((err: unknown) => ctx.log.error({ err }, 'immediate delivery run failed'));
    },
    start() {
      if (!ctx.config.schedulerEnabled) {
        ctx.log.info('scheduler disabled in this process (SCHEDULER_ENABLED=false)');
        return;
      }
      task = schedule(
        tickCron,
        async () => {
          try {
            await this.runTick(ctx.clock.now());
          } catch (err) {
            ctx.log.error({ err }, 'scheduler tick failed');
          }
        },
        { name: `scheduler-${owner}`, noOverlap: true },
      );
    },
    async stop() {
      await task?.destroy();
      task = undefined;
      await running?.catch(() => undefined);
    },
  };
}
