import type { Connection } from 'mongoose';
import { foldDiacritics } from '../../content/normalize.ts';
import { isDuplicateKeyError } from '../../db/errors.ts';
import { withLeadLock } from './lock.ts';
import { Contacts } from '../contacts.ts';
import { Leads, leadInputSchema, type ConsentRecord, type LeadInput } from './model.ts';

/** `'2026-11'`: stored when writing because FerretDB has no date operators to bucket by. */
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** Folded name plus both written forms of the number (`84…` and `0…`), for staff search. */
export function searchTextOf(fullName: string, phoneKey: string): string {
  return `${foldDiacritics(fullName.normalize('NFC')).replace(/\s+/g, ' ').trim()} ${phoneKey} 0${phoneKey.slice(2)}`;
}

export interface RegisterInput {
  input: LeadInput;
  contactId: string;
  consent: ConsentRecord;
  now: Date;
}

function personalFields(input: LeadInput, consent: ConsentRecord, now: Date) {
  return {
    fullName: input.fullName,
    birthYear: input.birthYear,
    communeId: input.communeId,
    communeText: input.communeText,
    markets: input.markets,
    education: input.education,
    hasPassport: input.hasPassport,
    wantsLoan: input.wantsLoan,
    sensitive: input.sensitive,
    searchText: searchTextOf(input.fullName, input.phoneKey),
    consent,
    updatedAt: now,
    lastActivityAt: now,
  };
}

/**
 * Creates the lead for this phone number, or merges into the existing one, and links the contact.
 * One upsert keyed by the unique `phoneKey`: of concurrent registrations of one number exactly one
 * inserts, the others get E11000 and are retried as plain updates of the winner. Resolves only after
 * MongoDB acknowledged the write, so the dialog may then confirm to the person.
 */
export async function registerLead(conn: Connection, { input, contactId, consent, now }: RegisterInput): Promise<{ leadId: string }> {
  const parsed = leadInputSchema.parse(input);
  // One person, one record: someone registered who gives another number changes the number of
  // their lead; registering the new number as a second lead would keep the old one's data alive.
  const current = await findLeadOfContact(conn, contactId);
  if (current && current.phoneKey !== parsed.phoneKey) {
    const leadId = String(current._id);
    await changeLeadNumber(conn, { leadId, oldKey: current.phoneKey, input: parsed, consent, now });
    return { leadId };
  }
  const { sensitive, ...rest } = personalFields(parsed, consent, now);
  const set = Object.fromEntries(Object.entries({ ...rest, sensitive }).filter(([, v]) => v !== undefined));
  const update = {
    $set: set,
    // Saying no to the sensitive questions this time withdraws what was given before.
    ...(sensitive ? {} : { $unset: { sensitive: 1 } }),
    $setOnInsert: {
      phoneKey: parsed.phoneKey,
      status: 'new',
      statusHistory: [],
      createdAt: now,
      createdYear: now.getUTCFullYear(),
      createdMonth: monthOf(now),
    },
    $addToSet: { contactIds: contactId },
  };
  const model = Leads(conn);
  const leadId = await withLeadLock(conn, parsed.phoneKey, async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        await model.updateOne({ phoneKey: parsed.phoneKey }, update, { upsert: attempt === 0 });
        break;
      } catch (err) {
        // Should the lock ever be bypassed (it expired), the unique index still decides: a racing
        // registration inserted first, so update theirs instead.
        if (!isDuplicateKeyError(err) || attempt > 0) throw err;
      }
    }
    const lead = await model.findOne({ phoneKey: parsed.phoneKey }, { _id: 1 }).lean();
    if (!lead) throw new Error('lead vanished right after it was written');
    return String(lead._id);
  });
  await unlinkFromOtherLeads(conn, contactId, leadId, now);
  // Someone who erased their data and registers again has given their details anew.
  await Contacts(conn).updateOne({ _id: contactId, erasedAt: { $exists: true } }, { $unset: { erasedAt: 1 } });
  return { leadId };
}

/** The new number is already another lead's: only staff may decide they are one person (merge). */
export class PhoneTakenError extends Error {
  constructor() {
    super('the new phone number belongs to another lead');
    this.name = 'PhoneTakenError';
  }
}

/** How many earlier numbers a lead remembers; older ones are dropped. */
const MAX_PHONE_HISTORY = 10;

interface NumberChange {
  leadId: string;
  oldKey: string;
  input: LeadInput;
  consent: ConsentRecord;
  now: Date;
}

/**
 * Gives the lead its new number (and the other answers), keeping the old number in its
 * `phoneHistory`. Both numbers are locked, so no registration of either number runs meanwhile;
 * the check that nobody else holds the new number is made under those locks (FerretDB reports a
 * broken unique index on update as a plain InternalError, so it must not be left to the index).
 */
async function changeLeadNumber(conn: Connection, { leadId, oldKey, input, consent, now }: NumberChange): Promise<void> {
  await withLeadLocks(conn, [oldKey, input.phoneKey], async () => {
    const holder = await Leads(conn).findOne({ phoneKey: input.phoneKey }, { _id: 1 }).lean();
    if (holder && String(holder._id) !== leadId) throw new PhoneTakenError();
    const lead = await Leads(conn).findById(leadId, { phoneKey: 1, phoneHistory: 1, erasedAt: 1 }).lean();
    if (!lead || lead.erasedAt || lead.phoneKey !== oldKey) throw new Error('lead changed while its number was being changed');
    const history = [...(lead.phoneHistory ?? []).filter((h) => h.phoneKey !== oldKey && h.phoneKey !== input.phoneKey), { phoneKey: oldKey, until: now }];
    const { sensitive, ...rest } = personalFields(input, consent, now);
    const set = Object.fromEntries(Object.entries({ ...rest, sensitive }).filter(([, v]) => v !== undefined));
    await Leads(conn).updateOne(
      { _id: leadId, phoneKey: oldKey },
      {
        $set: { ...set, phoneKey: input.phoneKey, phoneHistory: history.slice(-MAX_PHONE_HISTORY) },
        ...(sensitive ? {} : { $unset: { sensitive: 1 } }),
      },
    );
  });
}

/** Holds the locks of several keys, always taken in the same order so two holders never wait on each other. */
export async function withLeadLocks<T>(conn: Connection, keys: readonly string[], work: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...new Set(keys)].sort();
  if (first === undefined) return work();
  return withLeadLock(conn, first, () => withLeadLocks(conn, rest, work));
}

/**
 * Leads of an older version that still list this contact under another number: the contact is
 * taken off them. A lead left with no contact keeps its status history for staff (merge).
 */
async function unlinkFromOtherLeads(conn: Connection, contactId: string, keepLeadId: string, now: Date): Promise<void> {
  const stale = await Leads(conn).find({ contactIds: contactId, _id: { $ne: keepLeadId } }, { phoneKey: 1 }).lean();
  for (const lead of stale) {
    await withLeadLock(conn, lead.phoneKey, () => Leads(conn).updateOne({ _id: lead._id }, { $pull: { contactIds: contactId }, $set: { updatedAt: now } }));
  }
}

/** The lead this contact is linked to (not erased), if any. */
export async function findLeadOfContact(conn: Connection, contactId: string) {
  return Leads(conn).findOne({ contactIds: contactId, erasedAt: { $exists: false } }).lean();
}
