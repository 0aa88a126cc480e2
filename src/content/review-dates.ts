import type { Content, Localized } from './schema.ts';

/** One piece of dated content and the day it must be checked again. */
export interface DueForReview {
  kind: 'faq' | 'market' | 'fees' | 'loans';
  id: string;
  /** What staff recognise: the FAQ question, the market's name, the file's subject. */
  name: Localized;
  reviewedAt: string;
  reviewBy: string;
}

const FEES_NAME: Localized = { vi: 'Mức trần tiền dịch vụ và ký quỹ (fees.json)', en: 'Service-fee and deposit caps (fees.json)' };

/** Everything that carries a reviewBy date, soonest first. */
export function datedContent(content: Content): DueForReview[] {
  const items: DueForReview[] = [];
  for (const e of content.faq) {
    if (e.reviewBy) items.push({ kind: 'faq', id: e.id, name: e.question, reviewedAt: e.reviewedAt, reviewBy: e.reviewBy });
  }
  for (const m of content.markets) {
    const name = { vi: `Trang thị trường: ${m.name.vi}`, en: `Market page: ${m.name.en}` };
    if (m.reviewBy) items.push({ kind: 'market', id: m.id, name, reviewedAt: m.reviewedAt, reviewBy: m.reviewBy });
  }
  if (content.fees.reviewBy) items.push({ kind: 'fees', id: 'fees', name: FEES_NAME, reviewedAt: content.fees.reviewedAt, reviewBy: content.fees.reviewBy });
  const { loans } = content;
  if (loans.reviewBy) items.push({ kind: 'loans', id: 'loans', name: loans.bankLoan.name, reviewedAt: loans.reviewedAt, reviewBy: loans.reviewBy });
  return items.sort((a, b) => a.reviewBy.localeCompare(b.reviewBy) || a.id.localeCompare(b.id));
}

/** ISO day `days` after `today` (both YYYY-MM-DD; calendar arithmetic in UTC has no DST). */
export function addDays(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Dated content whose review day is on or before `today + withinDays` (past ones included). */
export function dueForReview(content: Content, today: string, withinDays: number): DueForReview[] {
  const limit = addDays(today, withinDays);
  return datedContent(content).filter((i) => i.reviewBy <= limit);
}
