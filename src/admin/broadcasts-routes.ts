import { isValidObjectId, Types, type Connection } from 'mongoose';
import { z } from 'zod';
import { previewAudience } from '../broadcasts/audience.ts';
import { materialiseBroadcast } from '../broadcasts/materialise.ts';
import { audienceSchema, Broadcasts, noticeTextSchema } from '../broadcasts/model.ts';
import { broadcastProgress, broadcastStates } from '../broadcasts/progress.ts';
import type { Outbound } from '../outbox/sender.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { cancelPendingDeliveries, deliveryStatuses } from '../outbox/deliveries.ts';
import { Conferences } from '../domain/conferences.ts';
import { channelIdSchema } from '../domain/contacts.ts';
import { registeredChannelIdSchema } from '../channels/registry.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';

const previewView = z.object({
  reach: z.number().int(),
  outsideWindowNow: z.number().int(),
  byChannel: z.partialRecord(channelIdSchema, z.number().int()),
  channelOff: z.partialRecord(channelIdSchema, z.number().int()).describe('people on a channel that is off in this service (counted in outsideWindowNow too)'),
  excluded: z.object({ optedOut: z.number().int(), unreachable: z.number().int() }),
});

const broadcastView = z.object({
  id: z.string(),
  text: noticeTextSchema,
  audience: audienceSchema,
  sendAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  state: z.enum(broadcastStates),
  audienceSize: z.number().int().nullable(),
  excluded: z.object({ optedOut: z.number().int(), unreachable: z.number().int() }).nullable(),
  progress: z.record(z.enum(deliveryStatuses), z.number().int()),
  failures: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  cancelledAt: z.iso.datetime().nullable(),
});
type BroadcastView = z.infer<typeof broadcastView>;

/**
 * An audience staff send names only channels the service knows (src/channels/registry.ts); the
 * stored audience (broadcasts/model.ts) checks just the shape, since the domain does not list channels.
 */
const requestedAudience = audienceSchema.extend({ channels: z.array(registeredChannelIdSchema).min(1).max(200).optional() });

const idParams = z.object({ id: z.string().min(1).max(64) });
const createBody = z.object({
  text: noticeTextSchema,
  audience: requestedAudience.default({}),
  sendAt: z.iso.datetime({ offset: true }).optional().describe('when to send; omitted = now'),
});

/** How far in the past a "send at" may be (a form filled in slowly) before it is refused. */
const PAST_TOLERANCE_MS = 10 * 60_000;

/** Staff notices to many people: preview an audience, send (now or later), follow, cancel. */
export function registerBroadcastRoutes(api: AdminApi, deps: { outbound: Outbound }): void {
  registerPreviewRoute(api, deps.outbound);
  registerCreateRoute(api);
  registerListRoute(api);
  registerDetailRoute(api);
  registerCancelRoute(api);
}

type BroadcastDoc = NonNullable<Awaited<ReturnType<typeof loadBroadcast>>>;

/** A malformed id cannot name a broadcast: it gets the same answer as an unknown one. */
async function loadBroadcast(conn: Connection, id: string) {
  return isValidObjectId(id) && /^[0-9a-f]{24}$/i.test(id) ? Broadcasts(conn).findById(id).lean() : null;
}

/** A broadcast as staff see it: what was sent to whom, and how far its deliveries have got. */
async function toView(conn: Connection, b: BroadcastDoc, now: Date): Promise<BroadcastView> {
  const p = await broadcastProgress(conn, b, now);
  return {
    id: String(b._id),
    text: { vi: b.text.vi, ...(b.text.en ? { en: b.text.en } : {}) },
    audience: audienceSchema.parse(b.audience ?? {}),
    sendAt: b.sendAt.toISOString(),
    createdAt: b.createdAt.toISOString(),
    createdBy: b.createdBy,
    state: p.state,
    audienceSize: b.audienceSize ?? null,
    excluded: b.excluded ? { optedOut: b.excluded.optedOut ?? 0, unreachable: b.excluded.unreachable ?? 0 } : null,
    progress: p.counts,
    failures: p.failures,
    cancelledAt: b.cancelledAt ? b.cancelledAt.toISOString() : null,
  };
}

/** An audience naming a conference that does not exist would silently reach nobody: refuse it. */
async function checkConference(conn: Connection, audience: z.infer<typeof audienceSchema>): Promise<void> {
  if (audience.conferenceId && !(await Conferences(conn).exists({ _id: audience.conferenceId }))) {
    throw new HttpError(400, 'invalid_request', 'invalid body: audience.conferenceId: no such conference', [
      { path: 'audience.conferenceId', message: 'no such conference', code: 'not_found' },
    ]);
  }
}

