import { z } from 'zod';

/** The intent names of the outside contract (../shared/docs/architecture.md §2). Extend, never rename. */
export const INTENTS = [
  'greeting',
  'menu',
  'markets.overview',
  'markets.japan',
  'markets.korea',
  'markets.taiwan',
  'markets.china_chongzuo',
  'markets.europe',
  'markets.middle_east',
  'markets.other',
  'fees.costs',
  'fees.legal_caps',
  'fees.deposit',
  'loans.bank',
  'loans.support_programs',
  'rights.worker',
  'rights.complaint',
  'procedures.documents',
  'procedures.training',
  'safety.scams',
  'safety.check_company',
  'return.on_time',
  'return.reintegration',
  'conference.info',
  'lead.register',
  'handoff.human',
  'privacy.erase',
  'unknown',
] as const;

export const intentSchema = z.enum(INTENTS);
export type Intent = z.infer<typeof intentSchema>;

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const text = z.string().trim().min(1);
/** Vietnamese first; English second. */
export const localizedSchema = z.object({ vi: text, en: text });
export type Localized = z.infer<typeof localizedSchema>;

const isoDate = z.iso.date('must be an ISO date such as 2026-11-20');
/**
 * The day a dated fact (a wage for one year, a yearly total) must be checked again; a test fails
 * once it has passed, and the console lists what falls due within 60 days.
 */
const reviewBy = isoDate.optional();
/** Ids staff type and code compares: lower-case ASCII, no diacritics. */
const id = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be lower-case ASCII letters, digits, _ . - (no diacritics)');

export const sourceSchema = z
  .object({
    title: text,
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** Official document number and article, e.g. "Luật 69/2020/QH14, Điều 23". */
    document: text.optional(),
  })
  .refine((s) => s.url !== undefined || s.document !== undefined, 'a source needs a document number or a url');
export type Source = z.infer<typeof sourceSchema>;

const sources = z.array(sourceSchema).min(1, 'every fact needs at least one source');

export const faqEntrySchema = z
  .object({
    id,
    intent: intentSchema.exclude(['unknown']),
    /**
     * false only for entries that describe the bot itself (greeting, menu, talk to staff…);
     * those carry no legal or money claim and need no source.
     */
    factual: z.boolean().default(true),
    question: localizedSchema,
    answer: localizedSchema,
    sources: z.array(sourceSchema).default([]),
    reviewedAt: isoDate,
    reviewBy,
    related: z.array(id).optional(),
    keywords: z.array(text).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.factual && e.sources.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['sources'], message: 'a factual entry needs at least one source' });
    }
  });
export type FaqEntry = z.infer<typeof faqEntrySchema>;

export const faqFileSchema = z.object({ entries: z.array(faqEntrySchema).min(1) });

export const marketIdSchema = z.enum([
  'japan',
  'korea',
  'taiwan',
  'china_chongzuo',
  'europe',
  'middle_east',
  'southeast_asia',
  'australia',
  'other',
]);
export type MarketId = z.infer<typeof marketIdSchema>;

export const marketSchema = z.object({
  id: marketIdSchema,
  intent: intentSchema.extract([
    'markets.japan',
    'markets.korea',
    'markets.taiwan',
    'markets.china_chongzuo',
    'markets.europe',
    'markets.middle_east',
    'markets.other',
  ]),
  name: localizedSchema,
  /** Words people type for this place, without diacritics (they are folded before matching). */
  aliases: z.array(text).min(1),
  summary: localizedSchema,
  faqIds: z.array(id).default([]),
  sources,
  reviewedAt: isoDate,
  reviewBy,
});
export type Market = z.infer<typeof marketSchema>;
export const marketsFileSchema = z.object({ markets: z.array(marketSchema).min(1) });

/**
 * A legal cap on the service fee, in months of the contract salary per `perContractMonths` worked;
 * long contracts (≥ fromMonths) have a total ceiling instead (Law 69/2020 Art. 23.4).
 */
export const serviceFeeCapSchema = z.object({
  id,
  market: z.union([marketIdSchema, z.literal('all')]),
  job: localizedSchema,
  capType: z.literal('months_of_salary'),
  value: z.number().min(0),
  perContractMonths: z.number().int().positive(),
  longContract: z.object({ fromMonths: z.number().int().positive(), maxMonths: z.number().min(0) }).optional(),
  /** Everyday words for the jobs ("nha may", "xuong") so a typed job finds its cap; folded. */
  jobWords: z.array(z.string().min(2)).optional(),
  note: localizedSchema,
  sources,
});
export type ServiceFeeCap = z.infer<typeof serviceFeeCapSchema>;

/** The most a worker may be asked to deposit (Decree 112/2021 Annex II). */
export const depositCapSchema = z.object({
  id,
  market: z.union([marketIdSchema, z.literal('all')]),
  job: localizedSchema,
  capType: z.enum(['vnd', 'none', 'air_ticket']),
  value: z.number().int().min(0).optional(),
  /** Everyday words for the jobs, as for service-fee caps. */
  jobWords: z.array(z.string().min(2)).optional(),
  note: localizedSchema,
  sources,
});
export type DepositCap = z.infer<typeof depositCapSchema>;

export const feesFileSchema = z.object({
  reviewedAt: isoDate,
  reviewBy,
  serviceFeeCaps: z.array(serviceFeeCapSchema).min(1),
  depositCaps: z.array(depositCapSchema).min(1),
  /** Money a worker never owes, whatever a company says. */
  neverCharged: z.array(z.object({ item: localizedSchema, sources })).min(1),
});

const confirmed = z.boolean();

