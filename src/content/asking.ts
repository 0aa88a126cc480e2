import { normalize } from './normalize.ts';

/**
 * The asking part of a message. Real long messages tell a background first (age, family, debts, a
 * relative abroad, what a broker said) and ask at the end, often without punctuation; the words of
 * the background name other topics ("vay ngân hàng", "đi Hàn về") and must not outvote the
 * question. The message is cut into clauses (sentence marks and commas); a clause asks when it has
 * a question mark, a question phrase ("bao nhiêu", "thế nào", "được không"), an opening like "cho
 * em hỏi", or ends on a question particle ("... đi Nhật không", "... chưa", "... nhỉ"). Everything is
 * folded first, so "ko", "k", "hok", "bn", "ntn", "dc" (spelled out by normalize) count the same.
 */

/** Phrases that ask wherever they stand (folded, short forms already spelled out). */
const QUESTION_PHRASES =
  /\b(bao nhieu|bao lau|bao gio|khi nao|luc nao|nhu the nao|the nao|nhu nao|ra sao|lam sao|lam the nao|o dau|cho nao|noi nao|la gi|can gi|can nhung gi|co phai|phai khong|duoc khong|hay khong|hay chua|duoc chua|co nen|nen chon|nen di|nen lam|co duoc|co bi|co can|co mat|co dung|co that|tai sao|vi sao|gi khong|nao khong)\b/;

/** Openings that announce the question: "cho em hỏi", "xin hỏi", "ai biết", "nhờ ad tư vấn". */
const ASK_OPENERS =
  /\b(cho [a-z]+ hoi|cho [a-z]+ [a-z]+ hoi|xin hoi|muon hoi|hoi chut|hoi xiu|hoi giup|ai biet|co ai|ai da|nho [a-z]+ tu van|tu van giup|tu van cho|giup [a-z]+ voi|chi giup|chi cho)\b/;

/** Particles that make the clause they end a question: "... đi Nhật không", "... chưa", "... nhỉ". */
const FINAL_PARTICLES = new Set(['khong', 'chua', 'nhi', 'gi', 'nao', 'dau', 'sao', 'ha', 'hong', 'ak', 'ah', 'the']);

/** Polite words that may follow the particle: "... không ạ", "... ko ad", "... chưa nhé". */
const TRAILING_POLITE = new Set(['a', 'ad', 'admin', 'nhe', 'nha', 'voi', 'oi', 'em', 'e', 'chi', 'anh', 'ban', 'moi', 'nguoi', 'vay', 'ah', 'ak', 'ha', 'thi']);

/** Saying one does not know what to do, without naming the topic: the topic is in the clause before. */
const IMPLICIT_ASKS = /\b(khong biet (phai |nen )?(lam sao|lam the nao|the nao|nhu the nao|tinh sao|xoay xo)|phan van|mong (ad|admin|anh|chi|can bo|moi nguoi|cac) [a-z ]*(tu van|chi|giup)|xin (tu van|chi giup|loi khuyen))\b/;

/** A clause of this many words or fewer names no topic of its own ("có đúng không"): the one before counts too. */
const SHORT_CLAUSE = 5;
/** A message of this many words or fewer is all question. */
const SHORT_MESSAGE = 16;
/** A run-on clause longer than this is narrowed to the words around its question. */
const LONG_CLAUSE = 24;
/** How far back from its end a narrowed question reaches. */
const QUESTION_REACH = 16;
/** Words kept before an opening in a run-on clause: the topic often comes just before "cho em hỏi". */
const OPENER_LEAD = 6;

/** `afterComma`: the clause continues the sentence before it (the two usually share a topic). */
type Clause = { words: string[]; questionMark: boolean; afterComma: boolean };

function clausesOf(text: string): Clause[] {
  const out: Clause[] = [];
  let afterComma = false;
  for (const m of text.matchAll(/[^.?!;,\n]+([.?!;,\n]*)/g)) {
    const words = normalize(m[0]).split(' ').filter(Boolean);
    if (words.length > 0) out.push({ words, questionMark: m[1]!.includes('?'), afterComma });
    afterComma = m[1] === ',';
  }
  return out;
}

function endsOnParticle(words: readonly string[]): boolean {
  let end = words.length - 1;
  while (end > 0 && TRAILING_POLITE.has(words[end]!) && !FINAL_PARTICLES.has(words[end]!)) end--;
  return FINAL_PARTICLES.has(words[end]!);
}

function asks(clause: Clause): boolean {
  const folded = clause.words.join(' ');
  return clause.questionMark || QUESTION_PHRASES.test(folded) || ASK_OPENERS.test(folded) || IMPLICIT_ASKS.test(folded) || endsOnParticle(clause.words);
}

/** A run-on clause (no punctuation) cut to its question: the words around an opening, and its last words. */
function narrowed(words: readonly string[]): string[] {
  if (words.length <= LONG_CLAUSE) return [...words];
  const folded = words.join(' ');
  const opener = ASK_OPENERS.exec(folded);
  const tailAt = words.length - QUESTION_REACH;
  if (!opener) return words.slice(tailAt);
  const openerAt = folded.slice(0, opener.index).split(' ').length - 1;
  // "... muốn đi Nhật làm tts cho em hỏi bị cận có đi được không": what follows the opening names no topic.
  const from = Math.max(0, openerAt - OPENER_LEAD);
  return [...words.slice(from, Math.min(tailAt, openerAt + QUESTION_REACH)), ...words.slice(Math.max(tailAt, from))];
}

/** A sentence asks when one of its clauses does ("không" as a plain "not" does not make it ask). */
export function sentenceAsks(sentence: string): boolean {
  return clausesOf(sentence).some(asks);
}

/**
 * The folded words of the asking part of a message: its asking clauses, each with the clause
 * before it when that continues the same sentence or when the asking clause alone names no topic
 * ("có đúng không", "em không biết phải làm sao"). Null when the whole message is the question
 * (short messages, or nothing narrower found).
 */
export function askingWords(text: string): string[] | null {
  const clauses = clausesOf(text);
  const total = clauses.reduce((n, c) => n + c.words.length, 0);
  if (total <= SHORT_MESSAGE) return null;
  let picked = clauses.map((c, i) => (asks(c) ? i : -1)).filter((i) => i >= 0);
  if (picked.length === 0) picked = [clauses.length - 1];
  const taken = new Set<number>();
  for (const i of picked) {
    taken.add(i);
    const clause = clauses[i]!;
    if (i > 0 && (clause.afterComma || clause.words.length <= SHORT_CLAUSE)) taken.add(i - 1);
    // "em không biết phải làm sao" says nothing of the topic: the whole sentence before does.
    if (IMPLICIT_ASKS.test(clause.words.join(' '))) for (let j = i - 1; j >= 0 && (j === i - 1 || clauses[j + 1]!.afterComma); j--) taken.add(j);
  }
  const words = [...taken].sort((a, b) => a - b).flatMap((i) => narrowed(clauses[i]!.words));
  return words.length < total ? words : null;
}
