import { foldDiacritics } from '../../content/normalize.ts';
import { withinOneEdit } from '../../content/typos.ts';

/**
 * Finding a company of the licensed list from what a worker typed: "cty Hoang Phat co giay phep
 * ko", "công ty TNHH Sao Khuê có phép không", "VINACO", "giấy phép số 123/LĐTBXH-GP".
 *
 * Names are compared as accent-folded words (normalize) without the legal form ("công ty",
 * "TNHH", "cổ phần", "JSC"…) and without the trade words every firm has ("nhân lực", "quốc tế",
 * "thương mại"…): what is left is the name people say ("Sao Khuê"). A match must account for
 * every word on both sides (one typo forgiven in longer words): a broker's "Sao Khuê Nhật Bản"
 * is NOT the licensed "Sao Khuê", it is only offered as "did you mean".
 */
type Tokens = readonly string[];

const phrases = (list: readonly string[]): Tokens[] => list.map((p) => p.split(' ')).sort((a, b) => b.length - a.length);

/** Legal forms and the words for "company", dropped from names and questions alike. */
const LEGAL_FORMS = phrases([
  'tong cong ty', 'cong ty', 'tap doan', 'doanh nghiep', 'trach nhiem huu han', 'tnhh', 'mot thanh vien', 'hai thanh vien tro len',
  'hai thanh vien', 'mtv', 'co phan', 'ctcp', 'cp', 'jsc', 'jsco', 'co ltd', 'ltd', 'corp', 'corporation', 'company', 'inc',
  'joint stock', 'limited', 'llc',
]);

/** Trade words most names contain; they neither make nor break a match. */
const TRADE_WORDS = phrases([
  'thuong mai', 'dich vu', 'tu van', 'giao duc', 'dau tu', 'phat trien', 'nguon nhan luc', 'nhan luc', 'xuat khau', 'xuat nhap khau',
  'nhap khau', 'lao dong', 'hop tac', 'quoc te', 'xay dung', 'cung ung', 'dao tao', 'san xuat', 'ky thuat', 'du lich', 'cong nghe',
  'du hoc', 'viec lam', 'ngoai nuoc', 'nuoc ngoai', 'va', 'and', 'international', 'manpower', 'hr', 'hrd', 'labour', 'labor',
  'co khi', 'co dien', 'service', 'services', 'trading', 'human resources', 'human resource', 'development', 'investment', 'education', 'labco',
]);

/**
 * Words that end a name in a question ("cty Sao Khuê có…", "… ở Hà Nội", "… này là…"). Words that
 * are often part of names are left out even when they could end one ("Minh", "Đà", "Tài", "Á").
 */
const NAME_ENDS = phrases([
  'co', 'khong', 'o', 'dua', 'tuyen', 'noi', 'that', 'uy tin', 'lua dao', 'di', 'ma', 'thi', 'hay', 'nhu', 'roi', 'nhe',
  'ad', 'mn', 'giup', 'check', 'kiem tra', 'hoi', 'cho', 'duoc', 'gioi thieu', 'chuyen', 'bi', 'la', 'voi', 'nao',
  'gi', 'vay', 'tren', 'giay phep', 'phep', 'em', 'toi', 'hop phap', 'chinh thuc', 'the', 'ah', 'nay', 'kia', 'day', 'ay', 'ne',
]);

/** Words before a name that are part of the question ("cho hỏi", "kiểm tra giúp", "tên là"). */
const LEAD_WORDS = new Set(['cho', 'hoi', 'minh', 'em', 'toi', 'anh', 'chi', 'ad', 'oi', 'xin', 'kiem', 'tra', 'giup', 'check', 'xem', 'thu', 'ban', 'chao', 'kinh', 'gui', 'a', 'ten', 'la', 'goi', 'cua', 've', 'voi', 'nho', 'lam', 'on']);

/** Stand-ins people type instead of a name ("cty ABC", "công ty X", "công ty đó"). */
const PLACEHOLDERS = new Set(['x', 'y', 'abc', 'xyz', 'do', 'nay', 'kia', 'day', 'ay', 'nao', 'a', 'b', 'c', 'ne']);

/** Where a name starts in a question: after "công ty" / "doanh nghiệp" / "tên (là)". */
const NAME_STARTS = phrases(['cong ty', 'doanh nghiep', 'ten cong ty la', 'ten cong ty', 'ten la', 'ten doanh nghiep la', 'ten doanh nghiep']);

/** Skipped right after "công ty": "cty TNHH xkld Sao Khuê". */
const AFTER_START = phrases(['trach nhiem huu han', 'tnhh', 'mot thanh vien', 'mtv', 'co phan', 'cp', 'ctcp', 'xuat khau lao dong', 'ten la', 'ten', 'la', 'goi la']);

