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
  type Source,
} from './schema.ts';
import { describeContact, LOCAL_CONTACT_IDS, type LocalContactId } from './contacts.ts';

export { ContentError, defaultContentDir } from './read.ts';
export { INTENTS, intentSchema, LANGS } from './schema.ts';
export type { Content, TrainingLine, DepositCap, FaqEntry, Hotline, Intent, Lang, LocalContact, Localized, Market, MarketId, ServiceFeeCap, Source } from './schema.ts';
export { describeContact, missingLocalContacts, warnAboutMissingContacts } from './contacts.ts';
export { datedContent, dueForReview, type DueForReview } from './review-dates.ts';
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
/** …and a local office as {contact:<id>}: what staff filled in, or whom to ask meanwhile. */
const CONTACT_REF = /\{contact:([a-z0-9_.-]+)\}/g;
const isContactId = (id: string): id is LocalContactId => (LOCAL_CONTACT_IDS as readonly string[]).includes(id);

/**
 * Reads and validates every content file, then checks what no single file can: unique ids,
 * links between entries, hotline references, and that every contract intent has an answer.
 * Throws ContentError naming the file and the field. Read once at start-up; content is read-only.
 */
export function loadContent(dir: string = defaultContentDir): Content {
  const faqDir = path.join(dir, 'faq');
  const { faq, fileOf, seen } = readFaq(faqDir);
  const file = (name: string) => path.join(dir, name);
  const markets = readContentFile(file('markets.json'), marketsFileSchema).markets;
  const fees = readContentFile(file('fees.json'), feesFileSchema);
  const loans = readContentFile(file('loans.json'), loansFileSchema);
  const communes = readContentFile(file('communes.json'), communesFileSchema);
  const plan = readContentFile(file('plan.json'), planFileSchema);
  const operator = readContentFile(file('operator.json'), operatorFileSchema);
  const synonyms = readContentFile(file('synonyms.json'), synonymsFileSchema);

  resolveFaqReferences(faq, fileOf, seen, operator);
  for (const lang of ['vi', 'en'] as const) {
    loans.bankLoan.whereToApply[lang] = loans.bankLoan.whereToApply[lang].replace(CONTACT_REF, (_m, cid: string) => {
      if (!isContactId(cid)) fail(file('loans.json'), `bankLoan.whereToApply.${lang}`, `unknown contact "${cid}" (see operator.json localContacts)`);
      return describeContact(operator.localContacts[cid], lang);
    });
  }
  checkMarkets(file('markets.json'), markets, seen);
  const covered = new Set(faq.map((e) => e.intent));
  for (const intent of INTENTS) {
    if (intent !== 'unknown' && !covered.has(intent)) {
      throw new ContentError(`${shown(faqDir)}: field intent: no FAQ entry for intent "${intent}"`);
    }
  }
  checkUniqueIds(file('communes.json'), 'communes', communes.communes);

  const training = readTraining(path.join(dir, 'training'), seen);
  return { faq, markets, fees, loans, communes, plan, operator, synonyms, training };
}

type FaqPlaces = Map<FaqEntry, { file: string; index: number }>;

/** Every faq/*.json in name order; an id used twice names both files. */
function readFaq(faqDir: string): { faq: FaqEntry[]; fileOf: FaqPlaces; seen: Map<string, string> } {
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
  const fileOf: FaqPlaces = new Map();
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
  return { faq, fileOf, seen };
}

/** Related questions must exist; {hotline:…} and {contact:…} become the numbers and offices staff set. */
function resolveFaqReferences(faq: FaqEntry[], fileOf: FaqPlaces, seen: ReadonlyMap<string, string>, operator: Content['operator']): void {
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
      entry.answer[lang] = entry.answer[lang].replace(CONTACT_REF, (_m, cid: string) => {
        if (!isContactId(cid)) fail(at.file, `entries[${at.index}].answer.${lang}`, `unknown contact "${cid}" (see operator.json localContacts)`);
        return describeContact(operator.localContacts[cid], lang);
      });
    }
  }
}

/** Market ids are unique and every FAQ id a market lists exists. */
function checkMarkets(file: string, markets: Content['markets'], seen: ReadonlyMap<string, string>): void {
  checkUniqueIds(file, 'markets', markets);
  markets.forEach((m, i) => {
    m.faqIds.forEach((ref, j) => {
      if (!seen.has(ref)) fail(file, `markets[${i}].faqIds[${j}]`, `unknown FAQ id "${ref}"`);
    });
  });
}

function checkUniqueIds(file: string, field: string, items: readonly { id: string }[]): void {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    if (ids.has(item.id)) fail(file, `${field}[${i}].id`, `duplicate id "${item.id}"`);
    ids.add(item.id);
  });
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
const UPDATED_LABEL: Record<Lang, string> = { vi: 'cập nhật', en: 'updated' };

/** 2026-11-24 → 24/11/2026, the way dates are written in Vietnam (and in the English answers). */
export function dayMonthYear(isoDay: string): string {
  const [y, m, d] = isoDay.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * "Nguồn: A; B (cập nhật 24/11/2026)": the sources and the day staff last checked the fact, so
 * a person can judge how fresh it is.
 */
export function sourceLineOf(sources: readonly Source[], lang: Lang, reviewedAt?: string): string {
  const cited = [...new Set(sources.map((s) => s.document ?? s.title))].join('; ');
  const updated = reviewedAt ? ` (${UPDATED_LABEL[lang]} ${dayMonthYear(reviewedAt)})` : '';
  return `${SOURCE_LABEL[lang]}: ${cited}${updated}`;
}

/** The answer as shown to a user; a factual answer always ends with its source line. */
export function formatAnswer(entry: FaqEntry, lang: Lang): string {
  const answer = entry.answer[lang];
  if (!entry.factual || entry.sources.length === 0) return answer;
  return `${answer}\n${sourceLineOf(entry.sources, lang, entry.reviewedAt)}`;
}

/** Finds an FAQ entry by id (undefined when staff removed it). */
export function findFaq(content: Content, faqId: string): FaqEntry | undefined {
  return content.faq.find((e) => e.id === faqId);
}
