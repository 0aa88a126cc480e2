import type { Source } from '../content/index.ts';
import type { Language } from '../store/contacts.ts';

const label: Record<Language, string> = { vi: 'Nguồn', en: 'Source' };

/**
 * The source line that ends every factual answer the bot composes itself (fee check, loan guide),
 * in the same form as formatAnswer gives FAQ answers.
 */
export function sourceLine(sources: readonly Source[], language: Language): string {
  const cited = [...new Set(sources.map((s) => s.document ?? s.title))].join('; ');
  return `${label[language]}: ${cited}`;
}
