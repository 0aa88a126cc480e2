import { normalize } from './normalize.ts';
import type { Content, FaqEntry, Intent, MarketId } from './schema.ts';

export type MatchResult = {
  intent: Intent;
  /** The best FAQ entry; null only when the intent is unknown. */
  faqId: string | null;
  /** 0..1: how much of the question the entry explains. */
  score: number;
  /** false: the caller should offer the menu or a human instead of answering. */
  confident: boolean;
};

export type Matcher = { match(text: string): MatchResult };

/** Below this nothing is answered; from here to CONFIDENT the guess is shown as a suggestion only. */
const MIN_SCORE = 0.34;
const CONFIDENT_SCORE = 0.55;
/** Intents a short message can be on its own ("menu", "xin chào", "gặp cán bộ"); matched whole. */
const WHOLE_MESSAGE_INTENTS = new Set<Intent>(['greeting', 'menu', 'handoff.human', 'privacy.erase']);
/** A confident answer needs this much matched weight: one generic word ("o dau") is not enough. */
const CONFIDENT_EVIDENCE = 5;
/** Two different intents this close: the question is ambiguous, so not confident. */
const AMBIGUOUS_MARGIN = 0.04;

/** When a country is named, topic entries need this much other question weight to score fully. */
const MIN_TOPIC_WEIGHT = 4;
/** All the words naming a country together weigh at most this much. */
const MAX_COUNTRY_WEIGHT = 8;

/** Weight of a word pair no entry uses: it still counts, so chatter about something else scores low. */
const UNKNOWN_PAIR_WEIGHT = 2;

/** Words that carry no topic: politeness, pronouns, question particles (folded forms). */
const STOPWORDS = new Set(
  (
    'a ah ak oi nhe nha nhi ho the thi la ma cua va voi cho em anh chi minh toi tui ban bac co chu ' +
    'khong duoc hoi xin biet muon gi nao sao nay do kia nhung cac mot nhu rat lam da dang se con ' +
    'oh uh um ok i im is are the to of a an do does can how what my me you for in it please ' +
    'ra vao len thay nhieu it hay phai roi get need want there which will be have has with about at on if this that we they'
  ).split(' '),
);

/** A feature of the question: a word or a pair of neighbouring words, with its weight. */
type QueryFeature = { feature: string; weight: number; country: boolean };

function queryFeatures(words: string[], inCountry: boolean[], idf: (f: string) => number | undefined, unknownWeight: number): QueryFeature[] {
  const out = new Map<string, QueryFeature>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!STOPWORDS.has(w)) out.set(w, { feature: w, weight: idf(w) ?? unknownWeight, country: inCountry[i]! });
    const next = words[i + 1];
    if (next !== undefined && !(STOPWORDS.has(w) && STOPWORDS.has(next))) {
      const pair = `${w} ${next}`;
      const known = idf(pair);
      // A pair with a filler word ("quy khong") says nothing new unless some entry uses it ("bao nhieu").
      const weight = known ?? (STOPWORDS.has(w) || STOPWORDS.has(next) ? 0 : UNKNOWN_PAIR_WEIGHT);
      if (weight > 0) out.set(pair, { feature: pair, weight, country: inCountry[i]! || inCountry[i + 1]! });
    }
  }
  return [...out.values()];
}

function contentWords(norm: string): string {
  return norm
    .split(' ')
    .filter((w) => w && !STOPWORDS.has(w))
    .join(' ');
}

function rawFeatures(text: string): Set<string> {
  const words = normalize(text).split(' ').filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!STOPWORDS.has(w)) out.add(w);
    const next = words[i + 1];
    if (next !== undefined && !(STOPWORDS.has(w) && STOPWORDS.has(next))) out.add(`${w} ${next}`);
  }
  return out;
}

/** One edit (insert, delete, substitute or swap two neighbours) apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** `singles`: one-word keywords; a one-word message only matches those ("vay" yes, "ten" from "ghi ten" no). */
type Doc = { entry: FaqEntry; features: Set<string>; singles: Set<string>; market: MarketId | null; overview: boolean };

/**
 * Builds the matcher once (all weights precomputed); `match` then only normalises the question and
 * sums weights. Scoring: the share of the question's weight (IDF over intents, so a word that only
 * one topic uses counts most) that an entry's question, keywords and its intent's synonyms explain.
 * Country names are handled apart (see `match`), and whole-message commands are looked up first.
 */
