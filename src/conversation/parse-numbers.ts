import { foldDiacritics } from '../content/normalize.ts';

/**
 * Amounts of money as people type them in Vietnam: "30 triệu", "30tr", "30.000.000", "30,5 trieu",
 * "1,2 tỷ", "500k", "500 nghìn". Returns VND, or undefined when it is not an amount.
 */
export function parseVnd(text: string): number | undefined {
  const folded = foldDiacritics(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
  const m = /^(\d[\d.,\s]*?)\s*(ty|ti|billion|trieu|tr|m|million|nghin|ngan|k|thousand)?\s*(dong|d|vnd)?$/.exec(folded);
  if (!m) return undefined;
  const unit = m[2];
  const multiplier =
    unit === 'ty' || unit === 'ti' || unit === 'billion'
      ? 1e9
      : unit === 'trieu' || unit === 'tr' || unit === 'm' || unit === 'million'
        ? 1e6
        : unit === 'nghin' || unit === 'ngan' || unit === 'k' || unit === 'thousand'
          ? 1e3
          : 1;
  const value = parseNumber(m[1]!.replace(/\s/g, ''), multiplier > 1);
  if (value === undefined) return undefined;
  const vnd = Math.round(value * multiplier);
  return vnd > 0 && Number.isSafeInteger(vnd) ? vnd : undefined;
}

/** "36", "36 tháng", "3 năm", "3 years" → months. */
export function parseMonths(text: string): number | undefined {
  const folded = foldDiacritics(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
  const m = /^(\d+(?:[.,]\d+)?)\s*(thang|months?|nam|years?)?$/.exec(folded);
  if (!m) return undefined;
  const n = Number(m[1]!.replace(',', '.'));
  const months = m[2]?.startsWith('nam') || m[2]?.startsWith('year') ? n * 12 : n;
  return Number.isFinite(months) && months >= 1 && months <= 120 ? Math.round(months) : undefined;
}

/**
 * Vietnamese writes 30.000.000 and 1,5; English 30,000,000 and 1.5. A separator followed by
 * exactly three digits (repeatedly) groups thousands; a single other separator is a decimal point.
 */
function parseNumber(raw: string, decimalsAllowed: boolean): number | undefined {
  if (/^\d{1,3}([.,]\d{3})+$/.test(raw)) {
    return Number(raw.replace(/[.,]/g, ''));
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  if (decimalsAllowed && /^\d+[.,]\d+$/.test(raw)) return Number(raw.replace(',', '.'));
  return undefined;
}

/** 30000000 → "30.000.000 đồng" / "30,000,000 VND". */
export function formatVnd(vnd: number, language: 'vi' | 'en'): string {
  const rounded = Math.round(vnd);
  return language === 'vi' ? `${rounded.toLocaleString('de-DE')} đồng` : `${rounded.toLocaleString('en-US')} VND`;
}
