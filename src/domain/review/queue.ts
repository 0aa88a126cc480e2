import { Schema, type Connection } from 'mongoose';
import { z } from 'zod';
import { isDuplicateKeyError } from '../../db/errors.ts';
import type { Logger } from '../../core/log.ts';
import { languageSchema } from '../../content/i18n.ts';
import { defineModel } from '../../db/define.ts';
import { MAX_REVIEW_TEXT, textKey } from './text-key.ts';

/**
 * Messages the bot could not answer well, for staff to review ("Câu hỏi cần xem"): one item per
 * message the matcher was not confident about ('unsure') and per answer the person marked
 * "Chưa ích" ('unhelpful'). Staff attach an item to an FAQ entry (it becomes a training example,
 * see training-examples.ts) or mark it off-topic.
 *
 * The only personal data is the text the person typed and their contactId, kept so the item goes
 * when the person is erased (src/privacy/erase.ts) and after the retention period
 * (src/privacy/retention.ts). The console never shows the contactId.
 *
 * `openKey` is `open:<contactId>:<textKey>` while the item is open and `closed:<_id>` after, always
 * present and unique: the same words from the same person do not pile up while waiting, yet may come
 * back as a new item once staff dealt with the first (a unique key, not a check-then-insert,
 * because two copies of the service may handle the person's messages).
 */
export const reviewReasons = ['unsure', 'unhelpful'] as const;
export const reviewStatuses = ['open', 'attached', 'off_topic'] as const;
export const reviewReasonSchema = z.enum(reviewReasons);
export const reviewStatusSchema = z.enum(reviewStatuses);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** What the bot guessed: the likeliest FAQ entry (null when it had none) and its probability. */
export const reviewGuessSchema = z.object({
  intent: z.string().min(1).max(60),
  faqId: z.string().min(1).max(120).nullable(),
  score: z.number().min(0).max(1).nullable(),
});
export type ReviewGuess = z.infer<typeof reviewGuessSchema>;

export const reviewInputSchema = z.object({
  contactId: z.string().min(1).max(200),
  text: z.string(),
  language: languageSchema,
  reason: reviewReasonSchema,
  guess: reviewGuessSchema,
  at: z.date(),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

const reviewItemSchema = new Schema(
  {
    text: { type: String, required: true },
    textKey: { type: String, required: true },
    contactId: { type: String, required: true },
    language: { type: String, enum: languageSchema.options, required: true },
    reason: { type: String, enum: reviewReasons, required: true },
    guessIntent: { type: String, required: true },
    guessFaqId: { type: String, default: null },
    guessScore: { type: Number, default: null },
    status: { type: String, enum: reviewStatuses, required: true, default: 'open' },
    openKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    resolvedFaqId: { type: String },
    resolvedBy: { type: String },
    resolvedAt: { type: Date },
  },
  { versionKey: false },
);
reviewItemSchema.index({ openKey: 1 }, { unique: true });
reviewItemSchema.index({ status: 1, createdAt: -1 });
reviewItemSchema.index({ contactId: 1 });
reviewItemSchema.index({ textKey: 1, status: 1 });
reviewItemSchema.index({ createdAt: 1 });

export const ReviewItems = defineModel('ReviewItem', reviewItemSchema);
export type ReviewItemDoc = InstanceType<ReturnType<typeof ReviewItems>>;

export const openKeyOf = (contactId: string, key: string) => `open:${contactId}:${key}`;
export const closedKeyOf = (id: string) => `closed:${id}`;

/**
 * Puts one message in the review queue. Never throws: a failed write must not make the person's
 * turn fail, so it is logged (without the text) and the conversation goes on.
 */
export async function recordForReview(conn: Connection, item: ReviewInput, log?: Pick<Logger, 'warn'>): Promise<void> {
  try {
    const parsed = reviewInputSchema.parse(item);
    const text = parsed.text.normalize('NFC').trim().slice(0, MAX_REVIEW_TEXT);
    if (text === '') return;
    const key = textKey(text);
    await ReviewItems(conn).create({
      text,
      textKey: key,
      contactId: parsed.contactId,
      language: parsed.language,
      reason: parsed.reason,
      guessIntent: parsed.guess.intent,
      guessFaqId: parsed.guess.faqId,
      guessScore: parsed.guess.score === null ? null : Math.round(parsed.guess.score * 1000) / 1000,
      status: 'open',
      openKey: openKeyOf(parsed.contactId, key),
      createdAt: parsed.at,
    });
  } catch (err) {
    // Already waiting for staff: the repeat adds nothing.
    if (isDuplicateKeyError(err)) return;
    // Only the error's kind: a driver or validation message could quote the text.
    const e = err as { name?: unknown; code?: unknown };
    log?.warn({ errName: String(e?.name ?? 'Error'), code: e?.code, reason: item.reason }, 'could not record a message for review');
  }
}

/** Removes every review item of these contacts (erasing a person). Returns how many. */
export async function deleteReviewItemsOf(conn: Connection, contactIds: readonly string[]): Promise<number> {
  if (contactIds.length === 0) return 0;
  const result = await ReviewItems(conn).deleteMany({ contactId: { $in: [...contactIds] } });
  return result.deletedCount;
}

/** Removes review items older than `cutoff`, whatever their status (retention). Returns how many. */
export async function deleteReviewItemsBefore(conn: Connection, cutoff: Date): Promise<number> {
  const result = await ReviewItems(conn).deleteMany({ createdAt: { $lt: cutoff } });
  return result.deletedCount;
}
