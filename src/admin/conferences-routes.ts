import type { Connection } from 'mongoose';
import { z } from 'zod';
import { isDuplicateKeyError } from '../db/errors.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { applyConferenceChange, findConference } from '../reminders/conferences.ts';
import { deliveryCounts, deliveryStatuses } from '../outbox/deliveries.ts';
import {
  ConferenceRevisions,
  Conferences,
  ConferenceSignups,
  conferenceInputSchema,
  conferencePatchSchema,
  conferenceStatuses,
  type ConferenceDoc,
} from '../domain/conferences.ts';
import type { AdminApi } from './api.ts';
import type { Actor } from './auth.ts';
import { recordAudit } from './audit.ts';

const idParams = z.object({ id: z.string().max(64) });
const localizedView = z.object({ vi: z.string(), en: z.string().optional() });
const conferenceView = z.object({
  id: z.string(),
  title: localizedView,
  startsAt: z.string(),
  place: localizedView,
  communeId: z.string(),
  markets: z.array(z.string()),
  description: localizedView.optional(),
  status: z.enum(conferenceStatuses),
  version: z.number(),
  signedUp: z.number().optional(),
});
const countsView = z.object(Object.fromEntries(deliveryStatuses.map((s) => [s, z.number()])) as Record<(typeof deliveryStatuses)[number], z.ZodNumber>);

const listQuery = z
  .object({
    status: z.enum(conferenceStatuses).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    communeId: z.string().max(40).optional(),
  })
  .strict();

function localized(v: { vi?: string | null; en?: string | null } | null | undefined) {
  return { vi: v?.vi ?? '', ...(v?.en ? { en: v.en } : {}) };
}

function view(c: ConferenceDoc, signedUp?: number): z.infer<typeof conferenceView> {
  return {
    id: String(c._id),
    title: localized(c.title),
    startsAt: c.startsAt.toISOString(),
    place: localized(c.place),
    communeId: c.communeId,
    markets: [...c.markets],
    ...(c.description?.vi ? { description: localized(c.description) } : {}),
    status: c.status,
    version: c.version,
    ...(signedUp !== undefined ? { signedUp } : {}),
  };
}

/** Conferences: staff plan them; sign-ups come from chat; changes notify the people signed up. */
export function registerConferenceRoutes(api: AdminApi): void {
  registerCreateRoute(api);
  registerListRoute(api);
  registerDetailRoute(api);
  registerUpdateRoute(api);
  registerCancelRoute(api);
  registerSignupsRoute(api);
}

async function loadConference(conn: Connection, id: string): Promise<ConferenceDoc> {
  const c = await findConference(conn, id);
  if (!c) throw notFound('conference');
  return c;
}

/** The right to make change number `version + 1`: one insert, so two staff edits cannot both win. */
async function claimRevision(conn: Connection, at: Date, c: ConferenceDoc, actor: Actor, action: 'update' | 'cancel'): Promise<number> {
  const version = c.version + 1;
  try {
    await ConferenceRevisions(conn).create({ _id: `${String(c._id)}:${version}`, conferenceId: String(c._id), version, at, by: actor.id, action });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new HttpError(409, 'conflict', 'the conference was changed by someone else meanwhile; reload and try again');
    throw err;
  }
  return version;
}

/** A conference already begun cannot be planned or moved to: nobody could come. */
function refusePastStart(startsAt: Date | undefined, now: Date): void {
  if (startsAt && startsAt <= now) throw new HttpError(400, 'invalid_request', 'invalid body: startsAt: must be in the future', [{ path: 'startsAt', message: 'must be in the future', code: 'in_past' }]);
}

/** Only a new time or place is worth a message to the people signed up; other edits are not. */
function changeNeedsNotice(c: ConferenceDoc, body: z.infer<typeof conferencePatchSchema>): boolean {
  return (
    (body.startsAt !== undefined && body.startsAt.getTime() !== c.startsAt.getTime()) ||
    (body.place !== undefined && (body.place.vi !== c.place?.vi || (body.place.en ?? '') !== (c.place?.en ?? '')))
  );
}

function registerCreateRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/conferences',
      summary: 'Plan a conference',
      tag: 'conferences',
      role: 'staff',
      body: conferenceInputSchema,
      response: conferenceView,
      status: 201,
    },
    async ({ body, actor }) => {
      const now = clock.now();
      refusePastStart(body.startsAt, now);
      const c = await Conferences(conn).create({ ...body, status: 'scheduled', version: 1, year: body.startsAt.getUTCFullYear() });
      await recordAudit(conn, actor, now, { action: 'conference.create', target: String(c._id), after: view(c) });
      return view(c);
    },
  );
}

