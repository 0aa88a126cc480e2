import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../db/errors.ts';
import { defineModel } from '../../db/define.ts';
import { MAX_REVIEW_TEXT, textKey } from './text-key.ts';

/**
 * Messages staff attached to an FAQ entry from the review queue: the understanding learns them
 * (src/conversation/live-matcher.ts) and `npm run training:export` copies them to content/training.
 *
 * `_id` is the text's key (text-key.ts), so the same words are one example however often they are
 * attached. There is deliberately no contactId: once staff reviewed the words they are training
 * data, not a record of a person (erasing the person leaves them; see README "Leads and privacy").
 * `changedAt` moves on every insert or change so other copies of the service notice by polling.
 */
const trainingExampleSchema = new Schema(
  {
    _id: { type: String, required: true },
    faqId: { type: String, required: true },
    text: { type: String, required: true },
    by: { type: String, required: true },
    createdAt: { type: Date, required: true },
    changedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
trainingExampleSchema.index({ changedAt: -1 });
trainingExampleSchema.index({ faqId: 1 });

export const TrainingExamples = defineModel('TrainingExample', trainingExampleSchema);

export type ExampleChange = 'created' | 'changed' | 'unchanged';

/**
 * Stores that these words mean this FAQ entry. Attaching the same words again is harmless
 * ('unchanged'); attaching them to another entry is staff changing their mind: the latest wins.
 */
export async function addTrainingExample(
  conn: Connection,
  example: { text: string; faqId: string; by: string; at: Date },
): Promise<ExampleChange> {
  const model = TrainingExamples(conn);
  const text = example.text.normalize('NFC').trim().slice(0, MAX_REVIEW_TEXT);
  const _id = textKey(text);
  try {
    await model.create({ _id, faqId: example.faqId, text, by: example.by, createdAt: example.at, changedAt: example.at });
    return 'created';
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const existing = await model.findById(_id, { faqId: 1 }).lean();
  if (existing?.faqId === example.faqId) return 'unchanged';
  await model.updateOne({ _id }, { $set: { faqId: example.faqId, by: example.by, changedAt: example.at } });
  return 'changed';
}

/** Takes these words out of training if they are attached to `faqId` (staff now say off-topic). */
export async function withdrawTrainingExample(conn: Connection, text: string, faqId: string): Promise<boolean> {
  const result = await TrainingExamples(conn).deleteOne({ _id: textKey(text.normalize('NFC').trim().slice(0, MAX_REVIEW_TEXT)), faqId });
  return result.deletedCount > 0;
}

/** Every staff example, as the matcher takes them. */
export async function loadTrainingExamples(conn: Connection): Promise<{ faqId: string; text: string }[]> {
  const rows = await TrainingExamples(conn).find({}, { faqId: 1, text: 1 }).sort({ _id: 1 }).lean();
  return rows.map((r) => ({ faqId: r.faqId, text: r.text }));
}

/**
 * A cheap fingerprint of the examples: their number and the latest change. Any insert, change or
 * delete alters it, so a copy of the service compares it every poll instead of reading them all.
 */
export async function trainingSignature(conn: Connection): Promise<string> {
  const model = TrainingExamples(conn);
  const [count, latest] = await Promise.all([
    model.countDocuments({}),
    model.findOne({}, { changedAt: 1 }).sort({ changedAt: -1 }).lean(),
  ]);
  return `${count}:${latest?.changedAt.getTime() ?? 0}`;
}