export const loansFileSchema = z.object({
  reviewedAt: isoDate,
  reviewBy,
  bankLoan: z.object({
    name: localizedSchema,
    legalBasis: text,
    inForceFrom: isoDate,
    lender: localizedSchema,
    whoQualifies: localizedSchema,
    /** Who pays the lower (poor-household) rate; `listComplete: false` while the decree's full list is unverified. */
    priorityGroups: z.array(z.object({ id, name: localizedSchema, confirmed })).min(1),
    priorityListComplete: z.boolean(),
    maxAmount: z.object({ percentOfPreDepartureCosts: z.number().min(0).max(100), note: localizedSchema }),
    collateralAboveVnd: z.number().int().positive(),
    term: localizedSchema,
    interest: z.object({
      poorHouseholdRatePercent: z.number().positive(),
      generalPercentOfPoorRate: z.number().positive(),
      note: localizedSchema,
    }),
    whereToApply: localizedSchema,
    documents: z.array(z.object({ name: localizedSchema, confirmed })).min(1),
    sources,
  }),
  supportItems: z
    .array(z.object({ id, name: localizedSchema, maxVnd: z.number().int().positive(), unit: localizedSchema, confirmed, sources }))
    .min(1),
  supportGroupsNote: localizedSchema,
});

export const communesFileSchema = z.object({
  reviewedAt: isoDate,
  communes: z
    .array(
      z.object({
        id,
        name: localizedSchema,
        /** National code of the new commune (Công văn 1027/CTK-CSCL). */
        code: z.string().regex(/^\d{5}$/),
        formedFrom: z.array(text).min(1),
      }),
    )
    .min(1),
  note: localizedSchema,
  sources,
});

export const planFileSchema = z.object({
  title: text,
  yearlyTargets: z
    .array(z.object({ id, label: localizedSchema, markets: z.array(marketIdSchema).min(1), minPerYear: z.number().int().positive() }))
    .min(1),
  growthPercentPerYear: z.object({ min: z.number().min(0), max: z.number().min(0) }),
  /** Reports are due before these dates each year (day and month). */
  reportingDeadlines: z.array(z.object({ id, label: localizedSchema, month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })).min(1),
  /**
   * The years the plan set targets for (2023–2025, "định hướng đến năm 2030") and the note shown
   * on the dashboard and report about using them after that, so nobody reads them as a new plan.
   */
  targetYears: z.object({ from: z.number().int(), to: z.number().int(), carriedUntil: z.number().int(), note: localizedSchema }),
  /**
   * Departures staff counted for a year before the bot kept records (or from the province's
   * figures), the base of the 10–15 % growth target; null until staff set it.
   */
  growthBaseline: z.object({ year: z.number().int().min(2000), departures: z.number().int().min(0), source: text }).nullable(),
  /**
   * Who receives the reports. The plan's own recipients (UBND huyện through Phòng LĐTBXH-DT, and
   * Sở LĐTBXH) no longer exist since the 2025 reform, so staff set it; null: "not set" is shown.
   */
  reportRecipient: localizedSchema.nullable(),
  sources,
});

export const hotlineSchema = z.object({
  id,
  name: localizedSchema,
  number: z.string().regex(/^\+?[0-9 ().-]{6,}$/, 'must be a phone number'),
  purpose: localizedSchema,
  /** false: shown with a warning that it may have changed. */
  confirmed,
  sources,
});
export type Hotline = z.infer<typeof hotlineSchema>;

const phoneNumber = z.string().regex(/^\+?[0-9 ().-]{6,}$/, 'must be a phone number');

/**
 * A local office people are sent to (the VBSP transaction office, the employment service centre).
 * Fields are null until staff fill them in; meanwhile answers use `whenUnknown`, which names whom
 * to ask without inventing a desk (docs: UNCONFIRMED-16, -21).
 */
export const localContactSchema = z.object({
  name: localizedSchema.nullable(),
  address: localizedSchema.nullable(),
  phone: phoneNumber.nullable(),
  whenUnknown: localizedSchema,
});
export type LocalContact = z.infer<typeof localContactSchema>;

export const operatorFileSchema = z.object({
  name: localizedSchema,
  shortName: localizedSchema,
  /** null until staff fill it in; the bot then points people to their commune office instead. */
  officeAddress: localizedSchema.nullable(),
  officePhone: phoneNumber.nullable(),
  /** Answers name these as {contact:vbsp} / {contact:employment_centre}. */
  localContacts: z.object({ vbsp: localContactSchema, employment_centre: localContactSchema }),
  hotlines: z.array(hotlineSchema).min(1),
  reviewedAt: isoDate,
});

export const synonymsFileSchema = z.object({
  /** Phrases (any spelling; folded before matching) that point at an intent. */
  intents: z.partialRecord(intentSchema.exclude(['unknown']), z.array(text).min(1)),
});

/**
 * One line of content/training/*.jsonl: a message as people write it, and the FAQ entry that
 * answers it ("unknown" for messages the bot should not pretend to understand). `style` and
 * `inspiredBy` are notes for staff (which voice, which public page inspired the topic).
 */
export const trainingLineSchema = z.object({
  faq: z.union([id, z.literal('unknown')]),
  text: text.max(2000),
  style: z.string().optional(),
  inspiredBy: z.string().optional(),
});
export type TrainingLine = z.infer<typeof trainingLineSchema>;

export const contentSchema = z.object({
  faq: z.array(faqEntrySchema),
  markets: z.array(marketSchema),
  fees: feesFileSchema,
  loans: loansFileSchema,
  communes: communesFileSchema,
  plan: planFileSchema,
  operator: operatorFileSchema,
  synonyms: synonymsFileSchema,
  training: z.array(trainingLineSchema),
});
export type Content = z.infer<typeof contentSchema>;
