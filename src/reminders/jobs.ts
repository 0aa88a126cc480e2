import type { AppContext, SchedulerJob } from '../core/context.ts';
import type { DeliveryKind } from '../outbox/deliveries.ts';
import type { DeliveryGuard } from '../outbox/worker.ts';
import { bringAgendaForward } from '../domain/placements/agenda.ts';
import { conferenceGuard } from './conferences.ts';
import { nudgeGuard, planReturnNudges } from './return-home.ts';
import type { ScheduleConfig } from './schedule-config.ts';

/**
 * The reminders' scheduler jobs, in the order they must run within a tick. Registered by the
 * composition root (src/service.ts), so the scheduler itself knows only ticks, leases and a job list.
 */
export function reminderJobs(schedule: ScheduleConfig): SchedulerJob[] {
  return [
    // Before the planner, so what comes near is planned in the same tick (a no-op on MongoDB:
    // see the placement agenda in src/domain/placements/agenda.ts).
    { name: 'bring-placement-agenda-forward', every: 'daily', at: '00:05', run: (c, now) => bringAgendaForward(c.conn, now) },
    { name: 'plan-return-nudges', every: 'tick', run: (c, now) => planReturnNudges(c, schedule, now) },
  ];
}

/** The reminders' "is this message still wanted?" checks, by delivery kind, for the delivery worker. */
export function reminderGuards(ctx: AppContext): Partial<Record<DeliveryKind, DeliveryGuard>> {
  return { conference_reminder: conferenceGuard(ctx), conference_change: conferenceGuard(ctx), return_nudge: nudgeGuard(ctx) };
}
