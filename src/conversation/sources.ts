import { sourceLineOf, type Source } from '../content/index.ts';
import type { Language } from '../content/i18n.ts';

/**
 * The source line that ends every factual answer the bot composes itself (fee check, loan guide),
 * in the same form as formatAnswer gives FAQ answers: with the day the facts were last checked
 * (the content file's reviewedAt) when the caller has it.
 */
export function sourceLine(sources: readonly Source[], language: Language, reviewedAt?: string): string {
  return sourceLineOf(sources, language, reviewedAt);
}
