import { foldDiacritics } from '../content/normalize.ts';
import type { Content, MarketId } from '../content/index.ts';
import { parseVnd } from './parse-numbers.ts';

/**
 * What a question about a fee already says, so the fee check asks only for the rest:
 * "bị đòi 95 triệu tiền dịch vụ đi Nhật 3 năm, lương 32 triệu, có quá không" gives the market,
 * the amount asked, the contract length and the salary. Amounts in another currency ("7000 usd")
 * are kept apart: the check compares in đồng, so it asks for the amount in đồng and says why.
 */
export type FeeFacts = {
  market?: MarketId;
  /** The amount the company asked, in đồng. */
  amount?: number;
  /** The same amount when it was given in a foreign currency: "7.000 USD". */
  foreignAmount?: string;
  months?: number;
  salary?: number;
  /** The money asked is a deposit (cọc, ký quỹ), to compare with the deposit cap. */
  deposit?: boolean;
  /** The message folded, where the job ("làm nhà máy") is looked for once the market is known. */
  said?: string;
};

const DEPOSIT = /\b(coc|ky quy|dat coc|tien coc|giu cho)\b/;

const VND_AMOUNT = String.raw`(\d[\d.,]*\s*(?:ty|trieu|tr|cu|nghin|ngan|k|dong|d|vnd)\b(?:\s*\d+\s*(?:trieu|tr|nghin|k)\b)?)`;
const FOREIGN_AMOUNT = /(\d[\d.,]*)\s*(usd|do la|dola|\$|euro|eur|yen|man|won|te|nhan dan te)\b|\$\s*(\d[\d.,]*)/;
const SALARY = new RegExp(String.raw`\b(?:luong|thu nhap)\D{0,25}?` + VND_AMOUNT);
const MONTHS = /\b(\d{1,3})\s*(nam|thang)\b/;

const CURRENCY: Record<string, string> = { usd: 'USD', 'do la': 'USD', dola: 'USD', $: 'USD', euro: 'EUR', eur: 'EUR', yen: 'yên', man: 'man (yên)', won: 'won', te: 'tệ', 'nhan dan te': 'tệ' };

function folded(text: string): string {
  return foldDiacritics(text.normalize('NFC')).replace(/\s+/g, ' ');
}

/** The first amount in đồng that is not the salary. */
function askedAmount(text: string, salaryAt: number | undefined): number | undefined {
  for (const m of text.matchAll(new RegExp(VND_AMOUNT, 'g'))) {
    if (m.index === salaryAt) continue;
    const unit = m[1]!.replace(/\bcu\b/, 'trieu');
    const vnd = parseVnd(unit);
    if (vnd !== undefined && vnd >= 1_000_000) return vnd;
  }
  return undefined;
}

/** The country a message names, by any of its names or spellings. */
export function marketNamedIn(message: string, content: Content): MarketId | undefined {
  const padded = ` ${folded(message).replace(/[^a-z0-9]+/g, ' ')} `;
  const found = content.markets.find(
    (m) => m.id !== 'other' && [m.name.vi, m.name.en, ...m.aliases].some((a) => padded.includes(` ${folded(a).trim()} `)),
  );
  return found?.id;
}

export function feeFactsOf(message: string, content: Content): FeeFacts {
  const text = folded(message);
  const facts: FeeFacts = {};
  const market = marketNamedIn(text, content);
  if (market) facts.market = market;
  const salary = SALARY.exec(text);
  const salaryVnd = salary ? parseVnd(salary[1]!.replace(/\bcu\b/, 'trieu')) : undefined;
  const salaryAt = salary && salaryVnd ? salary.index + salary[0].length - salary[1]!.length : undefined;
  if (salaryVnd) facts.salary = salaryVnd;
  const amount = askedAmount(text, salaryAt);
  if (amount) facts.amount = amount;
  const foreign = FOREIGN_AMOUNT.exec(text);
  if (!amount && foreign) facts.foreignAmount = `${foreign[1] ?? foreign[3]} ${CURRENCY[foreign[2] ?? '$'] ?? foreign[2]}`;
  const months = MONTHS.exec(text);
  if (months) {
    const n = Number(months[1]) * (months[2] === 'nam' ? 12 : 1);
    if (n >= 1 && n <= 120) facts.months = n;
  }
  if (DEPOSIT.test(text)) facts.deposit = true;
  facts.said = text;
  return facts;
}

/** The first of these caps whose everyday job words the text contains ("nha may" → general). */
export function capByJobWords<C extends { jobWords?: string[] }>(text: string | undefined, caps: readonly C[]): C | undefined {
  if (!text) return undefined;
  const padded = ` ${folded(text).replace(/[^a-z0-9]+/g, ' ')} `;
  return caps.find((c) => c.jobWords?.some((w) => padded.includes(` ${folded(w).trim()} `)));
}

/** A fee question worth the check: it names an amount the person was asked to pay. */
export function asksAboutAnAmount(facts: FeeFacts): boolean {
  return facts.amount !== undefined || facts.foreignAmount !== undefined;
}
