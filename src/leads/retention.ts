import type { SchedulerJob } from '../scheduler/jobs.ts';
import type { AppContext } from '../service.ts';
import { Erasures, Leads } from '../store/leads.ts';
import { anonymiseLead } from './erase.ts';
import { monthOf } from './register.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Anonymises every lead with no activity (registration, update, staff status change) for longer
 * than LEAD_RETENTION_DAYS. Safe to run twice: an erased lead is skipped. Returns how many.
 */
export async function anonymiseInactiveLeads(ctx: Pick<AppContext, 'conn' | 'config' | 'log'>, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - ctx.config.leadRetentionDays * DAY_MS);
  const cursor = Leads(ctx.conn).find({ lastActivityAt: { $lt: cutoff }, erasedAt: { $exists: false } }, { _id: 1 }).lean().cursor();
  let count = 0;
  for await (const lead of cursor) {
    if (await anonymiseLead(ctx.conn, String(lead._id), now)) {
      await Erasures(ctx.conn).create({ at: now, month: monthOf(now), source: 'retention', hadLead: true });
      count++;
    }
  }
  ctx.log.info({ count, retentionDays: ctx.config.leadRetentionDays }, 'inactive leads anonymised');
  return count;
}

/**
 * The daily retention job for the scheduler (src/scheduler): the scheduler's daily lease makes
 * sure only one copy of the service runs it per day, and re-running it is harmless anyway.
 */
export const leadRetentionJob: SchedulerJob = {
  name: 'lead-retention',
  every: 'daily',
  at: '03:15',
  run: (ctx, now) => anonymiseInactiveLeads(ctx, now),
};
