import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ContentError, defaultContentDir, readContentFile, readJsonLines } from './read.ts';
import {
  communesFileSchema,
  faqFileSchema,
  feesFileSchema,
  INTENTS,
  loansFileSchema,
  marketsFileSchema,
  operatorFileSchema,
  planFileSchema,
  synonymsFileSchema,
  trainingLineSchema,
  type Content,
  type TrainingLine,
  type FaqEntry,
  type Lang,
} from './schema.ts';

export { ContentError, defaultContentDir } from './read.ts';
export { INTENTS, intentSchema, LANGS } from './schema.ts';
export type { Content, TrainingLine, DepositCap, FaqEntry, Hotline, Intent, Lang, Localized, Market, MarketId, ServiceFeeCap, Source } from './schema.ts';
export { createMatcher, matcherFromModel, trainMatcherModel, type Matcher, type MatcherModel, type MatchResult, type TrainingExample } from './matcher.ts';
export { normalize } from './normalize.ts';

function shown(file: string) {
  return path.relative(process.cwd(), file) || file;
}

function fail(file: string, field: string, message: string): never {
  throw new ContentError(`${shown(file)}: field ${field}: ${message}`);
}

/** Answers may name a hotline as {hotline:<id>} so a number lives in operator.json only. */
const HOTLINE_REF = /\{hotline:([a-z0-9_.-]+)\}/g;

/**
 * Reads and validates every content file, then checks what no single file can: unique ids,
 * links between entries, hotline references, and that every contract intent has an answer.
 * Throws ContentError naming the file and the field. Read once at start-up; content is read-only.
 */
export function loadContent(dir: string = defaultContentDir): Content {
  const faqDir = path.join(dir, 'faq');
  let faqFiles: string[];
  try {
    faqFiles = readdirSync(faqDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => path.join(faqDir, f));
  } catch {
    throw new ContentError(`${shown(faqDir)}: folder not found`);
  }
  if (faqFiles.length === 0) throw new ContentError(`${shown(faqDir)}: no FAQ files (*.json)`);

  const faq: FaqEntry[] = [];
  const fileOf = new Map<FaqEntry, { file: string; index: number }>();
  const seen = new Map<string, string>();
  for (const file of faqFiles) {
    readContentFile(file, faqFileSchema).entries.forEach((entry, index) => {
      const other = seen.get(entry.id);
      if (other) fail(file, `entries[${index}].id`, `duplicate id "${entry.id}" (also in ${shown(other)})`);
      seen.set(entry.id, file);
      fileOf.set(entry, { file, index });
      faq.push(entry);
    });
  }

  const file = (name: string) => path.join(dir, name);
  const markets = readContentFile(file('markets.json'), marketsFileSchema).markets;
  const fees = readContentFile(file('fees.json'), feesFileSchema);
  const loans = readContentFile(file('loans.json'), loansFileSchema);
  const communes = readContentFile(file('communes.json'), communesFileSchema);
  const plan = readContentFile(file('plan.json'), planFileSchema);
  const operator = readContentFile(file('operator.json'), operatorFileSchema);
  const synonyms = readContentFile(file('synonyms.json'), synonymsFileSchema);

  const hotlines = new Map(operator.hotlines.map((h) => [h.id, h.number]));
  for (const entry of faq) {
    const at = fileOf.get(entry)!;
    for (const ref of entry.related ?? []) {
      if (!seen.has(ref)) fail(at.file, `entries[${at.index}].related`, `unknown FAQ id "${ref}"`);
    }
    for (const lang of ['vi', 'en'] as const) {
      entry.answer[lang] = entry.answer[lang].replace(HOTLINE_REF, (_m, hid: string) => {
        const number = hotlines.get(hid);
        if (!number) fail(at.file, `entries[${at.index}].answer.${lang}`, `unknown hotline "${hid}" (see operator.json hotlines)`);
        return number;
      });
    }
  }

  const marketIds = new Set<string>();
  markets.forEach((m, i) => {
    if (marketIds.has(m.id)) fail(file('markets.json'), `markets[${i}].id`, `duplicate id "${m.id}"`);
    marketIds.add(m.id);
    m.faqIds.forEach((ref, j) => {
      if (!seen.has(ref)) fail(file('markets.json'), `markets[${i}].faqIds[${j}]`, `unknown FAQ id "${ref}"`);
    });
  });

  const covered = new Set(faq.map((e) => e.intent));
  for (const intent of INTENTS) {
    if (intent !== 'unknown' && !covered.has(intent)) {
      throw new ContentError(`${shown(faqDir)}: field intent: no FAQ entry for intent "${intent}"`);
    }
  }

  const communeIds = new Set<string>();
  communes.communes.forEach((c, i) => {
    if (communeIds.has(c.id)) fail(file('communes.json'), `communes[${i}].id`, `duplicate id "${c.id}"`);
    communeIds.add(c.id);
  });

  const training = readTraining(path.join(dir, 'training'), seen);
  return { faq, markets, fees, loans, communes, plan, operator, synonyms, training };
}

/** content/training/*.jsonl: example messages per FAQ entry (the folder may be absent). */
function readTraining(trainingDir: string, faqIds: ReadonlyMap<string, string>): TrainingLine[] {
  let files: string[];
  try {
    files = readdirSync(trainingDir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => path.join(trainingDir, f));
  } catch {
    return [];
  }
  const lines: TrainingLine[] = [];
  for (const file of files) {
    const check = (line: TrainingLine) => (line.faq === 'unknown' || faqIds.has(line.faq) ? undefined : `field faq: unknown FAQ id "${line.faq}"`);
    lines.push(...readJsonLines(file, trainingLineSchema, check));
  }
  return lines;
}

const SOURCE_LABEL: Record<Lang, string> = { vi: 'Nguồn', en: 'Source' };

/** The answer as shown to a user; a factual answer always ends with its source line. */
export function formatAnswer(entry: FaqEntry, lang: Lang): string {
  const answer = entry.answer[lang];
  if (!entry.factual || entry.sources.length === 0) return answer;
  const cited = [...new Set(entry.sources.map((s) => s.document ?? s.title))].join('; ');
  return `${answer}\n${SOURCE_LABEL[lang]}: ${cited}`;
}

/** Finds an FAQ entry by id (undefined when staff removed it). */
export function findFaq(content: Content, faqId: string): FaqEntry | undefined {
  return content.faq.find((e) => e.id === faqId);
}
