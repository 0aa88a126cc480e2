import { botDialogs } from '../dialogs/index.ts';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { systemClock, type Clock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import type { AppContext, Feature } from './core/context.ts';
import { createAdminFeature } from './admin/feature.ts';
import { materialiseBroadcastsJob } from './broadcasts/job.ts';
import { createBot } from './conversation/bot.ts';
import { createCompanyListFeature } from './domain/companies/seed.ts';
import { createLiveMatcher, type LiveMatcher } from './conversation/live-matcher.ts';
import type { BotLogic } from './conversation/types.ts';
import { createChannels, type Channels, type ChannelsOptions } from './channels/index.ts';
import { loadContent, warnAboutMissingContacts, type Content } from './content/index.ts';
import { createHttpApp } from './http/app.ts';
import { leadRetentionJob } from './privacy/retention.ts';
import { createMetrics, type Metrics } from './core/metrics.ts';
import type { Logger } from './core/log.ts';
import { createSchedulerFeature, type SchedulerFeature, type SchedulerOptions } from './scheduler/feature.ts';
import { createDeliveryWorker } from './outbox/worker.ts';
import { pruneClaimsJob } from './outbox/claims.ts';
import { reminderGuards, reminderJobs } from './reminders/jobs.ts';
import { scheduleConfig, useScheduleConfig } from './reminders/schedule-config.ts';

export interface ServiceDeps {
  config: Config;
  conn: Connection;
  log: Logger;
  clock?: Clock;
  metrics?: Metrics;
  /** The bot run for every inbound event (tests pass a small one). */
  bot?: BotLogic;
  /** Default: content/ read and validated now (a broken file throws ContentError). */
  content?: Content;
  /** Inbox worker and platform-call timings (tests shorten them). */
  channels?: ChannelsOptions;
  /** Scheduler overrides (tests: schedule, worker pacing, extra jobs). */
  scheduler?: Omit<SchedulerOptions, 'outbound'>;
}

export interface Service {
  ctx: AppContext;
  app: Express;
  /** Zalo/Messenger: `channels.outbound` for proactive sends, `channels.adapters` for continueConversation. */
  channels: Channels;
  /** Reminders, nudges and deliveries; `scheduler.runTick(now)` drives it in tests. */
  scheduler: SchedulerFeature;
  /** The bot's understanding with staff examples (absent when a test passed its own bot). */
  matcher: LiveMatcher | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds one service instance. Tests build several against one database. */
export function createService(deps: ServiceDeps): Service {
  const ctx: AppContext = {
    config: deps.config,
    conn: deps.conn,
    log: deps.log,
    clock: deps.clock ?? systemClock,
    metrics: deps.metrics ?? createMetrics(),
  };
  const features: Feature[] = [];
  const content = deps.content ?? loadContent();
  // Staff examples are learnt before the channels start taking turns (features start in order).
  const matcher = deps.bot ? undefined : createLiveMatcher({ conn: ctx.conn, content, log: ctx.log, pollMs: ctx.config.trainingPollSeconds * 1000 });
  if (matcher) features.push({ name: 'live-matcher', start: () => matcher.start(), stop: () => matcher.stop() });
  const channels = createChannels(ctx, deps.bot ?? createBot({ ctx, content, matcher, ...botDialogs }), deps.channels);
  // The licensed-company list is in the database before the first turn can ask for it.
  features.push(createCompanyListFeature(ctx));
  // Built before the admin API (a staff reply asks it to send at once), started after the channels.
  const scheduler = createScheduler(ctx, { outbound: channels.outbound, ...deps.scheduler });
  features.push(createAdminFeature(ctx, { outbound: channels.outbound, content, trainingChanged: () => matcher?.examplesChanged(), deliverSoon: () => scheduler.deliverSoon() }));
  features.push(channels);
  scheduler.registerJob(materialiseBroadcastsJob);
  scheduler.registerJob(leadRetentionJob);
  features.push(scheduler);
  const app = createHttpApp({
    trustProxy: ctx.config.trustProxy,
    metricsToken: ctx.config.metricsToken,
    conn: ctx.conn,
    log: ctx.log,
    metrics: ctx.metrics,
    mount: features.flatMap((f) => (f.mount ? [f.mount.bind(f)] : [])),
  });
  return {
    ctx,
    app,
    channels,
    scheduler,
    matcher,
    async start() {
      warnAboutMissingContacts(ctx.log, content.operator);
      for (const f of features) await f.start?.();
    },
    async stop() {
      for (const f of [...features].reverse()) {
        try {
          await f.stop?.();
        } catch (err) {
          ctx.log.error({ err, feature: f.name }, 'feature failed to stop');
        }
      }
    },
  };
}

/**
 * The scheduler with its jobs and delivery worker: the reminders' jobs first (in their order), the
 * outbox's claim pruning, then any the caller adds; broadcasts and retention register theirs after.
 */
function createScheduler(ctx: AppContext, options: SchedulerOptions): SchedulerFeature {
  if (options.schedule) useScheduleConfig(options.schedule);
  const schedule = scheduleConfig();
  const deliveries = createDeliveryWorker(ctx, options.outbound, { ...options.worker, quietHours: schedule.quietHours, guards: reminderGuards(ctx) });
  const jobs = [...reminderJobs(schedule), pruneClaimsJob, ...(options.jobs ?? [])];
  return createSchedulerFeature(ctx, { tickCron: options.tickCron, tickPeriodMs: options.tickPeriodMs, jobs, deliveries });
}

/** Listens on `port` (0 = any free port) and resolves once accepting connections. */
export function listen(app: Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host ?? '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(server)));
    server.keepAliveTimeout = 65_000;
  });
}

/** Stops accepting connections, lets in-flight requests finish, then drops idle keep-alives. */
export function closeServer(server: Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
