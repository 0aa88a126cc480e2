import type { Connection } from 'mongoose';
import { dequeue } from '../outbox/queue.ts';
import { Deliveries } from '../outbox/deliveries.ts';
import { writePlacement } from '../domain/placements/agenda.ts';
import { Placements } from '../domain/placements/model.ts';
import { normalisePhone } from '../domain/leads/phone.ts';

/** Who is being forgotten: their contacts, their leads and every number they have had. */
export interface ErasedPerson {
  contactIds: readonly string[];
  leadIds: readonly string[];
  phoneKeys: readonly string[];
}

/** What a sent delivery keeps of its text once its person is forgotten (the record stays for reports). */
export const ERASED_TEXT = '(đã xoá theo yêu cầu)';

/**
 * The person's return-home plans. A plan belongs to whoever registered it (the worker, or the family
 * member in chat) and to the worker it is about (a lead staff linked): either asking erases it. A
 * relative whose number was merely given loses only that number; the plan stays, it is not theirs.
 * Returns the ids of the plans erased (their nudges are forgotten with the person's deliveries).
 */
export async function erasePlacementsOf(conn: Connection, person: ErasedPerson, now: Date): Promise<string[]> {
  const owned = await Placements(conn)
    .find({ erasedAt: { $exists: false }, $or: [{ contactId: { $in: [...person.contactIds] } }, { leadId: { $in: [...person.leadIds] } }] }, { _id: 1 })
    .lean();
  for (const p of owned) await anonymisePlacement(conn, String(p._id), now);
  await dropFamilyNumber(conn, person.phoneKeys);
  return owned.map((p) => String(p._id));
}

/**
 * What identifies the worker or their family goes (contacts, lead, city, employer, the relative's
 * number, consents, the exact end date); country, status, on-time return and the month the
 * contract ended stay for the office's yearly report (src/stats/report.ts). No nudge follows.
 */
export async function anonymisePlacement(conn: Connection, placementId: string, now: Date): Promise<void> {
  const p = await Placements(conn).findById(placementId, { contractEnd: 1 }).lean();
  if (!p) return;
  const month = new Date(Date.UTC(p.contractEnd.getUTCFullYear(), p.contractEnd.getUTCMonth(), 1));
  await writePlacement(conn, placementId, now, () =>
    Placements(conn).updateOne(
      { _id: placementId },
      {
        $set: { contractEnd: month, nextNudgeAt: null, erasedAt: now },
        $unset: { contactId: 1, leadId: 1, city: 1, employer: 1, familyContact: 1, familyContactConsent: 1, consent: 1, returnedAt: 1 },
      },
    ),
  );
  await forgetDeliveries(conn, { kind: 'return_nudge', subjectId: placementId }, now);
}

/** Plans (of others) that hold one of the person's numbers as the relative to call: the number goes. */
async function dropFamilyNumber(conn: Connection, phoneKeys: readonly string[]): Promise<void> {
  if (phoneKeys.length === 0) return;
  // Stored as typed ("0912 345 678", "+84…"): compared in the lead's form, so read, then matched here.
  const withNumber = await Placements(conn).find({ familyContact: { $exists: true } }, { familyContact: 1 }).lean();
  const keys = new Set(phoneKeys);
  const ids = withNumber.filter((p) => p.familyContact && keys.has(normalisePhone(p.familyContact) ?? '')).map((p) => p._id);
  if (ids.length > 0) await Placements(conn).updateMany({ _id: { $in: ids } }, { $unset: { familyContact: 1, familyContactConsent: 1 } });
}

/** A person's deliveries (every kind), or one plan's nudges. */
export type DeliveriesOf = { contactId: { $in: string[] } } | { kind: 'return_nudge'; subjectId: string };

/**
 * Deliveries matching `filter`: pending ones are cancelled (and leave the worker's queue), and every
 * one loses its rendered text, buttons and template (a ZNS template carries the phone number).
 */
export async function forgetDeliveries(conn: Connection, filter: DeliveriesOf, now: Date): Promise<void> {
  const pending = { ...filter, status: 'pending' as const };
  const ids = (await Deliveries(conn).find(pending, { _id: 1 }).lean()).map((d) => d._id);
  if (ids.length > 0) {
    await Deliveries(conn).updateMany({ _id: { $in: ids }, status: 'pending' }, { $set: { status: 'cancelled', lastError: 'person erased', settledAt: now } });
    for (const id of ids) await dequeue(conn, id);
  }
  await Deliveries(conn).updateMany(filter, { $set: { text: { vi: ERASED_TEXT } }, $unset: { buttons: 1, template: 1 } });
}
