import { Schema, type Connection } from 'mongoose';
import { defineModel } from '../db/define.ts';

/** "Was this helpful?" answers, so staff can see which answers need work. No message text. */
const faqFeedbackSchema = new Schema(
  {
    faqId: { type: String, required: true, index: true },
    helpful: { type: Boolean, required: true },
    channel: { type: String, required: true },
    language: { type: String, enum: ['vi', 'en'], required: true },
    at: { type: Date, required: true },
    /** 'YYYY-MM', for monthly reports without date operators. */
    month: { type: String, required: true },
  },
  { versionKey: false },
);

export const FaqFeedback = defineModel('FaqFeedback', faqFeedbackSchema);

export async function recordFaqFeedback(
  conn: Connection,
  entry: { faqId: string; helpful: boolean; channel: string; language: 'vi' | 'en'; at: Date },
): Promise<void> {
  await FaqFeedback(conn).create({ ...entry, month: entry.at.toISOString().slice(0, 7) });
}
