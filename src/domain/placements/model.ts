import { Schema } from 'mongoose';
import { z } from 'zod';
import { isValidTimeZone } from '../../core/time.ts';
import { defineModel } from '../../db/define.ts';
import { contactIdPattern } from '../contacts.ts';

/**
 * A worker abroad and the end of their contract: what the return-home nudges are planned from.
 * Registered by the worker (or a family member with the worker's consent) in chat, or by staff.
 * `nextNudgeAt`/`nudgeStep` say which nudge is due next; the planner finds due placements through
 * the placement agenda (domain/placements/agenda.ts), so write placements with `writePlacement`.
 * `planVersion` changes with the contract end and is part of the nudges' keys.
 */
export const placementStatuses = ['abroad', 'extended', 'returned', 'overdue'] as const;
export const registeredByValues = ['self', 'family', 'staff'] as const;

const dateOnly = z.iso.date().transform((s) => new Date(`${s}T00:00:00.000Z`));
const timeZoneSchema = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Seoul');

export const placementInputSchema = z
  .object({
    contactId: z.string().regex(contactIdPattern(), 'must be <channel>:<userId>').optional(),
    leadId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a lead id').optional(),
    country: z.string().trim().min(2).max(60),
    city: z.string().trim().min(1).max(100).optional(),
    timeZone: timeZoneSchema,
    /** The last day of the contract (worker's local date). */
    contractEnd: dateOnly,
    employer: z.string().trim().min(1).max(200).optional(),
    familyContact: z.string().trim().regex(/^\+?[0-9 .-]{8,20}$/, 'must be a phone number').optional(),
    consent: z.object({ version: z.string().min(1).max(40), at: z.iso.datetime().transform((s) => new Date(s)), channel: z.string().min(1).max(40) }).strict(),
  })
  .strict()
  .refine((p) => p.contactId || p.leadId, { message: 'contactId or leadId is required', path: ['contactId'] });
export type PlacementInput = z.infer<typeof placementInputSchema>;

const placementSchema = new Schema(
  {
    contactId: { type: String },
    leadId: { type: String },
    country: { type: String, required: true },
    city: { type: String },
    timeZone: { type: String, required: true },
    contractEnd: { type: Date, required: true },
    contractEndYear: { type: Number, required: true },
    employer: { type: String },
    /** Personal data: never logged. */
    familyContact: { type: String },
    /**
     * The worker (or the family member registering) confirmed that the owner of `familyContact`
     * agreed to be contacted; a number is stored only with this.
     */
    familyContactConsent: { type: new Schema({ version: String, at: Date, confirmedBy: String }, { _id: false }), default: undefined },
    consent: { version: String, at: Date, channel: String },
    registeredBy: { type: String, enum: registeredByValues, required: true },
    status: { type: String, enum: placementStatuses, required: true, default: 'abroad' },
    returnedAt: { type: Date },
    returnedOnTime: { type: Boolean },
    planVersion: { type: Number, required: true, default: 1 },
    nudgeStep: { type: Number, required: true, default: 0 },
    nextNudgeAt: { type: Date, default: null },
    /** The person it is about (or who registered it) asked to be forgotten: only statistics remain. */
    erasedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
placementSchema.index({ nextNudgeAt: 1 });
placementSchema.index({ status: 1, contractEnd: 1 });
placementSchema.index({ contactId: 1 });
placementSchema.index({ leadId: 1 });

export const Placements = defineModel('Placement', placementSchema);
export type PlacementDoc = InstanceType<ReturnType<typeof Placements>>;
