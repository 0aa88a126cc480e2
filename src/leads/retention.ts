import type { SchedulerJob } from '../scheduler/jobs.ts';
import type { AppContext } from '../service.ts';
import { Erasures, Leads } from '../store/leads.ts';
import { deleteReviewItemsBefore } from '../store/review-queue.ts';
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
 * Deletes review-queue items (messages people typed, see src/store/review-queue.ts) older than the
 * same LEAD_RETENTION_DAYS, whatever their status: staff had that long to look at them, and the
 * training examples made from them stay (they carry no contactId). Returns how many.
 */
export async function deleteOldReviewItems(ctx: Pick<AppContext, 'conn' | 'config' | 'log'>, now: Date): Promise<number> {
  const count = await deleteReviewItemsBefore(ctx.conn, new Date(now.getTime() - ctx.config.leadRetentionDays * DAY_MS));
  ctx.log.info({ count, retentionDays: ctx.config.leadRetentionDays }, 'old review items deleted');
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
  run: async (ctx, now) => {
    await anonymiseInactiveLeads(ctx, now);
    await deleteOldReviewItems(ctx, now);
  },
};
