import type { Connection } from 'mongoose';
import { z } from 'zod';
import { HttpError, notFound } from '../http/errors.ts';
import { cancelPendingDeliveries, deliveryCounts, deliveryStatuses } from '../outbox/deliveries.ts';
import { markReturned, planFields, rescheduleContract } from '../reminders/return-home.ts';
import { createPlacement, writePlacement } from '../domain/placements/agenda.ts';
import { isValidTimeZone } from '../core/time.ts';
import { Contacts } from '../domain/contacts.ts';
import { Leads } from '../domain/leads/model.ts';
import { placementInputSchema, Placements, placementStatuses, type PlacementDoc } from '../domain/placements/model.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';

const idParams = z.object({ id: z.string().max(64) });
const DAY_MS = 86_400_000;

const placementView = z.object({
  id: z.string(),
  contactId: z.string().optional(),
  leadId: z.string().optional(),
  country: z.string(),
  city: z.string().optional(),
  timeZone: z.string(),
  contractEnd: z.string(),
  employer: z.string().optional(),
  registeredBy: z.string(),
  status: z.enum(placementStatuses),
  returnedAt: z.string().optional(),
  returnedOnTime: z.boolean().optional(),
  nextNudgeAt: z.string().nullable(),
  /** The person turned return-home nudges off ("dừng nhắc"): staff should phone instead. */
  nudgesOff: z.boolean(),
});
const listItemView = placementView.extend({
  workerName: z.string().nullable().describe("the worker's name from their lead (by leadId, else by contact); null when unknown or erased"),
});
const detailView = placementView.extend({
  familyContact: z.string().optional(),
  nudges: z.object(Object.fromEntries(deliveryStatuses.map((s) => [s, z.number()])) as Record<(typeof deliveryStatuses)[number], z.ZodNumber>),
});

const listQuery = z
  .object({
    status: z.enum(placementStatuses).optional(),
    /** Contracts ending within this many days (and not yet returned): the "ending soon" list. */
    endingWithinDays: z.coerce.number().int().min(0).max(730).optional(),
    country: z.string().max(60).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const patchSchema = z
  .object({
    contractEnd: z.iso.date().transform((s) => new Date(`${s}T00:00:00.000Z`)),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Seoul'),
    city: z.string().trim().min(1).max(100),
    employer: z.string().trim().min(1).max(200),
    familyContact: z.string().trim().regex(/^\+?[0-9 .-]{8,20}$/, 'must be a phone number'),
    returned: z.literal(true),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one field to change');

function view(p: PlacementDoc, nudgesOff: boolean): z.infer<typeof placementView> {
  return {
    id: String(p._id),
    ...(p.contactId ? { contactId: p.contactId } : {}),
    ...(p.leadId ? { leadId: p.leadId } : {}),
    country: p.country,
    ...(p.city ? { city: p.city } : {}),
    timeZone: p.timeZone,
    contractEnd: p.contractEnd.toISOString().slice(0, 10),
    ...(p.employer ? { employer: p.employer } : {}),
    registeredBy: p.registeredBy,
    status: p.status,
    ...(p.returnedAt ? { returnedAt: p.returnedAt.toISOString() } : {}),
    ...(p.returnedOnTime !== undefined && p.returnedOnTime !== null ? { returnedOnTime: p.returnedOnTime } : {}),
    nextNudgeAt: p.nextNudgeAt ? p.nextNudgeAt.toISOString() : null,
    nudgesOff,
  };
}

/** Workers abroad and their contract end (return-home nudges are planned from these). */
export function registerPlacementRoutes(api: AdminApi): void {
  registerCreateRoute(api);
  registerListRoute(api);
  registerDetailRoute(api);
  registerUpdateRoute(api);
  registerDeleteRoute(api);
}

async function loadPlacement(conn: Connection, id: string): Promise<PlacementDoc> {
  const p = /^[0-9a-f]{24}$/i.test(id) ? await Placements(conn).findById(id) : null;
  if (!p) throw notFound('placement');
  return p;
}

/** Which of these placements' contacts turned nudges off. */
async function optedOut(conn: Connection, list: PlacementDoc[]): Promise<Set<string>> {
  const ids = [...new Set(list.flatMap((p) => (p.contactId ? [p.contactId] : [])))];
  if (ids.length === 0) return new Set();
  const off = await Contacts(conn).find({ _id: { $in: ids }, 'optOut.nudges': true }, { _id: 1 }).lean();
  return new Set(off.map((c) => String(c._id)));
}

/** Names staff call the workers by: from the placement's lead, else from the lead of its contact. */
async function workerNames(conn: Connection, list: PlacementDoc[]): Promise<(string | null)[]> {
  const leadIds = [...new Set(list.flatMap((p) => (p.leadId ? [p.leadId] : [])))];
  const contactIds = [...new Set(list.flatMap((p) => (!p.leadId && p.contactId ? [p.contactId] : [])))];
  const [byId, byContact] = await Promise.all([
    leadIds.length ? Leads(conn).find({ _id: { $in: leadIds } }, { fullName: 1 }).lean() : [],
    contactIds.length ? Leads(conn).find({ contactIds: { $in: contactIds } }, { fullName: 1, contactIds: 1 }).lean() : [],
  ]);
  const nameOfLead = new Map(byId.map((l) => [String(l._id), l.fullName ?? null]));
  const nameOfContact = new Map(byContact.flatMap((l) => l.contactIds.map((c) => [c, l.fullName ?? null] as const)));
  return list.map((p) => (p.leadId ? nameOfLead.get(p.leadId) : nameOfContact.get(p.contactId ?? '')) ?? null);
}

/** One placement with what only its own page shows: the family's number and how the nudges went. */
async function detail(conn: Connection, p: PlacementDoc): Promise<z.infer<typeof detailView>> {
  const off = await optedOut(conn, [p]);
  return {
    ...view(p, off.has(p.contactId ?? '')),
    ...(p.familyContact ? { familyContact: p.familyContact } : {}),
    nudges: await deliveryCounts(conn, { kind: 'return_nudge', subjectId: String(p._id) }),
  };
}

/** A placement must point at a contact or lead that exists, or its nudges would reach nobody. */
async function checkReferences(conn: Connection, body: z.infer<typeof placementInputSchema>): Promise<void> {
  if (body.contactId && !(await Contacts(conn).exists({ _id: body.contactId }))) {
    throw new HttpError(400, 'invalid_request', 'invalid body: contactId: no such contact', [{ path: 'contactId', message: 'no such contact' }]);
  }
  if (body.leadId && !(await Leads(conn).exists({ _id: body.leadId }))) {
    throw new HttpError(400, 'invalid_request', 'invalid body: leadId: no such lead', [{ path: 'leadId', message: 'no such lead' }]);
  }
}

function registerCreateRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    { method: 'post', path: '/placements', summary: 'Register a worker abroad (nudges are planned from the contract end)', tag: 'placements', role: 'staff', body: placementInputSchema, response: detailView, status: 201 },
    async ({ body, actor }) => {
      const now = clock.now();
      await checkReferences(conn, body);
      const p = await createPlacement(conn, { ...body, registeredBy: 'staff', status: 'abroad', planVersion: 1, ...planFields(body.contractEnd, body.timeZone, now) }, now);
      await recordAudit(conn, actor, now, { action: 'placement.create', target: String(p._id), after: { country: p.country, contractEnd: view(p, false).contractEnd } });
      return detail(conn, p);
    },
  );
}

/** The list's filter; "ending soon" means from yesterday on, and not those already home. */
function listFilter(query: z.infer<typeof listQuery>, now: Date): Record<string, unknown> {
  // Plans of erased people stay only for the yearly report, not as people to call.
  const filter: Record<string, unknown> = { erasedAt: { $exists: false } };
  if (query.status) filter.status = query.status;
  if (query.country) filter.country = query.country;
  if (query.endingWithinDays !== undefined) {
    filter.contractEnd = { $gte: new Date(now.getTime() - DAY_MS), $lte: new Date(now.getTime() + query.endingWithinDays * DAY_MS) };
    if (!query.status) filter.status = { $ne: 'returned' };
  }
  return filter;
}

function registerListRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    { method: 'get', path: '/placements', summary: 'List placements; endingWithinDays=N gives contracts ending soon', tag: 'placements', role: 'staff', query: listQuery, response: z.object({ items: z.array(listItemView) }) },
    async ({ query }) => {
      const items = await Placements(conn).find(listFilter(query, clock.now())).sort({ contractEnd: 1 }).limit(query.limit);
      const [off, names] = await Promise.all([optedOut(conn, items), workerNames(conn, items)]);
      return { items: items.map((p, i) => ({ ...view(p, off.has(p.contactId ?? '')), workerName: names[i] ?? null })) };
    },
  );
}

