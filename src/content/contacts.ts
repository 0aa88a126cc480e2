import type { Lang, LocalContact } from './schema.ts';

type Operator = {
  officeAddress: unknown;
  officePhone: unknown;
  localContacts: Record<'vbsp' | 'employment_centre', LocalContact>;
};

export const LOCAL_CONTACT_IDS = ['vbsp', 'employment_centre'] as const;
export type LocalContactId = (typeof LOCAL_CONTACT_IDS)[number];

const PHONE_LABEL: Record<Lang, string> = { vi: 'ĐT', en: 'phone' };

/**
 * How an answer names a local office: what staff filled in, or — while nothing is — whom to ask,
 * so the bot never sends people to a desk nobody has confirmed exists.
 */
export function describeContact(contact: LocalContact, lang: Lang): string {
  if (!contact.name) return contact.whenUnknown[lang];
  const parts = [contact.name[lang], contact.address?.[lang], contact.phone ? `${PHONE_LABEL[lang]} ${contact.phone}` : undefined];
  return parts.filter(Boolean).join(', ');
}

/**
 * The operator.json fields staff still have to fill in, by name only (the start-up warning lists
 * them; values are never logged).
 */
export function missingLocalContacts(operator: Operator): string[] {
  const missing: string[] = [];
  if (operator.officeAddress === null) missing.push('officeAddress');
  if (operator.officePhone === null) missing.push('officePhone');
  for (const id of LOCAL_CONTACT_IDS) {
    const c = operator.localContacts[id];
    if (!c.name) missing.push(`localContacts.${id}.name`);
    if (!c.address) missing.push(`localContacts.${id}.address`);
    if (!c.phone) missing.push(`localContacts.${id}.phone`);
  }
  return missing;
}

/**
 * One start-up warning naming the contacts still missing, so staff know what to fill in; names
 * of fields only (no values, no personal data). Nothing is logged when everything is filled in.
 */
export function warnAboutMissingContacts(log: { warn(obj: object, msg: string): void }, operator: Operator): void {
  const missing = missingLocalContacts(operator);
  if (missing.length === 0) return;
  log.warn({ missing, file: 'content/operator.json' }, 'local contacts not filled in: answers tell people to ask their commune People\'s Committee or the Social Policy Bank instead');
}
