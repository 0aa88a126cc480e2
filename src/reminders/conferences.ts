import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../db/errors.ts';
import type { AppContext } from '../core/context.ts';
import { Conferences, ConferenceSignups, type ConferenceDoc } from '../domain/conferences.ts';
import { Leads } from '../domain/leads/model.ts';
import { cancelPendingDeliveries, Deliveries, deliveryKey, enqueueDeliveries, type DeliveryInput } from '../outbox/deliveries.ts';
import { scheduleConfig, type ScheduleConfig } from './schedule-config.ts';
import { localizedRenderer, type Render } from './texts.ts';
import { addLocalDays, formatLocal, localParts, minutesOfDay, nextDecentTime, previousDecentTime, zonedTime } from '../core/time.ts';
import type { DeliveryGuard } from '../outbox/worker.ts';

/**
 * Conference sign-ups and the messages they cause. Reminders are enqueued when a person signs up
 * (one delivery per offset, key `conference_reminder:<conference>:<contact>:<offset>.v<version>`),
 * so no job ever scans sign-ups. A change bumps the version: pending reminders of older versions
 * are cancelled, new ones enqueued, and one notice per sign-up and version goes out.
 */

/** Commands the conference dialog answers (button values in reminders send them back). */
export const CANCEL_SIGNUP_COMMAND = 'huỷ đăng ký hội nghị';
export const LIST_CONFERENCES_COMMAND = 'hội nghị';

const reminderOccurrence = (offsetId: string, version: number) => `${offsetId}.v${version}`;

/** When each reminder of a conference is due (office time zone), skipping past ones. */
export function reminderTimes(conf: Pick<ConferenceDoc, 'startsAt'>, cfg: ScheduleConfig, tz: string, now: Date): { id: string; dueAt: Date }[] {
  const out: { id: string; dueAt: Date }[] = [];
  for (const r of cfg.conferenceReminders) {
    let dueAt: Date;
    if (r.at) {
      const p = localParts(conf.startsAt, tz);
      const m = minutesOfDay(r.at);
      dueAt = zonedTime(p.year, p.month, p.day - r.daysBefore, Math.floor(m / 60), m % 60, tz);
    } else {
      dueAt = addLocalDays(conf.startsAt, -r.daysBefore, tz);
    }
    const decent = nextDecentTime(dueAt, tz, cfg.quietHours);
    dueAt = decent < conf.startsAt ? decent : previousDecentTime(dueAt, tz, cfg.quietHours);
    if (dueAt > now && dueAt < conf.startsAt) out.push({ id: r.id, dueAt });
  }
  return out;
}

function conferenceParams(conf: ConferenceDoc, tz: string) {
  return { title: conf.title!.vi, time: formatLocal(conf.startsAt, tz), place: conf.place!.vi };
}

/**
 * Variables of the approved conference-reminder template (Messenger utility template and ZNS): staff
 * register the templates with exactly these names.
 */
export function templateParams(conf: ConferenceDoc, tz: string): Record<string, string> {
  return { ten_hoi_nghi: conf.title!.vi, thoi_gian: formatLocal(conf.startsAt, tz), dia_diem: conf.place!.vi };
}

/** Localised params: title and place in English when the conference has them. */
function renderConference(render: Render, keys: string[], conf: ConferenceDoc, tz: string) {
  const vi = render(keys, conferenceParams(conf, tz));
  const en = render(keys, { title: conf.title?.en ?? conf.title!.vi, time: formatLocal(conf.startsAt, tz), place: conf.place?.en ?? conf.place!.vi });
  return { vi: vi.vi, en: en.en ?? en.vi };
}

/** The phone number a ZNS template needs, when the person registered as a lead with consent. */
async function phoneOf(conn: Connection, contactId: string): Promise<string | undefined> {
  const lead = await Leads(conn).findOne({ contactIds: contactId, erasedAt: null }, { phoneKey: 1 }).lean();
  const phone = lead?.phoneKey;
  return phone && /^84\d{8,10}$/.test(phone) ? phone : undefined;
}

export async function reminderInputs(
  ctx: AppContext,
  conf: ConferenceDoc,
  contactId: string,
  now: Date,
  cfg: ScheduleConfig = scheduleConfig(),
  render?: Render,
): Promise<DeliveryInput[]> {
  const tz = ctx.config.tzDefault;
  const times = reminderTimes(conf, cfg, tz, now);
  if (times.length === 0) return [];
  const r = render ?? (await localizedRenderer());
  const phone = await phoneOf(ctx.conn, contactId);
  const text = renderConference(r, ['conference.reminder', 'conference.reminderCancel'], conf, tz);
  return times.map((t) => ({
    kind: 'conference_reminder' as const,
    subjectId: String(conf._id),
    contactId,
    occurrence: reminderOccurrence(t.id, conf.version),
    dueAt: t.dueAt,
    purpose: 'reminder' as const,
    text,
    buttons: [{ title: r('conference.buttonCancel'), value: CANCEL_SIGNUP_COMMAND }],
    template: { kind: 'conference_reminder' as const, params: templateParams(conf, tz), ...(phone ? { phone } : {}) },
  }));
}

export type SignUpResult = { status: 'signed_up' | 'already'; conference: ConferenceDoc } | { status: 'not_found' | 'closed' };

