/**
 * One-typo correction against the words of the training examples: "vonn" → "von", "lao dogn" →
 * "lao dong". Character n-grams already soften typos; this makes a misspelt key word count fully.
 *
 * Look-up by deletions ("symmetric delete"): every known word and each form of it with one letter
 * removed point back to the word, so a typo costs a few map look-ups, not a scan.
 */
export type WordCorrector = (word: string) => string;

/** Shorter words are too easily another word ("von"/"vay" are one edit apart). */
const MIN_LENGTH = 4;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** `counts`: how often each folded word occurs in the examples; the more frequent candidate wins. */
export function createCorrector(counts: ReadonlyMap<string, number>): WordCorrector {
  const byDeletion = new Map<string, string[]>();
  const index = (key: string, word: string) => {
    const list = byDeletion.get(key);
    if (list) list.push(word);
    else byDeletion.set(key, [word]);
  };
  for (const word of counts.keys()) {
    if (word.length < MIN_LENGTH - 1 || /\d/.test(word)) continue;
    index(word, word);
    for (const d of deletions(word)) index(d, word);
  }
  return (word) => {
    const untyped = counts.has(word) ? undefined : unconvertedKeyboard(word);
    if (untyped && counts.has(untyped)) return untyped;
    if (word.length < MIN_LENGTH || /\d/.test(word)) return word;
    const seen = counts.get(word) ?? 0;
    // A word the examples have is kept, unless it is a rare doubled-key typo of a common word
    // (an example written with a typo on purpose must not make that typo a word of its own).
    if (seen > 0) {
      const undoubled = undoubledForms(word).find((w) => (counts.get(w) ?? 0) >= 10 * seen);
      return undoubled ?? word;
    }
    let best = word;
    let bestCount = 0;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of byDeletion.get(key) ?? []) {
        // A doubled key ("vonn") is the likeliest typo of all, then the more frequent word.
        const n = counts.get(candidate)! * (isDoubledLetter(word, candidate) ? 100 : 1);
        if (n > bestCount && candidate.length >= MIN_LENGTH - 1 && withinOneEdit(word, candidate)) {
          best = candidate;
          bestCount = n;
        }
      }
    }
    return best;
  };
}

/** Telex's shapes typed as two keys: "dd" đ, "aa" â, "aw" ă, "ow" ơ, "uw" ư, "ee" ê, "oo" ô. */
const TELEX_SHAPES = /dd|aa|aw|ee|oo|ow|uw/g;

/**
 * A word typed with the Vietnamese keyboard switched off, read back: Telex "dduwowcj" → "duoc",
 * "vieecj" → "viec", "khacs" → "khac"; VNI "d9u7o7c5" → "duoc". Undefined when the word shows no
 * sign of it. The caller keeps the result only when the examples have that word.
 */
export function unconvertedKeyboard(word: string): string | undefined {
  if (/^[a-z]+(\d[a-z]*)+$/.test(word) && /[a-z]\d+[a-z]|\d.*\d/.test(word)) return word.replace(/\d/g, '');
  if (!/^[a-z]{3,}$/.test(word)) return undefined;
  // The tone key comes last, after the vowel it marks ("vieecj"); shape keys double a letter.
  const untoned = /[aeiouyw][a-z]?[sfrxj]$/.test(word) ? word.slice(0, -1) : word;
  const unshaped = untoned.replace(TELEX_SHAPES, (m) => m[0]!);
  return unshaped === word ? undefined : unshaped;
}

/** The word with one of its doubled letters typed once: "vonn" → ["von"]. */
function undoubledForms(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) if (word[i] === word[i - 1]) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** `typed` is `word` with one letter typed twice. */
function isDoubledLetter(typed: string, word: string): boolean {
  if (typed.length !== word.length + 1) return false;
  for (let i = 1; i < typed.length; i++) if (typed[i] === typed[i - 1] && typed.slice(0, i) + typed.slice(i + 1) === word) return true;
  return false;
}

/** At most one insert, delete, substitute or swap of neighbours apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
