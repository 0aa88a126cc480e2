import { Schema, type Connection } from 'mongoose';
import { defineModel } from '../../db/define.ts';

/**
 * Staff notes on a lead ("gọi lần 2, hẹn tuần sau"). One document per note, inserted and never
 * updated, so two staff writing at once both keep theirs. Notes may name the person: they are
 * deleted when the lead is erased, and follow the lead when two leads of one person are merged.
 */
const leadNoteSchema = new Schema(
  {
    leadId: { type: String, required: true, index: true },
    text: { type: String, required: true },
    at: { type: Date, required: true },
    /** The staff token's name. */
    by: { type: String, required: true },
  },
  { versionKey: false },
);

export const LeadNotes = defineModel('LeadNote', leadNoteSchema);

export async function addLeadNote(conn: Connection, note: { leadId: string; text: string; at: Date; by: string }) {
  const created = await LeadNotes(conn).create(note);
  return { id: String(created._id), text: created.text, at: created.at, by: created.by };
}

export async function leadNotesOf(conn: Connection, leadId: string) {
  const notes = await LeadNotes(conn).find({ leadId }).sort({ at: -1 }).limit(200).lean();
  return notes.map((n) => ({ id: String(n._id), text: n.text, at: n.at, by: n.by }));
}
