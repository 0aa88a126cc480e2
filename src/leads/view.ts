import { z } from 'zod';
import { educationSchema, householdCategorySchema, leadStatusSchema } from '../store/leads.ts';
import { csvRow } from '../http/csv.ts';
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

export const LEAD_CSV_HEADER = csvRow([
  'id', 'created', 'full_name', 'phone', 'birth_year', 'commune', 'commune_text', 'markets', 'education',
  'has_passport', 'wants_loan', 'ethnicity', 'household', 'status', 'departure_market', 'departure_year',
  'last_activity', 'consent_version',
]);

const yesNo = (b: boolean | null | undefined) => (b === true ? 'yes' : b === false ? 'no' : '');

export function leadCsvRow(l: LeadRow): string {
  return csvRow([
    String(l._id),
    l.createdAt.toISOString().slice(0, 10),
    l.fullName,
    formatPhoneKey(l.phoneKey),
    l.birthYear,
    l.communeId,
    l.communeText,
    l.markets.join(';'),
    l.education,
    yesNo(l.hasPassport),
    yesNo(l.wantsLoan),
    l.sensitive?.ethnicity,
    l.sensitive?.householdCategory,
    l.status,
    l.departure?.market,
    l.departure?.year,
    l.lastActivityAt.toISOString().slice(0, 10),
    l.consent?.version,
  ]);
}
