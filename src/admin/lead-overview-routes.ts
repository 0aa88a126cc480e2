import type { Connection } from 'mongoose';
import { z } from 'zod';
import { loadContent } from '../content/index.ts';
import { notFound } from '../http/errors.ts';
import { isLeadId } from '../domain/leads/query.ts';
import { leadDetailView, toLeadDetail, type LeadRow } from '../domain/leads/view.ts';
import { ConferenceSignups, Conferences } from '../domain/conferences.ts';
import { Contacts, channelIdSchema } from '../domain/contacts.ts';
import { inHandoff } from '../domain/handoffs.ts';
import { addLeadNote, leadNotesOf } from '../domain/leads/notes.ts';
import { Leads } from '../domain/leads/model.ts';
import { Placements } from '../domain/placements/model.ts';
import type { AdminApi } from './api.ts';
import { recordAudit, recordRead } from './audit.ts';
import { conversationMessageView, recentMessages } from './conversation.ts';
import type { AdminDeps } from './deps.ts';
import { visibleTo } from './visible-to.ts';

const idParams = z.object({ id: z.string().max(64) });

const noteView = z.object({ id: z.string(), text: z.string(), at: z.iso.datetime(), by: z.string() });

const overviewView = z.object({
  lead: leadDetailView,
  /** The commune's name (content/communes.json); null for "other" or an id no longer listed. */
  communeName: z.object({ vi: z.string(), en: z.string() }).nullable(),
  notes: z.array(noteView),
  contacts: z.array(z.object({ id: z.string(), channel: channelIdSchema, displayName: z.string().nullable(), lastInboundAt: z.iso.datetime(), waitingForStaff: z.boolean() })),
  signups: z.array(z.object({ conferenceId: z.string(), title: z.string(), startsAt: z.iso.datetime().nullable(), conferenceStatus: z.string().nullable(), status: z.enum(['signed_up', 'cancelled']), at: z.iso.datetime() })),
  placements: z.array(z.object({ id: z.string(), country: z.string(), city: z.string().nullable(), contractEnd: z.iso.date(), status: z.string(), registeredBy: z.string(), nudgesNext: z.iso.datetime().nullable() })),
  messages: z.array(conversationMessageView),
});

async function findLead(conn: Connection, id: string): Promise<LeadRow> {
  const lead = isLeadId(id) ? await Leads(conn).findById(id).lean<LeadRow>() : null;
  if (!lead) throw notFound('lead');
  return lead;
}

async function signupsOf(conn: Connection, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  const signups = await ConferenceSignups(conn).find({ contactId: { $in: contactIds } }).sort({ at: -1 }).lean();
  const conferences = await Conferences(conn).find({ _id: { $in: signups.map((s) => s.conferenceId) } }, { title: 1, startsAt: 1, status: 1 }).lean();
  return signups.map((s) => {
    const c = conferences.find((x) => String(x._id) === s.conferenceId);
    return {
      conferenceId: s.conferenceId,
      title: c?.title?.vi ?? '—',
      startsAt: c?.startsAt ? c.startsAt.toISOString() : null,
      conferenceStatus: c?.status ?? null,
      status: s.status as 'signed_up' | 'cancelled',
      at: s.at.toISOString(),
    };
  });
}

async function placementsOf(conn: Connection, leadId: string, contactIds: string[]) {
  const rows = await Placements(conn).find({ $or: [{ leadId }, ...(contactIds.length ? [{ contactId: { $in: contactIds } }] : [])], erasedAt: { $exists: false } }).sort({ contractEnd: -1 }).lean();
  return rows.map((p) => ({
    id: String(p._id),
    country: p.country,
    city: p.city ?? null,
    contractEnd: p.contractEnd.toISOString().slice(0, 10),
    status: p.status,
    registeredBy: p.registeredBy,
    nudgesNext: p.nextNudgeAt ? p.nextNudgeAt.toISOString() : null,
  }));
}

/** The contact / lead page: everything known about one person, and notes on them. */
export function registerLeadOverviewRoutes(api: AdminApi, deps: AdminDeps): void {
  const { conn, clock } = api.ctx;
  const communes = (deps.content ?? loadContent()).communes.communes;

  api.route(
    {
      method: 'get',
      path: '/leads/:id/overview',
      summary: 'Everything known about one person: the lead with its status history, notes, channels, conference sign-ups, return plans and recent messages',
      tag: 'leads',
      role: 'staff',
      params: idParams,
      response: overviewView,
      errors: [404],
    },
    async ({ params, actor }) => {
      const now = clock.now();
      const lead = await findLead(conn, params.id);
      const id = String(lead._id);
      const contacts = await Contacts(conn).find({ _id: { $in: lead.contactIds } }).lean();
      await recordRead(conn, actor, now, 'lead.read', `lead:${id}`);
      const language = contacts.some((c) => c.language === 'en') && !contacts.some((c) => c.language === 'vi') ? 'en' : 'vi';
      return {
        lead: toLeadDetail(visibleTo(actor, lead)),
        communeName: communes.find((c) => c.id === lead.communeId)?.name ?? null,
        notes: (await leadNotesOf(conn, id)).map((n) => ({ ...n, at: n.at.toISOString() })),
        contacts: contacts.map((c) => ({
          id: c._id,
          channel: channelIdSchema.parse(c.channel),
          displayName: c.displayName ?? null,
          lastInboundAt: c.lastInboundAt.toISOString(),
          waitingForStaff: inHandoff(c, now),
        })),
        signups: await signupsOf(conn, lead.contactIds),
        placements: await placementsOf(conn, id, lead.contactIds),
        messages: await recentMessages(conn, lead.contactIds, language, 30),
      };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/leads/:id/notes',
      summary: 'Add a staff note to a lead (erased with the lead)',
      tag: 'leads',
      role: 'staff',
      params: idParams,
      body: z.object({ text: z.string().trim().min(1, 'hãy viết nội dung ghi chú / write the note first').max(1000, 'tối đa 1000 ký tự / at most 1000 characters') }).strict(),
      status: 201,
      response: noteView,
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      const now = clock.now();
      const lead = await findLead(conn, params.id);
      if (lead.erasedAt) throw notFound('lead');
      const note = await addLeadNote(conn, { leadId: String(lead._id), text: body.text, at: now, by: actor.name });
      // The note may name the person: it stays on the lead, the audit log says only that one was added.
      await recordAudit(conn, actor, now, { action: 'lead.note', target: `lead:${String(lead._id)}` });
      return { ...note, at: note.at.toISOString() };
    },
  );
}
