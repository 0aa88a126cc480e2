import type { Connection } from 'mongoose';
import { closedKeyOf, ReviewItems, type ReviewStatus } from './queue.ts';
import { addTrainingExample, withdrawTrainingExample, type ExampleChange } from './training-examples.ts';

/** The fields of a review item that resolving it needs. */
export interface ReviewItemRef {
  _id: unknown;
  text: string;
  textKey: string;
  status: string;
  resolvedFaqId?: string | null;
}

/**
 * Staff say what a message meant. Each step is one idempotent single-document write (no
 * transactions, see architecture.md), ordered so that a failure half-way leaves nothing a retry
 * would not repair: the training example is written first, then the item is closed. Open items of
 * other people with the same words are closed the same way, so staff decide each wording once.
 */
export async function attachReviewItem(
  conn: Connection,
  item: ReviewItemRef,
  faqId: string,
  by: string,
  now: Date,
): Promise<{ example: ExampleChange; alsoResolved: number }> {
  const example = await addTrainingExample(conn, { text: item.text, faqId, by, at: now });
  const alsoResolved = await closeWithSameWords(conn, item, 'attached', faqId, by, now);
  return { example, alsoResolved };
}

/** Not a question the office answers: it stays out of training (withdrawn if it was attached). */
export async function markReviewItemOffTopic(
  conn: Connection,
  item: ReviewItemRef,
  by: string,
  now: Date,
): Promise<{ withdrawn: boolean; alsoResolved: number }> {
  const withdrawn = item.status === 'attached' && item.resolvedFaqId ? await withdrawTrainingExample(conn, item.text, item.resolvedFaqId) : false;
  const alsoResolved = await closeWithSameWords(conn, item, 'off_topic', null, by, now);
  return { withdrawn, alsoResolved };
}

/** Closes the item, then the other open items with the same words; returns how many others. */
async function closeWithSameWords(conn: Connection, item: ReviewItemRef, status: Exclude<ReviewStatus, 'open'>, faqId: string | null, by: string, now: Date): Promise<number> {
  const model = ReviewItems(conn);
  const close = (id: unknown) =>
    model.updateOne(
      { _id: id },
      faqId
        ? { $set: { status, openKey: closedKeyOf(String(id)), resolvedFaqId: faqId, resolvedBy: by, resolvedAt: now } }
        : { $set: { status, openKey: closedKeyOf(String(id)), resolvedBy: by, resolvedAt: now }, $unset: { resolvedFaqId: 1 } },
    );
  await close(item._id);
  const others = await model.find({ textKey: item.textKey, status: 'open', _id: { $ne: item._id } }, { _id: 1 }).lean();
  for (const other of others) await close(other._id);
  return others.length;
}
