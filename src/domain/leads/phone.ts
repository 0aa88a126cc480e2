/**
 * Vietnamese mobile numbers as people type them: "0912 345 678", "+84 912.345.678", "84-912-345-678",
 * "(+84) 912345678". Stored as the key `84xxxxxxxxx` (country code, then the 9-digit subscriber
 * number without the trunk 0), so the same person typed two ways is one lead.
 *
 * Mobile numbers since the 2018 renumbering start with 3, 5, 7, 8 or 9 after the trunk 0.
 */
const MOBILE = /^[35789]\d{8}$/;

/** The `84xxxxxxxxx` key for a Vietnamese mobile number, or null when it is not one. */
export function normalisePhone(input: string): string | null {
  const trimmed = input.normalize('NFKC').trim();
  // Only digits, spaces, dots, dashes, brackets and one + before the country code; letters mean a typo.
  if (!/^[\d\s.()+-]+$/.test(trimmed) || (trimmed.match(/\+/g) ?? []).length > 1) return null;
  if (trimmed.includes('+') && !/\+\s*84/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  let national: string;
  if (digits.startsWith('84') && digits.length === 11) national = digits.slice(2);
  else if (digits.startsWith('840') && digits.length === 12) national = digits.slice(3);
  else if (digits.startsWith('0') && digits.length === 10) national = digits.slice(1);
  else return null;
  return MOBILE.test(national) ? `84${national}` : null;
}

/** For showing a number back to its owner or to staff lists: only the last three digits. */
export function maskPhoneKey(phoneKey: string): string {
  if (!/^84\d{9}$/.test(phoneKey)) return '***';
  return `0${'•'.repeat(6)}${phoneKey.slice(-3)}`;
}

/** `84912345678` → `0912 345 678`, the way people in Vietnam write it (CSV export for staff). */
export function formatPhoneKey(phoneKey: string): string {
  if (!/^84\d{9}$/.test(phoneKey)) return '';
  const n = `0${phoneKey.slice(2)}`;
  return `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;
}
