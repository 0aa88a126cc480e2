import type { LeadRow } from '../domain/leads/view.ts';
import type { Actor } from './auth.ts';

/**
 * Ethnicity and poor/near-poor household are sensitive data (Law 91/2025/QH15): only admins see
 * them, in the JSON API and in the CSV export; staff get the same lead with those fields empty.
 */
export function visibleTo(actor: Actor, lead: LeadRow): LeadRow {
  return actor.role === 'admin' ? lead : { ...lead, sensitive: null };
}