function registerPreviewRoute(api: AdminApi, outbound: Outbound): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/broadcasts/preview',
      summary: 'How many people an audience reaches, and how many are outside every messaging window now',
      tag: 'broadcasts',
      role: 'staff',
      body: z.object({ audience: requestedAudience.default({}) }),
      response: previewView,
    },
    async ({ body }) => {
      await checkConference(conn, body.audience);
      return previewAudience(conn, outbound, body.audience, clock.now());
    },
  );
}

/** The send time asked for, or now; a time well in the past is a mistake in the form. */
function sendTimeOf(body: z.infer<typeof createBody>, now: Date): Date {
  const sendAt = body.sendAt ? new Date(body.sendAt) : now;
  if (sendAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw new HttpError(400, 'invalid_request', 'invalid body: sendAt: must not be in the past', [{ path: 'sendAt', message: 'must not be in the past', code: 'in_past' }]);
  }
  return sendAt;
}

function registerCreateRoute(api: AdminApi): void {
  const { conn, clock, log } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/broadcasts',
      summary: 'Send a notice to an audience now or at a time (each person at most once)',
      tag: 'broadcasts',
      role: 'staff',
      body: createBody,
      response: broadcastView,
      status: 201,
    },
    async ({ body, actor }) => {
      const now = clock.now();
      const sendAt = sendTimeOf(body, now);
      await checkConference(conn, body.audience);
      const doc = await Broadcasts(conn).create({
        _id: new Types.ObjectId(),
        text: body.text,
        audience: body.audience,
        sendAt: sendAt < now ? now : sendAt,
        createdBy: actor.name,
        createdAt: now,
        year: now.getUTCFullYear(),
        month: now.toISOString().slice(0, 7),
      });
      const id = String(doc._id);
      await recordAudit(conn, actor, now, { action: 'broadcast.create', target: `broadcast:${id}`, after: { audience: body.audience, sendAt: sendAt.toISOString() } });
      if (sendAt <= now) {
        // Start at once; if this copy dies half-way, the background poll of any copy resumes it.
        materialiseBroadcast(conn, id, now).catch((err: unknown) => log.error({ err, broadcastId: id }, 'broadcast expansion failed; will retry'));
      }
      return toView(conn, doc.toObject(), clock.now());
    },
  );
}

function registerListRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'get',
      path: '/broadcasts',
      summary: 'Broadcasts, newest first, with their progress',
      tag: 'broadcasts',
      role: 'staff',
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: z.object({ items: z.array(broadcastView) }),
    },
    async ({ query }) => {
      const rows = await Broadcasts(conn).find().sort({ createdAt: -1 }).limit(query.limit).lean();
      return { items: await Promise.all(rows.map((b) => toView(conn, b, clock.now()))) };
    },
  );
}

function registerDetailRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'get',
      path: '/broadcasts/:id',
      summary: 'One broadcast: progress by delivery status and the final report',
      tag: 'broadcasts',
      role: 'staff',
      params: idParams,
      response: broadcastView,
      errors: [404],
    },
    async ({ params }) => {
      const b = await loadBroadcast(conn, params.id);
      if (!b) throw notFound('broadcast');
      return toView(conn, b, clock.now());
    },
  );
}

function registerCancelRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/broadcasts/:id/cancel',
      summary: 'Cancel a broadcast: messages not yet sent are not sent',
      tag: 'broadcasts',
      role: 'staff',
      params: idParams,
      response: broadcastView,
      errors: [404, 409],
    },
    async ({ params, actor }) => {
      const b = await loadBroadcast(conn, params.id);
      if (!b) throw notFound('broadcast');
      // Cancelling twice answers like the first time.
      if (b.cancelledAt) return toView(conn, b, clock.now());
      const now = clock.now();
      const before = await broadcastProgress(conn, b, now);
      if (before.state === 'done') throw new HttpError(409, 'conflict', 'this broadcast has already been sent');
      await Broadcasts(conn).updateOne({ _id: b._id, cancelledAt: null }, { $set: { cancelledAt: now, cancelledBy: actor.name } });
      const cancelled = await cancelPendingDeliveries(conn, { kind: 'broadcast', subjectId: params.id }, now, 'broadcast cancelled');
      await recordAudit(conn, actor, now, {
        action: 'broadcast.cancel',
        target: `broadcast:${params.id}`,
        before: { state: before.state },
        after: { state: 'cancelled', cancelledDeliveries: cancelled },
      });
      return toView(conn, (await loadBroadcast(conn, params.id))!, clock.now());
    },
  );
}
