// Names for the service's codes (communes with their former names), the
// office time zone and the channels that are on: loaded once per login from GET /api/labels.
import { get } from './api.js';
import { getLang, setTimeZone } from './i18n.js';
import { h } from './ui.js';

let ref = { timeZone: 'Asia/Ho_Chi_Minh', channelsOn: [], communes: [], vi: {}, en: {} };
let loaded;

export function loadLabels() {
  loaded ??= get('/labels').then((r) => {
    ref = r;
    setTimeZone(r.timeZone);
  }).catch((err) => {
    loaded = undefined;
    throw err;
  });
  return loaded;
}
export const forgetLabels = () => (loaded = undefined);

export const officeTimeZone = () => ref.timeZone;
export const channelsOn = () => ref.channelsOn;
export const communes = () => ref.communes;
/** The wording of a code in one of /api/labels' groups (market, education, household, leadStatus); '—' when unset. */
export function labelOf(group, value) {
  if (!value) return '—';
  return ref[getLang()]?.[group]?.[value] ?? value;
}

/** Admins may erase people; staff are told to ask one. */
export const isAdmin = () => ref.role === 'admin';

/** A commune's name in the console's language; a place outside the area shows what was typed. */
export function communeName(id, typed) {
  const c = ref.communes.find((x) => x.id === id);
  if (c) return c.name[getLang()] ?? c.name.vi;
  const other = getLang() === 'vi' ? 'Nơi khác' : 'Elsewhere';
  return typed ? `${other}: ${typed}` : id === 'other' ? other : (id ?? '');
}

/** "Xã Bắc Sơn (trước đây: Thị trấn Bắc Sơn, Long Đống, Bắc Quỳnh)": old names help people who still use them. */
export function communeLongName(c) {
  const name = c.name[getLang()] ?? c.name.vi;
  const former = c.formedFrom.filter((f) => !name.includes(f));
  return former.length ? `${name} (${getLang() === 'vi' ? 'trước đây' : 'formerly'}: ${former.join(', ')})` : name;
}

/** The communes by name (with their former names), as a list to choose from. */
export function communeSelect(name, selected, firstOption) {
  return h('select', { name }, h('option', { value: '' }, firstOption), ref.communes.map((c) => h('option', { value: c.id, selected: c.id === selected }, communeLongName(c))));
}

/** "KR" → "Hàn Quốc": plans store the ISO country code. */
export function countryName(code) {
  try {
    return new Intl.DisplayNames([getLang() === 'vi' ? 'vi' : 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
