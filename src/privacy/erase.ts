import type { Connection } from 'mongoose';
import { Contacts, type ChannelId } from '../domain/contacts.ts';
import { ConversationStates, MongoStorage } from '../conversation/storage.ts';
import { InboxEvents, TurnOutcomes } from '../channels/inbox/models.ts';
import { Erasures, Leads } from '../domain/leads/model.ts';
import { deleteLeadDrafts } from '../domain/leads/drafts.ts';
import { LeadNotes } from '../domain/leads/notes.ts';
import { releaseHandoff } from '../domain/handoffs.ts';
import { deleteReviewItemsOf } from '../domain/review/queue.ts';
import { erasePlacementsOf, forgetDeliveries, type ErasedPerson } from './erase-placements.ts';
import { withLeadLock } from '../domain/leads/lock.ts';
import { monthOf } from '../domain/leads/register.ts';

export type ErasureSource = 'chat' | 'staff' | 'retention' | 'platform';

/**
 * Anonymises one lead: what identifies the person (name, phone, birth year, sensitive data, free
 * text, staff notes) is dropped; status, markets, commune and years stay for the office's
 * statistics. `phoneKey` becomes `erased:<id>` so the unique index still holds.
 */
export async function anonymiseLead(conn: Connection, leadId: string, now: Date): Promise<boolean> {
  const found = await Leads(conn).findById(leadId, { phoneKey: 1 }).lean();
  if (!found) return false;
  return withLeadLock(conn, found.phoneKey, async () => {
    const lead = await Leads(conn).findById(leadId, { statusHistory: 1, erasedAt: 1 }).lean();
    if (!lead || lead.erasedAt) return false;
    await Leads(conn).updateOne(
      { _id: leadId },
      {
        $set: {
          phoneKey: `erased:${leadId}`,
          searchText: '',
          contactIds: [],
          // Staff notes may name the person; who changed what and when is kept.
          statusHistory: (lead.statusHistory ?? []).map(({ from, to, at, by }) => ({ from, to, at, by })),
          erasedAt: now,
          updatedAt: now,
        },
        $unset: { fullName: 1, birthYear: 1, sensitive: 1, communeText: 1, education: 1, hasPassport: 1, wantsLoan: 1, consent: 1, phoneHistory: 1 },
      },
    );
    await LeadNotes(conn).deleteMany({ leadId });
    return true;
  });
}

/** botbuilder names the Messenger channel 'facebook'; state keys use botbuilder's channel id. */
// Any other channel keeps its state under its own id.
const stateChannelIds: Partial<Record<ChannelId, string[]>> = { messenger: ['messenger', 'facebook'] };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whom to forget: a contact (chat, Zalo withdrawal, staff by contact) or a lead (staff, retention). */
export type ErasureSubject = { contactId: string } | { leadId: string };

export interface ErasureResult {
  /** Anything of the person was there (false: unknown contact or lead). */
  found: boolean;
  /** The lead named was erased before: nothing was done again. */
  alreadyErased: boolean;
  leads: number;
  placements: number;
}

/**
 * THE way a person is forgotten, whoever asks (chat, staff, Zalo `user_withdraw`, retention): every
 * lead linked to them is anonymised (numbers they had before included), their return-home plans
 * anonymised and their nudges cancelled (erase-placements.ts), the rendered texts of every message
 * sent to them dropped, and each of their contacts (on every channel) loses its profile details, the
 * bot's conversation and user state, the texts of handled messages, the unfinished registration and
 * the messages waiting in the staff review queue. One anonymous Erasure document is inserted so the
 * office can count erasures. Repeating it is harmless.
 */
export async function erasePerson(conn: Connection, subject: ErasureSubject, source: ErasureSource, now: Date): Promise<ErasureResult> {
  const person = await personOf(conn, subject);
  if (person === null) return { found: false, alreadyErased: false, leads: 0, placements: 0 };
  if (person === 'erased') return { found: true, alreadyErased: true, leads: 0, placements: 0 };
  // Plans first: finding them needs the leads' numbers, which anonymising removes.
  const placements = await erasePlacementsOf(conn, person, now);
  let leads = 0;
  for (const id of person.leadIds) if (await anonymiseLead(conn, id, now)) leads++;
  let contacts = 0;
  for (const id of person.contactIds) if (await forgetContact(conn, id, now)) contacts++;
  await forgetDeliveries(conn, { contactId: { $in: [...person.contactIds] } }, now);
  const found = contacts > 0 || leads > 0 || placements.length > 0;
  if (found) await Erasures(conn).create({ at: now, month: monthOf(now), source, hadLead: leads > 0 });
  return { found, alreadyErased: false, leads, placements: placements.length };
}

