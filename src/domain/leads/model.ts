import { Schema } from 'mongoose';
import { z } from 'zod';
import { marketIdSchema } from '../../content/schema.ts';
import { channelIdSchema } from '../contacts.ts';
import { defineModel } from '../../db/define.ts';

/**
 * A person who registered interest in working abroad (contract: shared-models.md "Leads").
 * One lead per normalised phone number: `phoneKey` is unique and always present — `84xxxxxxxxx`
 * while the lead holds personal data, `erased:<leadId>` once anonymised.
 */
export const leadStatuses = ['new', 'contacted', 'training', 'departed', 'returned', 'withdrawn'] as const;
export const leadStatusSchema = z.enum(leadStatuses);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const educationLevels = ['primary', 'lower_secondary', 'upper_secondary', 'vocational', 'university', 'none'] as const;
export const educationSchema = z.enum(educationLevels);

export const householdCategories = ['poor', 'near_poor', 'none'] as const;
export const householdCategorySchema = z.enum(householdCategories);

export { marketIdSchema };

const name = z.string().trim().min(2).max(80);

/** What a person gives when registering (the dialog and any other intake parse with this). */
export const leadInputSchema = z.object({
  fullName: name.refine((s) => !/\d/.test(s), 'a name has no digits'),
  birthYear: z.number().int().min(1940).max(2100),
  phoneKey: z.string().regex(/^84[35789]\d{8}$/, 'must be a normalised Vietnamese mobile number'),
  communeId: z.string().regex(/^[a-z0-9_]+$/).max(40),
  communeText: z.string().trim().min(1).max(80).optional(),
  markets: z.array(marketIdSchema).min(1).max(9),
  education: educationSchema,
  hasPassport: z.boolean(),
  wantsLoan: z.boolean(),
  sensitive: z
    .object({
      consentVersion: z.string().min(1),
      consentAt: z.date(),
      ethnicity: z.string().trim().min(1).max(40).optional(),
      householdCategory: householdCategorySchema.optional(),
    })
    .optional(),
});
export type LeadInput = z.infer<typeof leadInputSchema>;

export const consentRecordSchema = z.object({
  version: z.string().min(1),
  at: z.date(),
  channel: channelIdSchema,
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

const leadSchema = new Schema(
  {
    phoneKey: { type: String, required: true },
    /** Personal data below: never logged (see src/core/redact.ts); dropped on erase. */
    fullName: { type: String },
    birthYear: { type: Number },
    communeId: { type: String, required: true },
    communeText: { type: String },
    markets: { type: [String], default: [] },
    education: { type: String, enum: educationLevels },
    hasPassport: { type: Boolean },
    wantsLoan: { type: Boolean },
    sensitive: {
      type: new Schema(
        {
          consentVersion: { type: String, required: true },
          consentAt: { type: Date, required: true },
          ethnicity: String,
          householdCategory: { type: String, enum: householdCategories },
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** Folded (no diacritics, lower-case) name and phone digits, for staff search without $text. */
    searchText: { type: String, default: '' },
    contactIds: { type: [String], default: [] },
    /**
     * Numbers this person had before (changed in chat, or a duplicate lead staff merged in): kept on
     * the one lead of the person, so the old number can be recognised, and erased with it.
     */
    phoneHistory: {
      type: [new Schema({ phoneKey: { type: String, required: true }, until: { type: Date, required: true } }, { _id: false })],
      default: undefined,
    },
    consent: {
      type: new Schema({ version: String, at: Date, channel: String }, { _id: false }),
      required: true,
    },
    status: { type: String, enum: leadStatuses, required: true, default: 'new' },
    statusHistory: {
      type: [
        new Schema(
          { from: String, to: String, at: Date, by: String, note: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    departure: {
      type: new Schema({ market: String, at: Date, year: Number }, { _id: false }),
      default: undefined,
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    createdYear: { type: Number, required: true },
    createdMonth: { type: String, required: true },
    erasedAt: { type: Date },
  },
  { versionKey: false },
);
leadSchema.index({ phoneKey: 1 }, { unique: true });
leadSchema.index({ contactIds: 1 });
leadSchema.index({ status: 1, createdAt: -1 });
leadSchema.index({ lastActivityAt: 1 });
leadSchema.index({ createdAt: -1 });

export const Leads = defineModel('Lead', leadSchema);
export type LeadDoc = InstanceType<ReturnType<typeof Leads>>;

/**
 * Compare-and-set for status changes: the N-th change of a lead inserts `<leadId>:<N>`; of two
 * staff changing the same lead at once, only one insert succeeds.
 */
const statusClaimSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
export const LeadStatusClaims = defineModel('LeadStatusClaim', statusClaimSchema);

/**
 * One document per erasure (chat, staff or retention), so the office can report how many people
 * asked to be forgotten without keeping who they were. Inserted, never incremented.
 */
const erasureSchema = new Schema(
  {
    at: { type: Date, required: true },
    month: { type: String, required: true },
    /** 'platform': the person withdrew consent or asked for deletion in Zalo itself (`user_withdraw`). */
    source: { type: String, enum: ['chat', 'staff', 'retention', 'platform'], required: true },
    hadLead: { type: Boolean, required: true },
  },
  { versionKey: false },
);
erasureSchema.index({ month: 1 });
export const Erasures = defineModel('Erasure', erasureSchema);
