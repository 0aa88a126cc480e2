// What every page shares: error wording and timers that stop when staff leave the page.
import { ApiError } from './api.js';
import { t } from './i18n.js';

const cleanups = [];

export function onLeave(fn) {
  cleanups.push(fn);
}
export function leavePage() {
  for (const fn of cleanups.splice(0)) fn();
}

/** Shows an API failure in words staff understand. */
export function explain(err) {
  if (err instanceof ApiError) {
    if (err.status === 403) return t('err.forbidden');
    if (err.status === 404 && /no route/.test(err.message)) return t('err.missing');
    const fields = err.fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return fields ? `${t('err.generic')}: ${fields}` : `${t('err.generic')}: ${err.message}`;
  }
  return `${t('err.generic')}: ${err?.message ?? err}`;
}
