import type { Connection } from 'mongoose';
import { Contacts, type ChannelId } from '../store/contacts.ts';
import { ConversationStates, MongoStorage } from '../store/conversation-storage.ts';
import { InboxEvents, TurnOutcomes } from '../store/inbox.ts';
import { Erasures, Leads } from '../store/leads.ts';
import { deleteReviewItemsOf } from '../store/review-queue.ts';
import { withLeadLock } from './lock.ts';
import { monthOf } from './register.ts';

export type ErasureSource = 'chat' | 'staff' | 'retention';

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
        $unset: { fullName: 1, birthYear: 1, sensitive: 1, communeText: 1, education: 1, hasPassport: 1, wantsLoan: 1, consent: 1 },
      },
    );
    return true;
  });
}

/** botbuilder names the Messenger channel 'facebook'; state keys use botbuilder's channel id. */
const stateChannelIds: Record<ChannelId, string[]> = { messenger: ['messenger', 'facebook'], zalo: ['zalo'], console: ['console'] };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Forgets a person who asked for it (in chat or through staff): every lead linked to the contact is
 * anonymised, the contact loses its profile details and is marked erased, and the bot's stored
 * conversation and user state, the texts of their handled messages and their messages waiting in
 * the staff review queue are removed. One anonymous Erasure document is inserted so
 * the office can count erasures. Returns whether anything was there.
 */
export async function erasePerson(conn: Connection, contactId: string, source: ErasureSource, now: Date): Promise<{ found: boolean; leads: number }> {
  const leads = await Leads(conn).find({ contactIds: contactId, erasedAt: { $exists: false } }, { contactIds: 1 }).lean();
  // The same person on their other channel (same phone, same lead) is forgotten too.
  const contactIds = new Set([contactId, ...leads.flatMap((l) => l.contactIds)]);
  let erasedLeads = 0;
  for (const lead of leads) if (await anonymiseLead(conn, String(lead._id), now)) erasedLeads++;
  let contacts = 0;
  for (const id of contactIds) if (await forgetContact(conn, id, now)) contacts++;
  const found = contacts > 0 || erasedLeads > 0;
  if (found) await Erasures(conn).create({ at: now, month: monthOf(now), source, hadLead: erasedLeads > 0 });
  return { found, leads: erasedLeads };
}

/** Staff erase starting from a lead: the lead and every contact linked to it. Null: no such lead. */
export async function eraseLeadPerson(conn: Connection, leadId: string, now: Date): Promise<{ alreadyErased: boolean } | null> {
  const lead = await Leads(conn).findById(leadId, { contactIds: 1, erasedAt: 1 }).lean();
  if (!lead) return null;
  if (lead.erasedAt) return { alreadyErased: true };
  for (const id of lead.contactIds) await forgetContact(conn, id, now);
  await anonymiseLead(conn, leadId, now);
  await Erasures(conn).create({ at: now, month: monthOf(now), source: 'staff', hadLead: true });
  return { alreadyErased: false };
}

/** Drops the contact's profile details, marks it erased and removes the bot's state for it. */
async function forgetContact(conn: Connection, contactId: string, now: Date): Promise<boolean> {
  // What they typed waits for staff under their contactId: it goes even if the contact is gone.
  // Training examples staff made from their words stay: they carry no contactId (see README).
  await deleteReviewItemsOf(conn, [contactId]);
  const contact = await Contacts(conn).findById(contactId, { channel: 1, userId: 1 }).lean();
  if (!contact) return false;
  await Contacts(conn).updateOne({ _id: contactId }, { $set: { erasedAt: now }, $unset: { displayName: 1, timeZone: 1, handoffUntil: 1 } });
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
  const pattern = `^(${stateChannelIds[channel].join('|')})/(users|conversations)/${escapeRegex(userId)}/`;
  const keys = (await ConversationStates(conn).distinct('key', { key: { $regex: pattern } })) as string[];
  await new MongoStorage(conn).purge(keys);
}