export function createMatcher(content: Content): Matcher {
  const synonymFeatures = new Map<Intent, Set<string>>();
  for (const [intent, phrases] of Object.entries(content.synonyms.intents) as [Intent, string[]][]) {
    const set = new Set<string>();
    for (const p of phrases) for (const f of rawFeatures(p)) set.add(f);
    synonymFeatures.set(intent, set);
  }
  const marketOfIntent = new Map<Intent, MarketId>();
  const aliasPhrases: { words: string[]; market: MarketId }[] = [];
  for (const m of content.markets) {
    if (!marketOfIntent.has(m.intent)) marketOfIntent.set(m.intent, m.id);
    for (const alias of m.aliases) aliasPhrases.push({ words: normalize(alias).split(' '), market: m.id });
  }

  const docs: Doc[] = content.faq.map((entry) => {
    const features = new Set<string>();
    const texts = [entry.question.vi, entry.question.en, ...(entry.keywords ?? [])];
    for (const t of texts) for (const f of rawFeatures(t)) features.add(f);
    for (const f of synonymFeatures.get(entry.intent) ?? []) features.add(f);
    const market = marketOfIntent.get(entry.intent) ?? null;
    if (market) for (const m of content.markets.filter((x) => x.id === market)) for (const a of m.aliases) for (const f of rawFeatures(a)) features.add(f);
    const singles = new Set<string>();
    for (const phrase of [...(entry.keywords ?? []), ...(content.synonyms.intents[entry.intent as keyof typeof content.synonyms.intents] ?? [])]) {
      const words = contentWords(normalize(phrase)).split(' ').filter(Boolean);
      if (words.length === 1) singles.add(words[0]!);
    }
    return { entry, features, singles, market, overview: entry.intent === 'markets.overview' };
  });

  // Document frequency over intents, not entries: a topic with many entries is not penalised.
  const intentsOf = new Map<string, Set<Intent>>();
  for (const d of docs) {
    for (const f of d.features) {
      let s = intentsOf.get(f);
      if (!s) intentsOf.set(f, (s = new Set()));
      s.add(d.entry.intent);
    }
  }
  const intentCount = new Set(docs.map((d) => d.entry.intent)).size;
  const idfTable = new Map<string, number>();
  for (const [f, s] of intentsOf) idfTable.set(f, Math.log(1 + intentCount / s.size) * (f.includes(' ') ? 1.5 : 1));
  const idf = (f: string) => idfTable.get(f);
  const unknownWeight = Math.log(1 + intentCount / 2);
  // Typo look-up by deletions ("symmetric delete"): a word and every form of it with one letter
  // removed point back to the vocabulary word, so a typo costs a few map look-ups, not a scan.
  const byDeletion = new Map<string, string[]>();
  const addDeletion = (key: string, word: string) => {
    const list = byDeletion.get(key);
    if (list) list.push(word);
    else byDeletion.set(key, [word]);
  };
  for (const word of idfTable.keys()) {
    if (word.includes(' ') || word.length < 4) continue;
    addDeletion(word, word);
    for (let i = 0; i < word.length; i++) addDeletion(word.slice(0, i) + word.slice(i + 1), word);
  }

  const firstOfIntent = new Map<Intent, FaqEntry>();
  for (const e of content.faq) if (!firstOfIntent.has(e.intent)) firstOfIntent.set(e.intent, e);

  // Whole-message phrases (after dropping filler words), e.g. "menu", "xin chao", "gap nhan vien".
  const exact = new Map<string, Intent>();
  for (const [intent, phrases] of Object.entries(content.synonyms.intents) as [Intent, string[]][]) {
    if (!WHOLE_MESSAGE_INTENTS.has(intent)) continue;
    for (const p of phrases) {
      const key = contentWords(normalize(p));
      if (key && !exact.has(key)) exact.set(key, intent);
    }
  }

  function correctTypos(words: string[]): string[] {
    return words.map((w) => {
      if (w.length < 5 || STOPWORDS.has(w) || idfTable.has(w) || /\d/.test(w)) return w;
      const candidates = [...(byDeletion.get(w) ?? [])];
      for (let i = 0; i < w.length; i++) candidates.push(...(byDeletion.get(w.slice(0, i) + w.slice(i + 1)) ?? []));
      return candidates.find((v) => oneEditApart(w, v)) ?? w;
    });
  }

  /** Which countries the question names, and which of its words name them. */
  function countriesIn(words: string[]): { named: Set<MarketId>; inCountry: boolean[] } {
    const named = new Set<MarketId>();
    const inCountry = words.map(() => false);
    for (const { words: alias, market } of aliasPhrases) {
      for (let i = 0; i + alias.length <= words.length; i++) {
        if (alias.every((a, j) => words[i + j] === a)) {
          named.add(market);
          for (let j = 0; j < alias.length; j++) inCountry[i + j] = true;
        }
      }
    }
    return { named, inCountry };
  }

  function match(text: string): MatchResult {
    const words = correctTypos(normalize(text).split(' ').filter(Boolean));
    const exactIntent = exact.get(contentWords(words.join(' ')));
    if (exactIntent) {
      const first = firstOfIntent.get(exactIntent)!;
      return { intent: exactIntent, faqId: first.id, score: 1, confident: true };
    }

    const { named, inCountry } = countriesIn(words);
    const query = queryFeatures(words, inCountry, idf, unknownWeight);
    // Several words name one country ("di", "dai", "loan", "dai loan"); together they count as one.
    let rawCountry = 0;
    for (const q of query) if (q.country) rawCountry += q.weight;
    const countryScale = rawCountry > MAX_COUNTRY_WEIGHT ? MAX_COUNTRY_WEIGHT / rawCountry : 1;
    for (const q of query) if (q.country) q.weight *= countryScale;
    let total = 0;
    let countryWeight = 0;
    for (const q of query) {
      total += q.weight;
      if (q.country) countryWeight += q.weight;
    }
    if (total === 0) return unknown(0);

    // Naming a country says where, not what. Topic entries (fees, loans…) are scored on the rest of
    // the question, with a floor so that a leftover word or two cannot fully "explain" it; the
    // market page of a named country counts the country words as explained; other countries'
    // pages are pushed down. So "di nhat" finds the Japan page and "chi phi di nhat" the costs.
    const topic = total - countryWeight;
    let best: { doc: Doc; score: number; hit: number } | null = null;
    const bestPerIntent = new Map<Intent, number>();
    const contentOnly = query.filter((q) => !q.feature.includes(' '));
    const oneWord = contentOnly.length === 1 ? contentOnly[0]!.feature : null;
    for (const doc of docs) {
      if (oneWord !== null && !doc.singles.has(oneWord) && !query.some((q) => q.feature.includes(' ') && doc.features.has(q.feature))) continue;
      const namesThisCountry = doc.market !== null && named.has(doc.market);
      let hit = 0;
      let countryHit = 0;
      for (const q of query) {
        if (!q.country) {
          if (doc.features.has(q.feature)) hit += q.weight;
        } else if (namesThisCountry || (doc.market !== null && doc.features.has(q.feature))) hit += q.weight;
        else if (doc.features.has(q.feature)) countryHit += q.weight;
      }
      let score: number;
      // A topic entry that also names the country ("chi phi di nhat") beats the general one.
      if (doc.market === null) score = named.size > 0 ? hit / Math.max(topic, MIN_TOPIC_WEIGHT) + (0.05 * countryHit) / countryWeight : hit / total;
      // When a country is named, the overview and other countries' pages are for other questions.
      else score = named.size > 0 && !namesThisCountry ? (0.5 * hit) / total : hit / total;
      if (doc.overview && named.size > 0) score *= 0.5;
      const intent = doc.entry.intent;
      if (score > (bestPerIntent.get(intent) ?? -1)) bestPerIntent.set(intent, score);
      if (!best || score > best.score) best = { doc, score, hit };
    }
    if (!best || best.score < MIN_SCORE) return unknown(best?.score ?? 0);

    const intent = best.doc.entry.intent;
    let runnerUp = 0;
    for (const [i, sc] of bestPerIntent) if (i !== intent && sc > runnerUp) runnerUp = sc;
    const confident = best.score >= CONFIDENT_SCORE && best.score - runnerUp >= AMBIGUOUS_MARGIN && best.hit >= CONFIDENT_EVIDENCE;
    return { intent, faqId: best.doc.entry.id, score: round(Math.min(1, best.score)), confident };
  }

  return { match };
}

function unknown(score: number): MatchResult {
  return { intent: 'unknown', faqId: null, score: round(score), confident: false };
}

function round(n: number) {
  return Math.round(n * 1000) / 1000;
}