function phraseAt(tokens: Tokens, at: number, list: readonly Tokens[]): number {
  for (const p of list) if (p.every((w, j) => tokens[at + j] === w)) return p.length;
  return 0;
}

function withoutPhrases(tokens: Tokens, list: readonly Tokens[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const n = phraseAt(tokens, i, list);
    if (n > 0) i += n;
    else out.push(tokens[i++]!);
  }
  return out;
}

/**
 * The few short forms people type around a company name. normalize()'s full teencode list is not
 * used here: it reads names as chat words ("Hồng" typed "hong" would become "không").
 */
const SHORT_FORMS: Record<string, string> = {
  cty: 'cong ty',
  cti: 'cong ty',
  congty: 'cong ty',
  xkld: 'xuat khau lao dong',
  dn: 'doanh nghiep',
  dndv: 'doanh nghiep dich vu',
  gp: 'giay phep',
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  khg: 'khong',
  kg: 'khong',
  dc: 'duoc',
  dk: 'duoc',
  e: 'em',
};

/** Accent-folded lower-case words (đ→d), punctuation dropped, the short forms above spelled out. */
const words = (text: string): string[] =>
  foldDiacritics(text.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .flatMap((w) => (SHORT_FORMS[w] ?? w).split(' '));

/**
 * The words of a name without its legal form; `core` also without trade words (if any are left).
 * A last "co" is the "Co." of "PHU THO CO." (elsewhere it is "cơ khí" or the question's "có").
 */
export function nameWords(name: string): { all: string[]; core: string[] } {
  const all = withoutPhrases(words(name), LEGAL_FORMS);
  if (all.length > 1 && all.at(-1) === 'co') all.pop();
  const core = withoutPhrases(all, TRADE_WORDS);
  return { all, core: core.length > 0 ? core : all };
}

/** A licence number as compared: folded letters and digits only ("123/LĐTBXH-GP" → "123ldtbxhgp"). */
export function licenceKey(value: string): string {
  return foldDiacritics(value).replace(/[^a-z0-9]/g, '');
}

/** Licence numbers written in a message: something with a digit, a slash, and more. */
function licenceKeysIn(text: string): string[] {
  const found = text.match(/[\p{L}\d-]*\d[\p{L}\d-]*\s*\/\s*[\p{L}\d-]+(?:\/[\p{L}\d-]+)*/gu) ?? [];
  return found.map(licenceKey).filter((k) => k.length >= 4);
}

/** The name that follows position `at` in a clause, up to a word that ends it. */
function nameFrom(tokens: Tokens, at: number): string[] {
  const name: string[] = [];
  let i = at;
  for (let n = phraseAt(tokens, i, AFTER_START); n > 0; n = phraseAt(tokens, i, AFTER_START)) i += n;
  while (i < tokens.length && name.length < 10) {
    // Trade words belong to the name even when one of them could end it ("tư vấn", "nhân lực").
    const trade = phraseAt(tokens, i, TRADE_WORDS) || phraseAt(tokens, i, LEGAL_FORMS.filter((p) => p.length > 1 || p[0] !== 'co'));
    if (trade > 0) {
      name.push(...tokens.slice(i, i + trade));
      i += trade;
    } else if (phraseAt(tokens, i, NAME_ENDS) > 0) break;
    else name.push(tokens[i++]!);
  }
  return name;
}

/** A name made only of trade words must be this long to be a name ("Cơ khí Xây dựng"), not a kind of firm. */
const MIN_TRADE_ONLY_NAME = 4;

/** Drops names that are only stand-ins or a kind of firm ("cty đó", "công ty xuất khẩu lao động"). */
function meaningful(name: Tokens): boolean {
  const { all } = nameWords(name.join(' '));
  const rest = withoutPhrases(all, TRADE_WORDS).filter((w) => !PLACEHOLDERS.has(w));
  return rest.length > 0 || (all.length >= MIN_TRADE_ONLY_NAME && all.every((w) => !PLACEHOLDERS.has(w)));
}

export interface AskedNames {
  names: string[][];
  /** The names followed "công ty" / "tên là": the person said which words are the name. */
  anchored: boolean;
}

/** Names a question asks about: after "công ty"/"tên là", or a short question's opening words. */
export function askedNames(text: string): AskedNames {
  const clauses = text.split(/[?!;\n]+|[.,:](?=\s|$)/).map(words).filter((c) => c.length > 0);
  const found: string[][] = [];
  let anchors = 0;
  for (const tokens of clauses) {
    for (let i = 0; i < tokens.length; i++) {
      const n = phraseAt(tokens, i, NAME_STARTS);
      if (n === 0) continue;
      anchors++;
      found.push(nameFrom(tokens, i + n));
      i += n - 1;
    }
  }
  const total = clauses.reduce((sum, c) => sum + c.length, 0);
  // "Sao Khuê có giấy phép không": no "công ty", so a short question starts with the name.
  if (anchors === 0 && total <= 10 && clauses[0]) {
    let start = 0;
    while (start < clauses[0].length && LEAD_WORDS.has(clauses[0][start]!)) start++;
    found.push(nameFrom(clauses[0], start));
  }
  const unique = new Map(found.filter(meaningful).map((n) => [n.join(' '), n]));
  return { names: [...unique.values()], anchored: anchors > 0 };
}

/**
 * The typed name as the person wrote it ("Hoàng Phát", not "hoang phat"), for quoting it back;
 * the folded words when they cannot be found again in the message.
 */
export function asWritten(text: string, name: Tokens): string {
  const written = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const folded = written.map((w) => words(w).join(' '));
  for (let i = 0; i < written.length; i++) {
    let j = i;
    let at = 0;
    while (j < written.length && at < name.length && folded[j] === name.slice(at, at + folded[j]!.split(' ').length).join(' ')) {
      at += folded[j]!.split(' ').length;
      j++;
    }
    if (at === name.length && j > i) return written.slice(i, j).join(' ');
  }
  return name.join(' ');
}

/** How well a typed name fits one way of writing a company's name. */
interface Fit {
  /** Every word on both sides accounted for. */
  full: boolean;
  typos: number;
  /** 0–1: the share of words matched, averaged over both sides. */
  score: number;
}

/**
 * One slip of the finger: a letter doubled or missing ("baoo", "hongg"), or in longer words any
 * one edit. Two syllables of four letters one letter apart are usually two words ("Phát", "Nhật").
 */
function isTypo(typed: string, word: string): boolean {
  const shorter = Math.min(typed.length, word.length);
  if (Math.max(typed.length, word.length) < 4 || shorter < 3) return false;
  if (shorter < 5 && typed.length === word.length) return false;
  return withinOneEdit(typed, word);
}

function fit(variant: Tokens, asked: Tokens): Fit {
  if (variant.length === 0 || asked.length === 0) return { full: false, typos: 0, score: 0 };
  if (variant.join('') === asked.join('')) return { full: true, typos: 0, score: 1 };
  const used = new Set<number>();
  let matched = 0;
  let typos = 0;
  let strong = false;
  for (const w of variant) {
    let j = asked.findIndex((a, k) => !used.has(k) && a === w);
    if (j < 0) j = asked.findIndex((a, k) => !used.has(k) && isTypo(a, w));
    if (j < 0) continue;
    if (asked[j] !== w) typos++;
    used.add(j);
    matched++;
    if (w.length >= 3) strong = true;
  }
  const full = matched === variant.length && matched === asked.length;
  const score = strong ? (matched / variant.length + matched / asked.length) / 2 - 0.05 * typos : 0;
  return { full, typos, score };
}

export interface Indexed<T> {
  item: T;
  /**
   * Ways of writing the name: its core words and each short name's. All the words are not one of
   * them: a name with trade words only has them as its core, and otherwise the trade words would
   * make "công ty nhân lực quốc tế" look like every "… Nhân lực Quốc tế …".
   */
  variants: string[][];
  /** All the words of the name and of each short name, to tell apart names with the same core. */
  wholeNames: string[];
  licence: string;
}

export function indexCompany<T>(item: T, name: string, shortNames: readonly string[], licenceNumber: string): Indexed<T> {
  const forms = [name, ...shortNames].map(nameWords);
  const variants = forms.map((f) => f.core).filter((v) => v.length > 0);
  const unique = new Map(variants.map((v) => [v.join(' '), v]));
  return { item, variants: [...unique.values()], wholeNames: forms.map((f) => f.all.join(' ')), licence: licenceKey(licenceNumber) };
}

export type Lookup<T> =
  /** One company: its licence facts can be given. */
  | { kind: 'found'; item: T }
  /** Several companies fit as well as each other, or only partly: "Có phải bạn muốn hỏi…". */
  | { kind: 'choose'; items: T[]; asked: string; exact: boolean }
  | { kind: 'notFound'; asked: string }
  /** The message names no company ("cty này có giấy phép không?"). */
  | { kind: 'noName' };

const MAX_OFFERED = 3;
/** Above half the words of both names in common: one shared common word ("Hoàng") is not enough. */
const SIMILAR_SCORE = 0.5;

function bestFit<T>(entry: Indexed<T>, asked: Tokens): Fit {
  const core = nameWords(asked.join(' ')).core;
  return entry.variants.map((v) => fit(v, core)).reduce((a, b) => (b.full && !a.full) || (b.full === a.full && b.score > a.score) ? b : a);
}

/** The companies one typed name fits: exact ones, else ones with a typo, else similar ones. */
function rank<T>(index: readonly Indexed<T>[], asked: Tokens, text: string): Lookup<T> {
  const fits = index.map((entry) => ({ entry, fit: bestFit(entry, asked) }));
  const exact = fits.filter((f) => f.fit.full && f.fit.typos === 0);
  const near = fits.filter((f) => f.fit.full && f.fit.typos > 0);
  const sure = exact.length > 0 ? exact : near;
  const shown = asWritten(text, asked);
  // "Hợp tác Lao động Thanh Vân" typed whole tells it from "Xuất khẩu Lao động Thanh Văn".
  const whole = nameWords(asked.join(' ')).all.join(' ');
  const wholeFits = sure.filter((f) => f.entry.wholeNames.includes(whole));
  if (sure.length === 1 || wholeFits.length === 1) return { kind: 'found', item: (wholeFits.length === 1 ? wholeFits : sure)[0]!.entry.item };
  if (sure.length > 1) return { kind: 'choose', items: sure.slice(0, MAX_OFFERED).map((f) => f.entry.item), asked: shown, exact: true };
  const similar = fits.filter((f) => f.fit.score > SIMILAR_SCORE).sort((a, b) => b.fit.score - a.fit.score);
  if (similar.length > 0) return { kind: 'choose', items: similar.slice(0, MAX_OFFERED).map((f) => f.entry.item), asked: shown, exact: false };
  return { kind: 'notFound', asked: shown };
}

/** Company names written anywhere in a message with no "công ty" before them ("Sao Khuê có phép ko"). */
function namesWrittenIn<T>(index: readonly Indexed<T>[], text: string): T[] {
  const said = ` ${words(text).join(' ')} `;
  return index
    .filter((e) => e.variants.some((v) => (v.length > 1 || v[0]!.length >= 4) && said.includes(` ${v.join(' ')} `)))
    .map((e) => e.item);
}

const STRENGTH: Record<Lookup<unknown>['kind'], number> = { found: 3, choose: 2, notFound: 1, noName: 0 };

/** What a message asks about, looked up in the list. */
export function lookupCompany<T>(index: readonly Indexed<T>[], text: string): Lookup<T> {
  const keys = new Set(licenceKeysIn(text));
  const byLicence = index.filter((e) => keys.has(e.licence)).map((e) => e.item);
  if (byLicence.length === 1) return { kind: 'found', item: byLicence[0]! };
  if (byLicence.length > 1) return { kind: 'choose', items: byLicence.slice(0, MAX_OFFERED), asked: [...keys].join(', '), exact: true };
  const asked = askedNames(text);
  const ranked = asked.names.map((name) => rank(index, name, text)).reduce<Lookup<T>>((a, b) => (STRENGTH[b.kind] > STRENGTH[a.kind] ? b : a), { kind: 'noName' });
  // Without "công ty" before it, a name written whole anywhere in the message counts.
  if (asked.anchored || ranked.kind === 'found') return ranked;
  const written = namesWrittenIn(index, text);
  if (written.length === 1) return { kind: 'found', item: written[0]! };
  if (written.length > 1) return { kind: 'choose', items: written.slice(0, MAX_OFFERED), asked: text.trim(), exact: true };
  return ranked;
}

/**
 * The part of a company's name people say, for buttons (Messenger shows 20 characters): the name
 * without its legal form and trade words, as written ("Công ty TNHH Hợp tác Lao động Thanh Vân" →
 * "Thanh Vân"), else a short name, else the name without its legal form.
 */
export function displayName(name: string, shortNames: readonly string[]): string {
  const original = name.trim().split(/\s+/);
  const folded = original.map((w) => foldDiacritics(w).replace(/[^a-z0-9]/g, ''));
  const keep = (list: readonly Tokens[]) => {
    const kept: number[] = [];
    for (let i = 0; i < folded.length; ) {
      const n = folded[i] === '' ? 1 : phraseAt(folded, i, list);
      if (n > 0) i += n;
      else kept.push(i++);
    }
    return kept.map((i) => original[i]!).join(' ');
  };
  const withoutForm = keep(LEGAL_FORMS) || name.trim();
  const core = keep([...LEGAL_FORMS, ...TRADE_WORDS]);
  const short = shortNames.find((s) => s.length <= 20);
  if (core && core.length <= 20) return core;
  return short ?? (core || withoutForm);
}
