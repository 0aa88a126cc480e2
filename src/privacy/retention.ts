import type { SchedulerJob } from '../core/context.ts';
import type { AppContext } from '../core/context.ts';
import { Leads } from '../domain/leads/model.ts';
import { deleteStaleLeadDrafts } from '../domain/leads/drafts.ts';
import { Placements } from '../domain/placements/model.ts';
import { deleteReviewItemsBefore } from '../domain/review/queue.ts';
import { anonymisePlacement } from './erase-placements.ts';
import { erasePerson } from './erase.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Forgets the person behind every lead with no activity (registration, update, staff status change)
 * for longer than LEAD_RETENTION_DAYS, exactly as if they had asked (`erasePerson`: lead, plans and
 * nudges, contacts, chat state). Safe to run twice: an erased lead is skipped. Returns how many.
 */
export async function anonymiseInactiveLeads(ctx: Pick<AppContext, 'conn' | 'config' | 'log'>, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - ctx.config.leadRetentionDays * DAY_MS);
  const cursor = Leads(ctx.conn).find({ lastActivityAt: { $lt: cutoff }, erasedAt: { $exists: false } }, { _id: 1 }).lean().cursor();
  let count = 0;
  for await (const lead of cursor) {
    const result = await erasePerson(ctx.conn, { leadId: String(lead._id) }, 'retention', now);
    if (result.found && !result.alreadyErased) count++;
  }
  ctx.log.info({ count, retentionDays: ctx.config.leadRetentionDays }, 'inactive leads anonymised');
  return count;
}

/**
 * Deletes review-queue items (messages people typed, see src/domain/review/queue.ts) older than the
 * same LEAD_RETENTION_DAYS, whatever their status: staff had that long to look at them, and the
 * training examples made from them stay (they carry no contactId). Returns how many.
 */
export async function deleteOldReviewItems(ctx: Pick<AppContext, 'conn' | 'config' | 'log'>, now: Date): Promise<number> {
  const count = await deleteReviewItemsBefore(ctx.conn, new Date(now.getTime() - ctx.config.leadRetentionDays * DAY_MS));
  ctx.log.info({ count, retentionDays: ctx.config.leadRetentionDays }, 'old review items deleted');
  return count;
}

/**
 * Return-home plans registered in chat without a lead, untouched for LEAD_RETENTION_DAYS and whose
 * contract ended before that: anonymised like an erased person's plan (statistics stay). Returns how many.
 */
export async function anonymiseOldPlacements(ctx: Pick<AppContext, 'conn' | 'config' | 'log'>, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - ctx.config.leadRetentionDays * DAY_MS);
  const old = await Placements(ctx.conn).find({ updatedAt: { $lt: cutoff }, contractEnd: { $lt: cutoff }, erasedAt: { $exists: false } }, { _id: 1 }).lean();
  for (const p of old) await anonymisePlacement(ctx.conn, String(p._id), now);
  ctx.log.info({ count: old.length, retentionDays: ctx.config.leadRetentionDays }, 'old return-home plans anonymised');
  return old.length;
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
    await anonymiseOldPlacements(ctx, now);
    await deleteOldReviewItems(ctx, now);
    const drafts = await deleteStaleLeadDrafts(ctx.conn, now);
    ctx.log.info({ count: drafts }, 'unfinished registrations older than a week deleted');
  },
};
