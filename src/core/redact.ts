/**
 * Masks what must never reach a log line: Vietnamese phone numbers anywhere in free text, and the
 * values of fields that hold names or phone numbers.
 */

// 0xxxxxxxxx, +84xxxxxxxxx, 84xxxxxxxxx, with optional spaces, dots or dashes between groups.
const PHONE = /(?<![\d])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\d])/g;

export function maskPhones(text: string): string {
  return text.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, '');
    return `[phone …${digits.slice(-2)}]`;
  });
}

/** Field names whose values are personal data; the logger censors them wherever they appear. */
export const PERSONAL_FIELDS = [
  'phone',
  'phoneNumber',
  'phoneNormalized',
  'name',
  'fullName',
  'displayName',
  'familyContact',
  'text',
] as const;
