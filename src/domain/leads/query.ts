import { isValidObjectId } from 'mongoose';
import { z } from 'zod';
import { foldDiacritics } from '../../content/normalize.ts';
import { leadStatusSchema, marketIdSchema } from './model.ts';

/**
 * Date-only bounds are office days: the office is in Vietnam (UTC+7, no daylight saving), so
 * "2026-11-01" starts at 2026-10-31T17:00Z. `to` includes its whole day.
 */
const OFFICE_OFFSET = '+07:00';
const bound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const leadListQuerySchema = z
  .object({
    status: leadStatusSchema.optional(),
    communeId: z.string().regex(/^[a-z0-9_]{1,40}$/, 'must be a commune id such as bac_son').optional(),
    market: marketIdSchema.optional(),
    from: bound.optional().describe('created on or after (YYYY-MM-DD, office time, or an ISO date-time)'),
    to: bound.optional().describe('created on or before (YYYY-MM-DD includes the whole day)'),
    q: z.string().trim().min(1).max(80).optional().describe('part of the name (with or without diacritics) or of the phone number'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    format: z.enum(['json', 'csv']).default('json'),
    lang: z.enum(['vi', 'en']).default('vi').describe('language of the CSV headings and values'),
  })
  .refine((q) => !q.from || !q.to || startOf(q.from) <= endOf(q.to), { path: ['to'], message: 'must not be before from' });
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;

const startOf = (b: string) => new Date(b.length === 10 ? `${b}T00:00:00${OFFICE_OFFSET}` : b);
const endOf = (b: string) => (b.length === 10 ? new Date(new Date(`${b}T00:00:00${OFFICE_OFFSET}`).getTime() + 86_400_000 - 1) : new Date(b));

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The MongoDB filter for a staff list or export. Erased leads are never listed or exported. */
export function leadFilter(q: Omit<LeadListQuery, 'page' | 'pageSize' | 'format' | 'lang'>): Record<string, unknown> {
  const filter: Record<string, unknown> = { erasedAt: { $exists: false } };
  if (q.status) filter.status = q.status;
  if (q.communeId) filter.communeId = q.communeId;
  if (q.market) filter.markets = q.market;
  if (q.from || q.to) {
    filter.createdAt = { ...(q.from ? { $gte: startOf(q.from) } : {}), ...(q.to ? { $lte: endOf(q.to) } : {}) };
  }
  if (q.q) {
    const digits = q.q.replace(/[\s.()+-]/g, '');
    // A phone fragment is matched on digits only, so "0912 345" finds 0912345678.
    const needle = /^\d{3,}$/.test(digits) ? digits : foldDiacritics(q.q.normalize('NFC')).replace(/\s+/g, ' ');
    filter.searchText = { $regex: escapeRegex(needle) };
  }
  return filter;
}

/** Unknown and malformed ids are both "not found" to the caller. */
export const isLeadId = (id: string) => isValidObjectId(id) && /^[0-9a-f]{24}$/i.test(id);
