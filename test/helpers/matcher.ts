export { createMatcher, INTENTS, intentSchema, loadContent } from '../../src/content/index.ts';
export { foldDiacritics as foldDiacriticsForTest } from '../../src/content/normalize.ts';
