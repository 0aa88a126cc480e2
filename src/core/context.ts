import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';

/** What every feature module is given: the one context object of a service instance. */
export interface AppContext {
  config: Config;
  conn: Connection;
  log: Logger;
  clock: Clock;
  metrics: Metrics;
}

/**
 * A feature plugs routes and background work into the service. Features are started in order and
 * stopped in reverse order.
 */
export interface Feature {
  name: string;
  mount?(app: Express): void;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}


/**
 * A job the scheduler runs under its lease. `every: 'tick'` runs on every tick; `daily` once per
 * local date (office zone, TZ_DEFAULT) in the first tick at or after `at`. Jobs must be harmless
 * when repeated (insert-only, unique keys): a tick may be retried or overlap a slow one.
 */
export type SchedulerJob =
  | { name: string; every: 'tick'; run(ctx: AppContext, now: Date): Promise<unknown> }
  | { name: string; every: 'daily'; at: string; run(ctx: AppContext, now: Date): Promise<unknown> };
