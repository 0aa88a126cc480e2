import type { AppContext } from '../service.ts';

/**
 * A job the scheduler runs under its lease. `every: 'tick'` runs on every tick; `daily` once per
 * local date (office zone, TZ_DEFAULT) in the first tick at or after `at`. Jobs must be harmless
 * when repeated (insert-only, unique keys): a tick may be retried or overlap a slow one.
 */
export type SchedulerJob =
  | { name: string; every: 'tick'; run(ctx: AppContext, now: Date): Promise<unknown> }
  | { name: string; every: 'daily'; at: string; run(ctx: AppContext, now: Date): Promise<unknown> };
