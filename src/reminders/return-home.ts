import type { AppContext } from '../core/context.ts';
import { Leads } from '../domain/leads/model.ts';
import { Placements, type PlacementDoc } from '../domain/placements/model.ts';
import { countryName } from '../domain/placements/countries.ts';
import { dueAgenda, overdueAt, refreshAgenda, writePlacement } from '../domain/placements/agenda.ts';
import { cancelPendingDeliveries, enqueueDeliveries, type DeliveryInput } from '../outbox/deliveries.ts';
import { scheduleConfig, type ScheduleConfig } from './schedule-config.ts';
import { localizedRenderer, type Render } from './texts.ts';
import { minutesOfDay, nextDecentTime, zonedTime } from '../core/time.ts';
import type { DeliveryGuard } from '../outbox/worker.ts';

/**
 * Return-home nudges. A placement knows its next nudge (`nudgeStep`, `nextNudgeAt`); each tick the
 * planner takes the placements whose next nudge is due within the early-send allowance (found
 * through the placement agenda), enqueues that nudge for the worker's contacts and moves the
 * placement to the next step. The same pass marks contracts overdue.
 */

/** Commands of the return-plan dialog (button values in nudges send them back). */
export const RETURN_COMMANDS = {
  plan: 'kế hoạch về nước',
  back: 'tôi đã về nhà',
  newContract: 'tôi có hợp đồng mới',
  /** The conversation's own "talk to staff" (handoff), as a button value. */
  staff: 'intent:handoff.human',
} as const;

const DAY_MS = 86_400_000;
const active = ['abroad', 'extended', 'overdue'];

/** "2027-03-15" of a stored contract end. */
export function endDateString(p: Pick<PlacementDoc, 'contractEnd'>): string {
  return p.contractEnd.toISOString().slice(0, 10);
}

/** Due time of each step for a contract end date: the configured local time in the worker's zone. */
export function nudgeTimes(contractEnd: Date, timeZone: string, cfg: ScheduleConfig): Date[] {
  const [y, m, d] = [contractEnd.getUTCFullYear(), contractEnd.getUTCMonth() + 1, contractEnd.getUTCDate()];
  const at = minutesOfDay(cfg.returnNudges.localTime);
  return cfg.returnNudges.steps.map((s) => nextDecentTime(zonedTime(y, m, d + s.daysFromEnd, Math.floor(at / 60), at % 60, timeZone), timeZone, cfg.quietHours));
}

/** The first step still ahead at `now` and when it is due (null: none left). */
export function firstStepAfter(contractEnd: Date, timeZone: string, cfg: ScheduleConfig, now: Date): { step: number; at: Date | null } {
  const times = nudgeTimes(contractEnd, timeZone, cfg);
  const step = times.findIndex((t) => t > now);
  return step === -1 ? { step: times.length, at: null } : { step, at: times[step]! };
}

async function contactsOf(ctx: AppContext, p: PlacementDoc): Promise<string[]> {
  if (p.contactId) return [p.contactId];
  if (!p.leadId) return [];
  const lead = await Leads(ctx.conn).findById(p.leadId, { contactIds: 1, erasedAt: 1 }).lean();
  return lead && !lead.erasedAt ? (lead.contactIds ?? []) : [];
}

function nudgeText(render: Render, p: PlacementDoc, daysFromEnd: number): { vi: string; en?: string } {
  const sections =
    daysFromEnd > 0
      ? ['nudge.intro_after', 'nudge.consequences', 'nudge.reintegration']
      : daysFromEnd <= -60
        ? ['nudge.intro_before', 'nudge.extend', 'nudge.consequences']
        : daysFromEnd <= -14
          ? ['nudge.intro_before', 'nudge.checklist', 'nudge.consequences']
          : ['nudge.intro_before', 'nudge.checklist', 'nudge.reintegration'];
  const keys = [...sections, 'nudge.replyAsk', 'optOutHint'];
  const end = endDateString(p).split('-').reverse().join('/');
  const days = Math.abs(daysFromEnd);
  const vi = render(keys, { country: countryName(p.country, 'vi'), end, days }).vi;
  const en = render(keys, { country: countryName(p.country, 'en'), end, days }).en;
  return { vi, en };
}

export function nudgeButtons(render: Render) {
  return [
    { title: render('nudge.buttonFine'), value: RETURN_COMMANDS.plan },
    { title: render('nudge.buttonBack'), value: RETURN_COMMANDS.back },
    { title: render('nudge.buttonNewContract'), value: RETURN_COMMANDS.newContract },
    { title: render('nudge.buttonStaff'), value: RETURN_COMMANDS.staff },
  ];
}

/** How far ahead a nudge is planned: it may go out up to `earlyDays` before it is due. */
export function nudgeHorizon(cfg: ScheduleConfig, now: Date): Date {
  return new Date(now.getTime() + cfg.returnNudges.earlyDays * DAY_MS);
}

/**
 * One planner pass over the placements the agenda says are due (see domain/placements/agenda.ts): marks
 * contracts overdue and enqueues the nudges due within the early-send allowance. Returns how many
 * nudges were newly enqueued.
 */
