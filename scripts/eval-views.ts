/**
 * Stress views of the dev set for `npm run eval -- --phone` / `--noisy` (both may be given).
 *
 * The dev set is written in the voice of the training examples, so it flatters the model. These
 * views retype it the way real messages arrive, deterministically (the same view every run):
 * - phone: diacritics stripped, the usual abbreviations (ko/k/hok, dc, j, bn, ntn, vs, cty, xkld,
 *   tts…), no punctuation, one word in a few left in Telex ("dduwowcj") and a few typos;
 * - noisy: a background story in front of the question (age, family, debts, a relative abroad, an
 *   earlier attempt) whose words point at ANOTHER topic, as in long real messages.
 */
import { seeded } from '../src/content/classifier.ts';
import { foldDiacritics } from '../src/content/normalize.ts';
import type { Intent } from '../src/content/index.ts';

type Case = { text: string; intent: Intent };

/** Folded phrase → what people type instead (one picked per occurrence). Longest first matters. */
const ABBREVIATIONS: [RegExp, string[]][] = [
  [/\bxuat khau lao dong\b/g, ['xkld', 'xkld', 'xk ld']],
  [/\bthuc tap sinh\b/g, ['tts']],
  [/\bnhu the nao\b|\bthe nao\b/g, ['ntn', 'ntn', 'nhu nao']],
  [/\bbao nhieu\b/g, ['bn', 'bn', 'bnhieu', 'bao nhiu']],
  [/\bcong ty\b/g, ['cty', 'cty', 'ct']],
  [/\bmoi nguoi\b/g, ['mn', 'moi ng']],
  [/\bnhat ban\b/g, ['nb', 'nhat']],
  [/\bhan quoc\b/g, ['hq', 'han']],
  [/\bdai loan\b/g, ['dl', 'dai loan']],
  [/\bhop dong\b/g, ['hd', 'hop dong']],
  [/\bkhong\b/g, ['ko', 'k', 'hok', 'ko', 'khong', 'kh']],
  [/\bduoc\b/g, ['dc', 'dc', 'đc', 'duoc']],
  [/\bgi\b/g, ['j', 'gi']],
  [/\bvoi\b/g, ['vs', 'voi']],
  [/\bnguoi\b/g, ['ng', 'nguoi']],
  [/\b(anh chi|admin|can bo)\b/g, ['ad']],
  [/\bbiet\b/g, ['bik', 'biet']],
  [/\broi\b/g, ['r', 'roi']],
  [/\blam\b/g, ['lm', 'lam', 'lam']],
  [/\btrieu\b/g, ['tr', 'trieu', 'cu']],
  [/\bem\b/g, ['e', 'em']],
  [/\bvay\b/g, ['vay']],
];

