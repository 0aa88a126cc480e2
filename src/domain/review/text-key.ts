import { createHash } from 'node:crypto';

/**
 * A stable key for "the same words": lower case, diacritics folded, punctuation and extra spaces
 * dropped, hashed so any length fits an index. Our own (not the matcher's `normalize`) because
 * stored keys must not change meaning when the understanding's normalisation is tuned.
 */
export function textKey(text: string): string {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha256').update(folded).digest('hex').slice(0, 32);
}

/** The longest text kept (content/training lines allow 2000 characters). */
export const MAX_REVIEW_TEXT = 2000;
