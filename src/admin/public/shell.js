// What every page shares: error wording and timers that stop when staff leave the page.
import { ApiError } from './api.js';
import { getLang, hasText, t } from './i18n.js';
import { h } from './ui.js';

const cleanups = [];

export function onLeave(fn) {
  cleanups.push(fn);
}
export function leavePage() {
  for (const fn of cleanups.splice(0)) fn();
}

/** A bad field's problem in the console's language, from the stable code the API gives. */
function fieldMessage(f) {
  if (f.code && hasText(`fe.${f.code}`)) return t(`fe.${f.code}`);
  return getLang() === 'en' ? f.message : t('fe.invalid');
}

/** Shows an API failure in words staff understand (never the API's English text on a Vietnamese page). */
export function explain(err) {
  if (err instanceof ApiError) {
    if (err.status === 403) return t('err.forbidden');
    if (err.status === 404 && /no route/.test(err.message)) return t('err.missing');
    if (err.fields.length) return `${t('err.generic')}: ${err.fields.map((f) => `${f.path}: ${fieldMessage(f)}`).join('; ')}`;
    if (err.code && hasText(`err.code.${err.code}`)) return t(`err.code.${err.code}`);
    return getLang() === 'en' ? `${t('err.generic')}: ${err.message}` : `${t('err.generic')} (${err.status})`;
  }
  return `${t('err.generic')}: ${err?.message ?? err}`;
}

/** The field box (see ui.js `field`) an API path such as "audience.communes.0" belongs to. */
function fieldBox(form, path) {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const box = form.querySelector(`[data-path="${window.CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (box) return box;
  }
  return null;
}

/**
 * Puts each bad field's message right under that field and returns the line for the form's own
 * error area; clears the previous marks first. Without field errors it is `explain(err)`.
 */
export function showFieldErrors(form, err) {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  if (!(err instanceof ApiError) || err.fields.length === 0) return err ? explain(err) : '';
  const unplaced = err.fields.filter((f) => {
    const box = fieldBox(form, f.path);
    if (!box) return true;
    box.append(h('p', { className: 'error field-error', dataset: { testid: `error-${f.path}` } }, fieldMessage(f)));
    box.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    return false;
  });
  return unplaced.length ? explain(Object.assign(err, { fields: unplaced })) : t('err.fields');
}
