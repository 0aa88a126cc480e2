import { Schema, type Connection } from 'mongoose';
import { defineModel } from '../../db/define.ts';

/**
 * A registration someone started and has not finished, so that what they typed survives a
 * question asked in between, "menu", a handoff to staff or "để sau" (later). One document per
 * contact (`_id` is the contact id), replaced after each answer: a person's turns run one at a time,
 * so the last answer is the draft. Personal data (name, phone…): deleted when the lead is saved,
 * when the person cancels or erases their data, and a week after the last answer
 * (`deleteStaleLeadDrafts`, daily retention job); never logged.
 */
export const DRAFT_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const leadDraftSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The form's state as JSON (the dialog parses it with zod when it reads it back). */
    form: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
leadDraftSchema.index({ updatedAt: 1 });

export const LeadDrafts = defineModel('LeadDraft', leadDraftSchema);

export async function saveLeadDraft(conn: Connection, contactId: string, form: unknown, now: Date): Promise<void> {
  await LeadDrafts(conn).replaceOne({ _id: contactId }, { _id: contactId, form: JSON.stringify(form), updatedAt: now }, { upsert: true });
}

/** The draft's JSON if one was saved within the last week; an older one is deleted now. */
export async function readLeadDraft(conn: Connection, contactId: string, now: Date): Promise<unknown> {
  const draft = await LeadDrafts(conn).findById(contactId).lean();
  if (!draft) return undefined;
  if (draft.updatedAt.getTime() < now.getTime() - DRAFT_DAYS * DAY_MS) {
    await deleteLeadDrafts(conn, [contactId]);
    return undefined;
  }
  try {
    return JSON.parse(draft.form) as unknown;
  } catch {
    return undefined;
  }
}

export async function deleteLeadDrafts(conn: Connection, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length > 0) await LeadDrafts(conn).deleteMany({ _id: { $in: [...contactIds] } });
}

/** Drafts nobody touched for a week; returns how many went. */
export async function deleteStaleLeadDrafts(conn: Connection, now: Date): Promise<number> {
  const result = await LeadDrafts(conn).deleteMany({ updatedAt: { $lt: new Date(now.getTime() - DRAFT_DAYS * DAY_MS) } });
  return result.deletedCount;
}
