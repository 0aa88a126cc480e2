/**
 * Vietnamese-aware text normalisation for matching. People type with or without diacritics, in
 * teencode and abbreviations; everything is reduced to lower-case ASCII words with the common short
 * forms spelled out, so "vay von di nb dc ko" and "Vay vốn đi Nhật Bản được không" compare equal.
 */

/** Removes Vietnamese diacritics (đ→d too) and lower-cases. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * Words whose folded form collides with a meaningful word: "vậy" (so) would become "vay" (borrow).
 * They are dropped while the diacritics are still there to tell them apart.
 */
const DROP_BEFORE_FOLDING = /(^|[^\p{L}])(vậy|zậy|dạ|ạ|ơi)(?=$|[^\p{L}])/giu;

/** Teencode for "vậy" (so) typed without diacritics; dropped for the same reason. */
const DROPPED_WORDS = new Set(['z', 'v', 'zay']);

/** Teencode and abbreviations, by folded word. */
const SHORT_FORMS: Record<string, string> = {
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  khg: 'khong',
  kg: 'khong',
  hok: 'khong',
  hong: 'khong',
  hem: 'khong',
  hk: 'khong',
  dc: 'duoc',
  dk: 'duoc',
  dck: 'duoc',
  xkld: 'xuat khau lao dong',
  xk: 'xuat khau',
  ld: 'lao dong',
  nld: 'nguoi lao dong',
  nb: 'nhat ban',
  hq: 'han quoc',
  tq: 'trung quoc',
  dl: 'dai loan',
  vn: 'viet nam',
  bn: 'bao nhieu',
  bnh: 'bao nhieu',
  bnhieu: 'bao nhieu',
  baonhieu: 'bao nhieu',
  j: 'gi',
  ji: 'gi',
  ntn: 'nhu the nao',
  mk: 'minh',
  mik: 'minh',
  mjk: 'minh',
  e: 'em',
  cty: 'cong ty',
  ct: 'cong ty',
  nhcsxh: 'ngan hang chinh sach xa hoi',
  nhcs: 'ngan hang chinh sach',
  hd: 'hop dong',
  hdld: 'hop dong lao dong',
  sdt: 'so dien thoai',
  dt: 'dien thoai',
  tts: 'thuc tap sinh',
  llt: 'ly lich tu phap',
  lltp: 'ly lich tu phap',
  ng: 'nguoi',
  nc: 'nuoc',
  ns: 'noi',
  r: 'roi',
  lm: 'lam',
  vc: 'viec',
  bh: 'bao gio',
  mn: 'moi nguoi',
  bik: 'biet',
  bit: 'biet',
  tr: 'trieu',
  trd: 'trieu dong',
  kq: 'ket qua',
  pk: 'phai khong',
  ok: 'ok',
  oki: 'ok',
  okie: 'ok',
  dky: 'dang ky',
  dki: 'dang ky',
  dangki: 'dang ky',
  dangky: 'dang ky',
  tks: 'cam on',
  thanks: 'cam on',
  thank: 'cam on',
  ubnd: 'uy ban nhan dan',
  dtts: 'dan toc thieu so',
  bhxh: 'bao hiem xa hoi',
  bhyt: 'bao hiem y te',
  qt: 'quoc te',
  nhiu: 'nhieu',
  wa: 'qua',
  vs: 'voi',
  cx: 'cung',
  ms: 'moi',
  mun: 'muon',
  // "j" typed for "i" inside a word ("dj nhat", "tjen kj quy"); a lone "j" is "gì" (above).
  dj: 'di',
  kj: 'ky',
  bj: 'bi',
  thj: 'thi',
  chj: 'chi',
  phj: 'phi',
  vj: 'vi',
  tjen: 'tien',
  nhju: 'nhieu',
  mjnh: 'minh',
};

/**
 * Lower-case ASCII words separated by single spaces, diacritics folded, punctuation removed,
 * teencode and abbreviations spelled out. "500k" → "500 nghin", "30tr" → "30 trieu".
 */
export function normalize(text: string): string {
  const nfc = text.normalize('NFC').replace(DROP_BEFORE_FOLDING, '$1 ');
  const folded = foldDiacritics(nfc)
    .replace(/(\d)[.,](?=\d{3}\b)/g, '$1')
    .replace(/(\d+)\s*(k|ng|nghin)\b/g, '$1 nghin')
    .replace(/(\d+)\s*(tr|trieu|cu|m)\b/g, '$1 trieu')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!folded) return '';
  const words: string[] = [];
  for (const word of folded.split(' ')) {
    if (DROPPED_WORDS.has(word)) continue;
    words.push(SHORT_FORMS[word] ?? word);
  }
  return words.join(' ');
}
