import { askingWords, sentenceAsks } from './asking.ts';
import { normalize } from './normalize.ts';
import type { WordCorrector } from './typos.ts';

/**
 * What the classifier sees of a message: a sparse bag of named features with weights.
 *
 * - `w:` folded words (teencode spelled out by `normalize`), `b:` neighbouring word pairs;
 * - `c:` character 3- and 4-grams inside each word, which carry typos ("xuat khau lao dogn") and
 *   spellings no example has;
 * - `cue:` a few signals that generalise beyond the words: which market a message names (all the
 *   ways of writing "Đài Loan" share one feature), money named with an amount, and the classic
 *   signs of a scam story ("không cần phỏng vấn", "bao đậu", paying before anything else).
 *
 * Long messages tell a story before they ask: the asking part (`asking.ts`: the clauses that ask,
 * a run-on message's last words) is counted a second time and the rest weighs less (`background`),
 * so the question's topic outweighs the words of the story around it.
 */
export type FeatureBag = Map<string, number>;

/** Market id and its folded aliases ("dai loan", "dl" is already spelled out by normalize). */
export type MarketAliases = readonly { market: string; words: readonly string[] }[];

/** How much each kind of feature counts; the defaults were chosen with `npm run eval`. */
export type FeatureWeights = { word: number; pair: number; char: number; cue: number; question: number; background: number };
export const DEFAULT_WEIGHTS: FeatureWeights = { word: 1, pair: 1, char: 0.25, cue: 1.5, question: 1, background: 0.6 };

/** Money with an amount: "7000 usd", "95 trieu", "5.000 euro", "3 cay vang". */
const AMOUNT = /\b\d+\s*(trieu|nghin|ty|usd|do|dola|euro|eur|yen|man|won|te|nhan dan te|van|cay|chi)\b|\b(usd|\$)\s*\d+/;

/** Signs of a scam story, on folded text. Each adds the same `cue:scam` feature. */
const SCAM_SIGNS = [
  /khong can (phong van|thi|hoc tieng|tieng|bang cap|kinh nghiem)/,
  /\bbao (dau|do|visa|bay|100|tron goi)\b/,
  /\b(dam bao|chac chan|cam ket) (dau|do|bay|co visa)\b/,
  /(nop|chuyen|dong|gui|dua|dat coc|coc) [a-z0-9 ]{0,30}\btruoc\b/,
  /\btruoc (moi|khi) [a-z ]{0,20}(phong van|bay|ky hop dong|xuat canh)/,
  /\bchuyen khoan\b/,
  /\b(giu cho|suat|slot) [a-z ]{0,20}(nop|dong|chuyen|coc)/,
  /\bvisa (du lich|tham than|lao dong nhanh)\b/,
  /\bbay (ngay|nhanh|gap)\b/,
];

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.?!;\n])\s*|\s*\n\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function add(bag: FeatureBag, feature: string, weight: number): void {
  bag.set(feature, (bag.get(feature) ?? 0) + weight);
}

function addWords(bag: FeatureBag, words: readonly string[], scale: number, weights: FeatureWeights): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    add(bag, `w:${w}`, weights.word * scale);
    if (i + 1 < words.length) add(bag, `b:${w}_${words[i + 1]}`, weights.pair * scale);
    if (weights.char === 0) continue;
    const padded = `#${w}#`;
    for (const n of [3, 4]) {
      for (let j = 0; j + n <= padded.length; j++) add(bag, `c:${padded.slice(j, j + n)}`, weights.char * scale);
    }
  }
}

/** Markets the folded text names. */
function marketsIn(folded: string, markets: MarketAliases): string[] {
  const padded = ` ${folded} `;
  return markets.filter(({ words }) => words.some((alias) => padded.includes(` ${alias} `))).map((m) => m.market);
}

/** `asking`: the asking part, whose countries stand for the message's when it names any. */
function addCues(bag: FeatureBag, folded: string, asking: string | null, markets: MarketAliases, cue: number): void {
  const inQuestion = asking ? marketsIn(asking, markets) : [];
  for (const market of inQuestion.length > 0 ? inQuestion : marketsIn(folded, markets)) bag.set(`cue:market:${market}`, cue);
  if (AMOUNT.test(folded)) bag.set('cue:amount', cue);
  if (SCAM_SIGNS.some((sign) => sign.test(folded))) bag.set('cue:scam', cue);
}

/** The question sentences of a message; the last sentence when none looks like a question. */
export function questionSentences(text: string): string[] {
  const sentences = splitSentences(text);
  const asking = sentences.filter(sentenceAsks);
  return asking.length > 0 ? asking : sentences.slice(-1);
}

/** The feature bag of a message, L2-normalised so that long and short messages compare. */
export function messageFeatures(text: string, markets: MarketAliases, weights: FeatureWeights = DEFAULT_WEIGHTS, correct: WordCorrector = (w) => w): FeatureBag {
  const bag: FeatureBag = new Map();
  const words = normalize(text).split(' ').filter(Boolean).map(correct);
  const folded = words.join(' ');
  const asking = weights.question > 0 ? askingWords(text) : null;
  addWords(bag, words, asking ? weights.background : 1, weights);
  if (asking) addWords(bag, asking.map(correct), weights.question, weights);
  addCues(bag, folded, asking && asking.join(' '), markets, weights.cue);
  let norm = 0;
  for (const v of bag.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of bag) bag.set(k, v / norm);
  return bag;
}
