import type { Connection } from 'mongoose';
import { Contacts } from '../domain/contacts.ts';
import { Leads } from '../domain/leads/model.ts';

export interface PersonName {
  /** The registered name, else the platform profile name, else null. */
  name: string | null;
  leadId: string | null;
}

/** How staff should see each of these contacts named: never by a raw platform id. */
export async function namesOf(conn: Connection, contactIds: string[]): Promise<Map<string, PersonName>> {
  const names = new Map<string, PersonName>();
  if (contactIds.length === 0) return names;
  const contacts = await Contacts(conn).find({ _id: { $in: contactIds } }, { displayName: 1 }).lean();
  const leads = await Leads(conn).find({ contactIds: { $in: contactIds }, erasedAt: { $exists: false } }, { fullName: 1, contactIds: 1 }).lean();
  for (const id of contactIds) {
    const lead = leads.find((l) => l.contactIds.includes(id));
    const contact = contacts.find((c) => c._id === id);
    names.set(id, { name: lead?.fullName ?? contact?.displayName ?? null, leadId: lead ? String(lead._id) : null });
  }
  return names;
}
