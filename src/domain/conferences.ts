import { Schema } from 'mongoose';
import { z } from 'zod';
import { defineModel } from '../db/define.ts';

/**
 * Recruitment and information conferences held by the labour office in the communes, and who signed
 * up. Every change bumps `version` (claimed by inserting a ConferenceRevision, so two staff edits
 * cannot both win); reminders and change notices carry the version in their delivery keys.
 */
export const conferenceStatuses = ['scheduled', 'cancelled'] as const;
export const marketIds = ['japan', 'korea', 'taiwan', 'china_chongzuo', 'europe', 'middle_east', 'other'] as const;

const localizedInput = (max: number) =>
  z.object({ vi: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max).optional() }).strict();

const conferenceFields = {
  title: localizedInput(200),
  startsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  place: localizedInput(300),
  communeId: z.string().regex(/^[a-z0-9_]+$/, 'must be a commune id from content/communes.json or "other"').max(40),
  markets: z.array(z.enum(marketIds)).max(marketIds.length),
  description: localizedInput(2000),
};

export const conferenceInputSchema = z
  .object({ ...conferenceFields, markets: conferenceFields.markets.default([]), description: conferenceFields.description.optional() })
  .strict();
export type ConferenceInput = z.infer<typeof conferenceInputSchema>;

// No defaults here: a field left out of a change stays as it is.
export const conferencePatchSchema = z
  .object(conferenceFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one field to change');

const localized = { vi: { type: String, required: true }, en: { type: String } };

const conferenceSchema = new Schema(
  {
    title: localized,
    startsAt: { type: Date, required: true },
    place: localized,
    communeId: { type: String, required: true },
    markets: { type: [String], default: [] },
    description: { type: { _id: false, vi: String, en: String }, default: undefined },
    status: { type: String, enum: conferenceStatuses, required: true, default: 'scheduled' },
    version: { type: Number, required: true, default: 1 },
    /** The version of the last change people were told about (time, place, cancellation). */
    noticeVersion: { type: Number, required: true, default: 1 },
    year: { type: Number, required: true },
  },
  { timestamps: true, versionKey: false },
);
conferenceSchema.index({ status: 1, startsAt: 1 });
conferenceSchema.index({ year: 1 });

export const Conferences = defineModel('Conference', conferenceSchema);
export type ConferenceDoc = InstanceType<ReturnType<typeof Conferences>>;

/** One per conference version: inserting `<conferenceId>:<version>` is the right to make that change. */
const revisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    conferenceId: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    action: { type: String, enum: ['update', 'cancel'], required: true },
  },
  { versionKey: false },
);
revisionSchema.index({ conferenceId: 1, version: 1 });
export const ConferenceRevisions = defineModel('ConferenceRevision', revisionSchema);

export const signupStatuses = ['signed_up', 'cancelled'] as const;

const signupSchema = new Schema(
  {
    conferenceId: { type: String, required: true },
    contactId: { type: String, required: true },
    status: { type: String, enum: signupStatuses, required: true },
    /** When the person last signed up or cancelled. */
    at: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);
signupSchema.index({ conferenceId: 1, contactId: 1 }, { unique: true });
signupSchema.index({ conferenceId: 1, status: 1 });
signupSchema.index({ contactId: 1, status: 1 });

export const ConferenceSignups = defineModel('ConferenceSignup', signupSchema);
