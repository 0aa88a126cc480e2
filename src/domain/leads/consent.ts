import path from 'node:path';
import { z } from 'zod';
import { defaultContentDir, readContentFile } from '../../content/read.ts';

const localized = z.object({ vi: z.string().trim().min(20), en: z.string().trim().min(20) });

/**
 * The consent texts people agree to (content/consent.json). `version` is recorded with every
 * consent, so a changed text gets a new version and staff can tell who agreed to which.
 */
export const consentFileSchema = z.object({
  version: z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, dots and dashes'),
  reviewedAt: z.iso.date(),
  legalBasis: z.string().min(1),
  registration: localized,
  sensitive: localized,
});
export type ConsentTexts = z.infer<typeof consentFileSchema>;

export function loadConsent(dir: string = defaultContentDir): ConsentTexts {
  return readContentFile(path.join(dir, 'consent.json'), consentFileSchema);
}
