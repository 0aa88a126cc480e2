import { z } from 'zod';
import { educationSchema, householdCategorySchema, leadStatusSchema } from './model.ts';
import { csvRow } from '../../core/csv.ts';
import { vietnamDate } from '../../core/period.ts';
import type { Labels, LabelLanguage } from './labels.ts';
import { formatPhoneKey } from './phone.ts';

/** A lead as staff see it in the API (JSON) and in the CSV export. */
export const leadView = z.object({
  id: z.string(),
  fullName: z.string().nullable(),
  phone: z.string().nullable().describe('0912 345 678 form; null once erased'),
  birthYear: z.number().nullable(),
  communeId: z.string(),
  communeText: z.string().nullable(),
  markets: z.array(z.string()),
  education: educationSchema.nullable(),
  hasPassport: z.boolean().nullable(),
  wantsLoan: z.boolean().nullable(),
  ethnicity: z.string().nullable(),
  householdCategory: householdCategorySchema.nullable(),
  status: leadStatusSchema,
  departure: z.object({ market: z.string(), year: z.number(), at: z.iso.datetime() }).nullable(),
  contactIds: z.array(z.string()),
  consent: z.object({ version: z.string(), at: z.iso.datetime(), channel: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  lastActivityAt: z.iso.datetime(),
  erasedAt: z.iso.datetime().nullable(),
});
export type LeadView = z.infer<typeof leadView>;

export const leadDetailView = leadView.extend({
  statusHistory: z.array(z.object({ from: z.string(), to: z.string(), at: z.iso.datetime(), by: z.string(), note: z.string().nullable() })),
});

/** The stored shape as read with `.lean()` (mongoose's inferred type, loosened for optional parts). */
export interface LeadRow {
  _id: unknown;
  phoneKey: string;
  fullName?: string | null;
  birthYear?: number | null;
  communeId: string;
  communeText?: string | null;
  markets: string[];
  education?: string | null;
  hasPassport?: boolean | null;
  wantsLoan?: boolean | null;
  sensitive?: { ethnicity?: string | null; householdCategory?: string | null } | null;
  status: string;
  statusHistory?: { from?: string | null; to?: string | null; at?: Date | null; by?: string | null; note?: string | null }[];
  departure?: { market?: string | null; year?: number | null; at?: Date | null } | null;
  contactIds: string[];
  consent?: { version?: string | null; at?: Date | null; channel?: string | null } | null;
  createdAt: Date;
  lastActivityAt: Date;
  erasedAt?: Date | null;
}

export function toLeadView(l: LeadRow): LeadView {
  return {
    id: String(l._id),
    fullName: l.fullName ?? null,
    phone: l.erasedAt ? null : formatPhoneKey(l.phoneKey) || null,
    birthYear: l.birthYear ?? null,
    communeId: l.communeId,
    communeText: l.communeText ?? null,
    markets: l.markets,
    education: educationSchema.nullable().catch(null).parse(l.education ?? null),
    hasPassport: l.hasPassport ?? null,
    wantsLoan: l.wantsLoan ?? null,
    ethnicity: l.sensitive?.ethnicity ?? null,
    householdCategory: householdCategorySchema.nullable().catch(null).parse(l.sensitive?.householdCategory ?? null),
    status: leadStatusSchema.parse(l.status),
    departure: l.departure?.market ? { market: l.departure.market, year: l.departure.year ?? 0, at: (l.departure.at ?? l.createdAt).toISOString() } : null,
    contactIds: l.contactIds,
    consent: l.consent?.version ? { version: l.consent.version, at: (l.consent.at ?? l.createdAt).toISOString(), channel: l.consent.channel ?? '' } : null,
    createdAt: l.createdAt.toISOString(),
    lastActivityAt: l.lastActivityAt.toISOString(),
    erasedAt: l.erasedAt ? l.erasedAt.toISOString() : null,
  };
}

export function toLeadDetail(l: LeadRow): z.infer<typeof leadDetailView> {
  return {
    ...toLeadView(l),
    statusHistory: (l.statusHistory ?? []).map((h) => ({
      from: h.from ?? '',
      to: h.to ?? '',
      at: (h.at ?? l.createdAt).toISOString(),
      by: h.by ?? '',
      note: h.note ?? null,
    })),
  };
}

/** The export's column headings, in the order of `leadCsvRow`, in the language of the export. */
const CSV_HEADERS: Record<LabelLanguage, readonly string[]> = {
  vi: [
    'Mã hồ sơ', 'Ngày đăng ký', 'Họ tên', 'Điện thoại', 'Năm sinh', 'Xã', 'Nơi ở ghi thêm', 'Nước muốn đi', 'Học vấn',
    'Có hộ chiếu', 'Muốn vay vốn', 'Dân tộc', 'Diện hộ', 'Trạng thái', 'Nước đã đi', 'Năm xuất cảnh',
    'Hoạt động gần nhất', 'Phiên bản đồng ý',
  ],
  en: [
    'Record id', 'Registered', 'Full name', 'Phone', 'Birth year', 'Commune', 'Place as typed', 'Wants to go to', 'Education',
    'Has passport', 'Wants a loan', 'Ethnicity', 'Household', 'Status', 'Went to', 'Departure year',
    'Last activity', 'Consent version',
  ],
};

export const leadCsvHeader = (lang: LabelLanguage) => csvRow(CSV_HEADERS[lang]);

/** One lead as a row officials can read and hand in: names instead of codes, dates as dd/mm/yyyy in Vietnam time. */
export function leadCsvRow(l: LeadRow, labels: Labels): string {
  return csvRow([
    String(l._id),
    vietnamDate(l.createdAt),
    l.fullName,
    formatPhoneKey(l.phoneKey),
    l.birthYear,
    labels.commune(l.communeId),
    l.communeText,
    l.markets.map((m) => labels.market(m)).join('; '),
    labels.education(l.education),
    labels.yesNo(l.hasPassport),
    labels.yesNo(l.wantsLoan),
    l.sensitive?.ethnicity,
    labels.household(l.sensitive?.householdCategory),
    labels.status(l.status),
    labels.market(l.departure?.market),
    l.departure?.year,
    vietnamDate(l.lastActivityAt),
    l.consent?.version,
  ]);
}