/** Signs the person up (harmless when repeated) and enqueues their reminders. */
export async function signUp(ctx: AppContext, conferenceId: string, contactId: string, now: Date): Promise<SignUpResult> {
  const conf = await findConference(ctx.conn, conferenceId);
  if (!conf) return { status: 'not_found' };
  if (conf.status !== 'scheduled' || conf.startsAt <= now) return { status: 'closed' };
  const upsert = () =>
    ConferenceSignups(ctx.conn).findOneAndUpdate({ conferenceId, contactId }, { $set: { status: 'signed_up', at: now } }, { upsert: true, returnDocument: 'before' });
  // Two taps at once: both upserts may try to insert; the loser finds the winner's document.
  const before = await upsert().catch((err: unknown) => (isDuplicateKeyError(err) ? upsert() : Promise.reject(err)));
  const inputs = await reminderInputs(ctx, conf, contactId, now);
  await enqueueDeliveries(ctx.conn, inputs);
  // Signing up again after cancelling: the same reminders (same keys) come back to life.
  const keys = inputs.map(deliveryKey);
  if (keys.length) await Deliveries(ctx.conn).updateMany({ _id: { $in: keys }, status: 'cancelled' }, { $set: { status: 'pending' }, $unset: { lastError: 1, settledAt: 1 } });
  return { status: before?.status === 'signed_up' ? 'already' : 'signed_up', conference: conf };
}

export async function cancelSignup(ctx: AppContext, conferenceId: string, contactId: string, now: Date): Promise<boolean> {
  const res = await ConferenceSignups(ctx.conn).updateOne({ conferenceId, contactId, status: 'signed_up' }, { $set: { status: 'cancelled', at: now } });
  await cancelPendingDeliveries(ctx.conn, { kind: 'conference_reminder', subjectId: conferenceId, contactId }, now, 'sign-up cancelled');
  return res.modifiedCount > 0;
}

export async function findConference(conn: Connection, id: string): Promise<ConferenceDoc | null> {
  if (!/^[0-9a-f]{24}$/i.test(id)) return null;
  return Conferences(conn).findById(id);
}

/**
 * After a conference changed (new version) or was cancelled: cancel the reminders of older versions,
 * enqueue this version's reminders (if still scheduled) and one notice per signed-up person.
 */
export async function applyConferenceChange(ctx: AppContext, conf: ConferenceDoc, now: Date, notify: boolean): Promise<{ notices: number }> {
  const conferenceId = String(conf._id);
  await cancelPendingDeliveries(ctx.conn, { kind: 'conference_reminder', subjectId: conferenceId }, now, 'conference changed');
  // An unsent notice of an older change is out of date: the newest one says what holds now.
  if (notify) await cancelPendingDeliveries(ctx.conn, { kind: 'conference_change', subjectId: conferenceId }, now, 'superseded by a later change');
  const render = await localizedRenderer();
  const tz = ctx.config.tzDefault;
  const cancelled = conf.status === 'cancelled';
  const notice = renderConference(render, [cancelled ? 'conference.cancelled' : 'conference.changed'], conf, tz);
  let notices = 0;
  let batch: DeliveryInput[] = [];
  const flush = async () => {
    notices += (await enqueueDeliveries(ctx.conn, batch.filter((d) => d.kind === 'conference_change'))).inserted;
    await enqueueDeliveries(ctx.conn, batch.filter((d) => d.kind === 'conference_reminder'));
    batch = [];
  };
  for await (const s of ConferenceSignups(ctx.conn).find({ conferenceId, status: 'signed_up' }, { contactId: 1 }).lean().cursor()) {
    if (notify) {
      batch.push({
        kind: 'conference_change',
        subjectId: conferenceId,
        contactId: s.contactId,
        occurrence: `v${conf.version}`,
        dueAt: now,
        purpose: 'notice',
        text: notice,
        buttons: cancelled ? undefined : [{ title: render('conference.buttonCancel'), value: CANCEL_SIGNUP_COMMAND }],
        template: { kind: 'notice', params: { ...templateParams(conf, tz), trang_thai: cancelled ? 'huy' : 'thay_doi' } },
      });
    }
    if (!cancelled) batch.push(...(await reminderInputs(ctx, conf, s.contactId, now, undefined, render)));
    if (batch.length >= 500) await flush();
  }
  await flush();
  return { notices };
}

/** At send time: is this reminder / notice still true? */
export function conferenceGuard(ctx: AppContext): DeliveryGuard {
  return async (d, now) => {
    const conf = await findConference(ctx.conn, d.subjectId);
    if (!conf) return 'conference deleted';
    const version = Number(/v(\d+)$/.exec(d.occurrence)?.[1]);
    if (d.kind === 'conference_change') return version === conf.noticeVersion ? null : 'superseded by a later change';
    if (version !== conf.version) return 'conference changed since';
    if (conf.status !== 'scheduled') return 'conference cancelled';
    if (conf.startsAt <= now) return 'conference already started';
    const signup = await ConferenceSignups(ctx.conn).findOne({ conferenceId: d.subjectId, contactId: d.contactId }, { status: 1 }).lean();
    return signup?.status === 'signed_up' ? null : 'sign-up cancelled';
  };
}

/** Upcoming scheduled conferences, those in `communeId` first, then by date. */
export async function upcomingConferences(conn: Connection, now: Date, communeId?: string | null, limit = 5): Promise<ConferenceDoc[]> {
  const list = await Conferences(conn).find({ status: 'scheduled', startsAt: { $gt: now } }).sort({ startsAt: 1 }).limit(50);
  const near = (c: ConferenceDoc) => (communeId && c.communeId === communeId ? 0 : 1);
  return list.sort((a, b) => near(a) - near(b) || a.startsAt.getTime() - b.startsAt.getTime()).slice(0, limit);
}