/** The person behind a contact or a lead: null when unknown, 'erased' when the lead was erased before. */
async function personOf(conn: Connection, subject: ErasureSubject): Promise<ErasedPerson | 'erased' | null> {
  let contactIds: string[];
  if ('leadId' in subject) {
    const lead = await Leads(conn).findById(subject.leadId, { contactIds: 1, erasedAt: 1 }).lean();
    if (!lead) return null;
    if (lead.erasedAt) return 'erased';
    contactIds = lead.contactIds;
  } else {
    contactIds = [subject.contactId];
  }
  // A lead staff created may have no contact yet: it is found by its id.
  const linked = [{ contactIds: { $in: contactIds } }, ...('leadId' in subject ? [{ _id: subject.leadId }] : [])];
  const leads = await Leads(conn).find({ $or: linked, erasedAt: { $exists: false } }, { contactIds: 1, phoneKey: 1, phoneHistory: 1 }).lean();
  // The same person on their other channel (same phone, same lead) is forgotten too.
  return {
    contactIds: [...new Set([...contactIds, ...leads.flatMap((l) => l.contactIds)])],
    leadIds: leads.map((l) => String(l._id)),
    phoneKeys: leads.flatMap((l) => [l.phoneKey, ...(l.phoneHistory ?? []).map((h) => h.phoneKey)]),
  };
}

/** Drops the contact's profile details, marks it erased and removes the bot's state for it. */
async function forgetContact(conn: Connection, contactId: string, now: Date): Promise<boolean> {
  // What they typed waits for staff under their contactId: it goes even if the contact is gone.
  // Training examples staff made from their words stay: they carry no contactId (see README).
  await deleteReviewItemsOf(conn, [contactId]);
  // A half-finished registration holds their name and number too.
  await deleteLeadDrafts(conn, [contactId]);
  const contact = await Contacts(conn).findById(contactId, { channel: 1, userId: 1 }).lean();
  if (!contact) return false;
  await Contacts(conn).updateOne({ _id: contactId }, { $set: { erasedAt: now }, $unset: { displayName: 1, timeZone: 1, handoffUntil: 1 } });
  // Staff's list of people waiting for them must not show someone who is gone.
  await releaseHandoff(conn, contactId, now, 'erasure');
  await purgeBotState(conn, contact.channel as ChannelId, contact.userId);
  await purgeInboxHistory(conn, contactId);
  return true;
}

/**
 * Handled inbound events keep the person's messages (and stored turn replies echo their answers)
 * for a week of de-duplication. Their texts are dropped now; the event ids stay so a late platform
 * retry is still recognised as a duplicate. Pending events (this very turn) are left alone.
 */
async function purgeInboxHistory(conn: Connection, contactId: string): Promise<void> {
  const handled = await InboxEvents(conn).find({ conversation: contactId, status: { $in: ['done', 'failed'] } }, { _id: 1 }).lean();
  if (handled.length === 0) return;
  const ids = handled.map((e) => e._id);
  await InboxEvents(conn).updateMany({ _id: { $in: ids } }, { $set: { event: ERASED_EVENT } });
  await TurnOutcomes(conn).deleteMany({ _id: { $in: ids } });
}

const ERASED_EVENT = JSON.stringify({ erased: true });

/** Removes the user's and their one-to-one conversation's state documents, all versions. */
async function purgeBotState(conn: Connection, channel: ChannelId, userId: string): Promise<void> {
  const pattern = `^(${(stateChannelIds[channel] ?? [channel]).join('|')})/(users|conversations)/${escapeRegex(userId)}/`;
  const keys = (await ConversationStates(conn).distinct('key', { key: { $regex: pattern } })) as string[];
  await new MongoStorage(conn).purge(keys);
}