const TONES: Record<string, string> = { '\u0301': 's', '\u0300': 'f', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' };
const SHAPES: Record<string, string> = { 'a\u0302': 'aa', 'e\u0302': 'ee', 'o\u0302': 'oo', 'a\u0306': 'aw', 'o\u031b': 'ow', 'u\u031b': 'uw' };

/** A word as typed in Telex when the keyboard's Vietnamese mode was off: "được" → "dduwowcj". */
export function telexOf(word: string): string {
  let tone = '';
  const base = word
    .toLowerCase()
    .replace(/đ/g, 'dd')
    .normalize('NFD')
    .replace(/[\u0301\u0300\u0309\u0303\u0323]/g, (m) => ((tone = TONES[m]!), ''))
    .replace(/[aeou][\u0302\u0306\u031b]/g, (m) => SHAPES[m]!);
  return base + tone;
}

/** One typo a thumb makes: a doubled, dropped or swapped letter. */
function typo(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) return word.slice(0, i) + word[i] + word.slice(i);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** The message retyped as on a phone (see the file comment). */
export function phoneView(text: string, seed: number): string {
  // Seeded per message, so each message is retyped the same way every run.
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const original = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // The Telex leftover: one word with diacritics, in about one message of three.
  const telexAt = random() < 0.35 ? original.findIndex((w, i) => i > 1 && foldDiacritics(w) !== w.toLowerCase() && random() < 0.3) : -1;
  const words = original.map((w, i) => (i === telexAt ? `@${telexOf(w)}` : foldDiacritics(w)));
  let folded = words.join(' ');
  for (const [pattern, forms] of ABBREVIATIONS) folded = folded.replace(pattern, () => pick(forms));
  return folded
    .split(' ')
    .map((w) => (w.startsWith('@') ? w.slice(1) : w.length >= 5 && random() < 0.08 ? typo(w, random) : w))
    .join(' ');
}

/**
 * Background stories, each leaning to a topic the question is not about (`leans`). Written for
 * this view, in the voices of the dev set; none is a question.
 */
const BACKGROUNDS: { leans: Intent[]; text: string }[] = [
  { leans: ['loans.bank', 'fees.costs'], text: 'Nhà em nghèo, năm ngoái bố em vay ngân hàng chính sách 50 triệu để làm chuồng lợn, lãi suất mỗi tháng trả cũng vất vả, giờ vẫn còn nợ.' },
  { leans: ['markets.korea', 'return.reintegration'], text: 'Anh trai em đi Hàn Quốc 5 năm theo chương trình EPS, về nước được 2 năm rồi, mở quán sửa xe ở thị trấn, hay kể chuyện bên đó lương cao.' },
  { leans: ['safety.scams', 'fees.deposit'], text: 'Năm 2023 em nộp hồ sơ cho một ông môi giới trên huyện, đặt cọc 20 triệu rồi ông ấy bặt tin, báo công an mà chưa lấy lại được.' },
  { leans: ['markets.taiwan', 'return.on_time'], text: 'Trước em đã đi Đài Loan làm nhà máy điện tử 3 năm, hết hợp đồng thì về đúng hạn, không bỏ trốn.' },
  { leans: ['procedures.documents'], text: 'Em năm nay 27 tuổi, dân tộc Tày, học hết lớp 12, đã làm xong hộ chiếu và lý lịch tư pháp ở tỉnh từ tháng trước.' },
  { leans: ['conference.info', 'markets.overview'], text: 'Tháng trước xã em có hội nghị tư vấn đi làm việc ở nước ngoài, cán bộ nói nhiều nước lắm mà em nghe không kịp hết.' },
  { leans: ['markets.japan', 'procedures.training'], text: 'Em trai em đang học tiếng Nhật ở trung tâm dưới Lạng Sơn được 4 tháng, chuẩn bị thi đơn hàng thực tập sinh.' },
  { leans: ['rights.worker', 'rights.complaint'], text: 'Chồng em đang làm ở nước ngoài, chủ trả lương chậm, làm thêm giờ không được tính, anh ấy gọi về kêu khổ suốt.' },
  { leans: ['fees.legal_caps', 'safety.check_company'], text: 'Hồi trước công ty ở Hà Nội thu của em 150 triệu phí dịch vụ, có hợp đồng đàng hoàng, hồi đó em chẳng kiểm tra giấy phép gì cả.' },
  { leans: ['markets.middle_east', 'markets.europe'], text: 'Mấy người trong bản rủ nhau đi Ả Rập Xê Út với đi Đức, em thì có 2 con nhỏ, vợ làm nương, ruộng ít, thu nhập không đủ ăn.' },
];

/** Messages that stand alone (a greeting, "menu", "gặp cán bộ"): nobody tells a story before them. */
const STANDALONE = new Set<Intent>(['unknown', 'greeting', 'menu', 'handoff.human', 'privacy.erase', 'lead.register']);

/** The question with a misleading background story in front (the story picked by the message's number). */
export function noisyView(c: Case, index: number): string {
  if (STANDALONE.has(c.intent)) return c.text;
  for (let k = 0; k < BACKGROUNDS.length; k++) {
    const story = BACKGROUNDS[(index + k) % BACKGROUNDS.length]!;
    if (!story.leans.includes(c.intent)) return `${story.text} ${c.text}`;
  }
  return c.text;
}

/** The dev set as the options ask: `--noisy` first (a story as people write it), then `--phone`. */
export function viewOfDevSet(cases: readonly Case[], args: readonly string[]): Case[] {
  return cases.map((c, i) => {
    let text = args.includes('--noisy') ? noisyView(c, i) : c.text;
    if (args.includes('--phone')) text = phoneView(text, i + 1);
    return { ...c, text };
  });
}