function registerListRoute(api: AdminApi): void {
  const { conn } = api.ctx;
  api.route(
    { method: 'get', path: '/conferences', summary: 'List conferences (soonest first)', tag: 'conferences', role: 'staff', query: listQuery, response: z.object({ items: z.array(conferenceView) }) },
    async ({ query }) => {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = query.status;
      if (query.communeId) filter.communeId = query.communeId;
      if (query.from || query.to) filter.startsAt = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lte: new Date(query.to) } : {}) };
      const items = await Conferences(conn).find(filter).sort({ startsAt: 1 }).limit(500);
      return { items: items.map((c) => view(c)) };
    },
  );
}

function registerDetailRoute(api: AdminApi): void {
  const { conn } = api.ctx;
  api.route(
    { method: 'get', path: '/conferences/:id', summary: 'One conference with its number of sign-ups', tag: 'conferences', role: 'staff', params: idParams, response: conferenceView, errors: [404] },
    async ({ params }) => {
      const c = await loadConference(conn, params.id);
      return view(c, await ConferenceSignups(conn).countDocuments({ conferenceId: params.id, status: 'signed_up' }));
    },
  );
}

function registerUpdateRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'patch',
      path: '/conferences/:id',
      summary: 'Change a conference; people signed up get one notice when the time or place changes',
      tag: 'conferences',
      role: 'staff',
      params: idParams,
      body: conferencePatchSchema,
      response: conferenceView,
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      const now = clock.now();
      const c = await loadConference(conn, params.id);
      if (c.status === 'cancelled') throw new HttpError(409, 'conflict', 'a cancelled conference cannot be changed');
      refusePastStart(body.startsAt, now);
      const before = view(c);
      const version = await claimRevision(conn, clock.now(), c, actor, 'update');
      const notify = changeNeedsNotice(c, body);
      const set: Record<string, unknown> = { ...body, version, ...(notify ? { noticeVersion: version } : {}) };
      if (body.startsAt) set.year = body.startsAt.getUTCFullYear();
      await Conferences(conn).updateOne({ _id: c._id }, { $set: set });
      const updated = await loadConference(conn, params.id);
      await applyConferenceChange(api.ctx, updated, now, notify);
      await recordAudit(conn, actor, now, { action: 'conference.update', target: params.id, before, after: view(updated) });
      return view(updated);
    },
  );
}

function registerCancelRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/conferences/:id/cancel',
      summary: 'Cancel a conference: one notice to each person signed up, no further reminders (admin)',
      tag: 'conferences',
      role: 'admin',
      params: idParams,
      body: z.object({ note: z.string().max(500).optional() }).strict().optional(),
      response: conferenceView,
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      const now = clock.now();
      const c = await loadConference(conn, params.id);
      if (c.status === 'cancelled') throw new HttpError(409, 'conflict', 'the conference is already cancelled');
      const version = await claimRevision(conn, clock.now(), c, actor, 'cancel');
      await Conferences(conn).updateOne({ _id: c._id }, { $set: { status: 'cancelled', version, noticeVersion: version } });
      const updated = await loadConference(conn, params.id);
      await applyConferenceChange(api.ctx, updated, now, true);
      await recordAudit(conn, actor, now, { action: 'conference.cancel', target: params.id, before: view(c), after: view(updated), note: body?.note });
      return view(updated);
    },
  );
}

const signupsView = z.object({
  conferenceId: z.string(),
  signedUp: z.number(),
  cancelled: z.number(),
  contactIds: z.array(z.string()),
  reminders: countsView,
  notices: countsView,
});

function registerSignupsRoute(api: AdminApi): void {
  const { conn } = api.ctx;
  api.route(
    {
      method: 'get',
      path: '/conferences/:id/signups',
      summary: 'Who signed up (contact ids) and how the reminders and notices went (window_closed: phone them)',
      tag: 'conferences',
      role: 'staff',
      params: idParams,
      response: signupsView,
      errors: [404],
    },
    async ({ params }) => {
      await loadConference(conn, params.id);
      const signups = await ConferenceSignups(conn).find({ conferenceId: params.id }, { contactId: 1, status: 1 }).sort({ at: 1 }).lean();
      const signed = signups.filter((s) => s.status === 'signed_up');
      return {
        conferenceId: params.id,
        signedUp: signed.length,
        cancelled: signups.length - signed.length,
        contactIds: signed.map((s) => s.contactId),
        reminders: await deliveryCounts(conn, { kind: 'conference_reminder', subjectId: params.id }),
        notices: await deliveryCounts(conn, { kind: 'conference_change', subjectId: params.id }),
      };
    },
  );
}