export async function planReturnNudges(ctx: AppContext, cfg: ScheduleConfig, now: Date, limit = 1000): Promise<number> {
  const horizon = nudgeHorizon(cfg, now);
  const due = await dueAgenda(ctx.conn, now, horizon, limit);
  if (due.length === 0) return 0;
  const render = await localizedRenderer();
  let inserted = 0;
  for (const key of due) {
    const p = await Placements(ctx.conn).findById(key);
    if (p) {
      await markOverdueIfDue(ctx, p, now);
      if (p.nextNudgeAt && p.nextNudgeAt <= horizon) inserted += await planNextNudge(ctx, cfg, render, p, horizon);
    }
    await refreshAgenda(ctx.conn, key, now);
  }
  return inserted;
}

/** Enqueues the placement's next nudge (if it is still wanted) and moves it to the step after. */
async function planNextNudge(ctx: AppContext, cfg: ScheduleConfig, render: Render, p: PlacementDoc, horizon: Date): Promise<number> {
  const times = nudgeTimes(p.contractEnd, p.timeZone, cfg);
  const stepCfg = cfg.returnNudges.steps[p.nudgeStep];
  if (stepCfg && times[p.nudgeStep]! > horizon) {
    // Planned under other settings (content edited since): keep the step, correct its time.
    await Placements(ctx.conn).updateOne({ _id: p._id, nudgeStep: p.nudgeStep, planVersion: p.planVersion }, { $set: { nextNudgeAt: times[p.nudgeStep] } });
    return 0;
  }
  let inserted = 0;
  if (active.includes(p.status) && stepCfg) {
    const dueAt = times[p.nudgeStep]!;
    const text = nudgeText(render, p, stepCfg.daysFromEnd);
    const items: DeliveryInput[] = (await contactsOf(ctx, p)).map((contactId) => ({
      kind: 'return_nudge',
      subjectId: String(p._id),
      contactId,
      occurrence: `${stepCfg.id}.p${p.planVersion}`,
      dueAt,
      earliestAt: new Date(dueAt.getTime() - cfg.returnNudges.earlyDays * DAY_MS),
      purpose: 'nudge',
      text,
      buttons: nudgeButtons(render),
      template: { kind: 'return_nudge', params: { country: countryName(p.country, 'vi'), end: endDateString(p) } },
      ...(p.registeredBy === 'family' ? {} : { timeZone: p.timeZone }),
    }));
    inserted = (await enqueueDeliveries(ctx.conn, items)).inserted;
  }
  const next = p.nudgeStep + 1;
  const nextAt = active.includes(p.status) && next < times.length ? times[next]! : null;
  // Conditioned on the step and version read, so a reschedule made meanwhile is not overwritten.
  await Placements(ctx.conn).updateOne({ _id: p._id, nudgeStep: p.nudgeStep, planVersion: p.planVersion }, { $set: { nudgeStep: next, nextNudgeAt: nextAt } });
  return inserted;
}

/** Past its end (plus a day's grace for time zones) with no confirmed return: overdue. */
async function markOverdueIfDue(ctx: AppContext, p: PlacementDoc, now: Date): Promise<void> {
  const from = overdueAt(p);
  if (!from || from > now) return;
  await Placements(ctx.conn).updateOne({ _id: p._id, status: { $in: ['abroad', 'extended'] }, contractEnd: p.contractEnd }, { $set: { status: 'overdue' } });
}

/** A plan (new or with a new contract end): the first step still ahead becomes the next nudge. */
export function planFields(contractEnd: Date, timeZone: string, now: Date, cfg: ScheduleConfig = scheduleConfig()) {
  const first = firstStepAfter(contractEnd, timeZone, cfg, now);
  return { nudgeStep: first.step, nextNudgeAt: first.at, contractEndYear: contractEnd.getUTCFullYear() };
}

/** The worker has a new legal contract: new end date, new plan version, old nudges cancelled. */
export async function rescheduleContract(ctx: AppContext, p: PlacementDoc, contractEnd: Date, now: Date): Promise<void> {
  await writePlacement(ctx.conn, p._id, now, () =>
    Placements(ctx.conn).updateOne(
      { _id: p._id },
      { $set: { contractEnd, status: 'extended', planVersion: p.planVersion + 1, ...planFields(contractEnd, p.timeZone, now) } },
    ),
  );
  await cancelPendingDeliveries(ctx.conn, { kind: 'return_nudge', subjectId: String(p._id) }, now, 'contract end changed');
}

/** The worker is home: no more nudges. On time = by the end date (one day's grace for zones). */
export async function markReturned(ctx: AppContext, p: PlacementDoc, now: Date): Promise<{ onTime: boolean }> {
  const onTime = now.getTime() <= p.contractEnd.getTime() + 2 * DAY_MS;
  await writePlacement(ctx.conn, p._id, now, () =>
    Placements(ctx.conn).updateOne(
      { _id: p._id, status: { $ne: 'returned' } },
      { $set: { status: 'returned', returnedAt: now, returnedOnTime: onTime, nextNudgeAt: null } },
    ),
  );
  await cancelPendingDeliveries(ctx.conn, { kind: 'return_nudge', subjectId: String(p._id) }, now, 'worker returned');
  return { onTime };
}

export function nudgeGuard(ctx: AppContext): DeliveryGuard {
  return async (d) => {
    const p = /^[0-9a-f]{24}$/i.test(d.subjectId) ? await Placements(ctx.conn).findById(d.subjectId, { status: 1, planVersion: 1, erasedAt: 1 }).lean() : null;
    if (!p || p.erasedAt) return 'placement removed';
    if (p.status === 'returned') return 'worker returned';
    return d.occurrence.endsWith(`.p${p.planVersion}`) ? null : 'contract end changed';
  };
}