function registerDetailRoute(api: AdminApi): void {
  const { conn } = api.ctx;
  api.route(
    { method: 'get', path: '/placements/:id', summary: 'One placement with how its nudges went', tag: 'placements', role: 'staff', params: idParams, response: detailView, errors: [404] },
    async ({ params }) => detail(conn, await loadPlacement(conn, params.id)),
  );
}

function registerUpdateRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'patch',
      path: '/placements/:id',
      summary: 'Change a placement: new contract end (reschedules nudges), time zone, details, or returned: true',
      tag: 'placements',
      role: 'staff',
      params: idParams,
      body: patchSchema,
      response: detailView,
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      const now = clock.now();
      const p = await loadPlacement(conn, params.id);
      if (p.status === 'returned') throw new HttpError(409, 'conflict', 'the worker has already returned');
      const before = view(p, false);
      const { contractEnd, timeZone, returned, ...details } = body;
      if (Object.keys(details).length || timeZone) await Placements(conn).updateOne({ _id: p._id }, { $set: { ...details, ...(timeZone ? { timeZone } : {}) } });
      // Coming home ends the plan; a new end date or time zone moves the nudges still to come.
      if (returned) await markReturned(api.ctx, p, now);
      else if (contractEnd || timeZone) await rescheduleContract(api.ctx, await loadPlacement(conn, params.id), contractEnd ?? p.contractEnd, now);
      const after = await loadPlacement(conn, params.id);
      await recordAudit(conn, actor, now, { action: 'placement.update', target: params.id, before, after: view(after, false) });
      return detail(conn, after);
    },
  );
}

function registerDeleteRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    { method: 'delete', path: '/placements/:id', summary: 'Delete a placement and its pending nudges (admin)', tag: 'placements', role: 'admin', params: idParams, errors: [404] },
    async ({ params, actor }) => {
      const now = clock.now();
      const p = await loadPlacement(conn, params.id);
      await writePlacement(conn, p._id, now, () => Placements(conn).deleteOne({ _id: p._id }));
      await cancelPendingDeliveries(conn, { kind: 'return_nudge', subjectId: params.id }, now, 'placement deleted');
      await recordAudit(conn, actor, now, { action: 'placement.delete', target: params.id, before: view(p, false) });
      return undefined;
    },
  );
}
