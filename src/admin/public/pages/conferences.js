import { get, itemsOf, patch, post } from '../api.js';
import { fmtDate, fromOfficeInput, getLang, MARKETS, t, toOfficeInput } from '../i18n.js';
import { communeName, communeSelect } from '../labels.js';
import { explain, showFieldErrors } from '../shell.js';
import { dataTable, field, h, toast } from '../ui.js';

// Conference markets are the ones the scheduler's conference model accepts.
const CONFERENCE_MARKETS = MARKETS.filter((m) => !['southeast_asia', 'australia'].includes(m));


function conferenceForm(existing, onDone) {
  const error = h('p', { className: 'error', role: 'alert' });
  const v = (path) => path.split('.').reduce((o, k) => o?.[k], existing) ?? '';
  const form = h(
    'form',
    { className: 'card', dataset: { testid: existing ? 'conference-edit' : 'conference-form' } },
    h('h2', {}, existing ? t('edit') : t('conf.new')),
    h('div', { className: 'row' }, field(t('conf.titleVi'), h('input', { name: 'titleVi', maxLength: 200, value: v('title.vi') }), 'title.vi'), field(t('conf.titleEn'), h('input', { name: 'titleEn', maxLength: 200, value: v('title.en') }), 'title.en')),
    h(
      'div',
      { className: 'row' },
      field(`${t('conf.startsAt')} (${t('officeTime')})`, h('input', { name: 'startsAt', type: 'datetime-local', value: existing ? toOfficeInput(existing.startsAt) : '' }), 'startsAt'),
      field(t('conf.commune'), communeSelect('communeId', existing?.communeId, t('conf.chooseCommune')), 'communeId'),
    ),
    h('div', { className: 'row' }, field(t('conf.placeVi'), h('input', { name: 'placeVi', value: v('place.vi') }), 'place.vi'), field(t('conf.placeEn'), h('input', { name: 'placeEn', value: v('place.en') }), 'place.en')),
    h(
      'div',
      { className: 'field', dataset: { path: 'markets' } },
      h('label', {}, t('conf.markets')),
      h('div', { className: 'checks' }, CONFERENCE_MARKETS.map((m) => h('label', {}, h('input', { type: 'checkbox', name: 'markets', value: m, checked: (existing?.markets ?? []).includes(m) }), t(`m.${m}`)))),
    ),
    field(t('conf.descVi'), h('textarea', { name: 'descVi', value: v('description.vi') }), 'description.vi'),
    field(t('conf.descEn'), h('textarea', { name: 'descEn', value: v('description.en') }), 'description.en'),
    error,
    h('div', { className: 'row' }, h('button', { className: 'btn', type: 'submit' }, existing ? t('save') : t('conf.create')), existing ? h('button', { className: 'btn secondary', type: 'button', onclick: () => onDone() }, t('cancel')) : null),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const el = form.elements;
    const loc = (vi, en) => ({ vi: vi.value.trim(), ...(en.value.trim() ? { en: en.value.trim() } : {}) });
    const body = {
      title: loc(el.titleVi, el.titleEn),
      // Empty stays empty so the API names the field; a time is read as office time.
      startsAt: el.startsAt.value ? fromOfficeInput(el.startsAt.value) : undefined,
      place: loc(el.placeVi, el.placeEn),
      communeId: el.communeId.value || undefined,
      markets: [...form.querySelectorAll('input[name="markets"]:checked')].map((i) => i.value),
    };
    if (el.descVi.value.trim()) body.description = loc(el.descVi, el.descEn);
    try {
      if (existing) await patch(`/conferences/${existing.id}`, body);
      else await post('/conferences', body);
      toast(t('saved'));
      await onDone();
    } catch (err) {
      error.textContent = showFieldErrors(form, err);
    }
  });
  return form;
}

export async function renderConferences(main) {
  const lang = getLang();
  const list = h('div');
  const editor = h('div');
  async function refresh() {
    editor.replaceChildren(conferenceForm(null, refresh));
    const items = itemsOf(await get('/conferences'));
    const counts = await Promise.all(items.map((c) => (typeof c.signedUp === 'number' ? c.signedUp : get(`/conferences/${c.id}/signups`).then((r) => r?.signedUp ?? '—').catch(() => '—'))));
    list.replaceChildren(
      dataTable('conferences', [t('conf.startsAt'), t('conf.titleVi'), t('conf.placeVi'), t('conf.commune'), t('conf.signups'), ''], items.map((c, i) =>
                  h(
                    'tr',
                    { dataset: { testid: `conference-${c.id}` } },
                    h('td', {}, fmtDate(c.startsAt)),
                    h('td', {}, c.title?.[lang] ?? c.title?.vi, ' ', h('span', { className: `pill ${c.status === 'cancelled' ? 'bad' : 'ok'}` }, c.status === 'cancelled' ? t('conf.cancelled') : t('conf.scheduled'))),
                    h('td', {}, c.place?.[lang] ?? c.place?.vi),
                    h('td', {}, communeName(c.communeId)),
                    h('td', {}, counts[i]),
                    h(
                      'td',
                      {},
                      c.status !== 'cancelled'
                        ? [
                            h('button', { className: 'btn secondary', type: 'button', onclick: () => editor.replaceChildren(conferenceForm(c, refresh)) }, t('edit')),
                            ' ',
                            h('button', { className: 'btn danger', type: 'button', onclick: async () => { if (!confirm(t('conf.confirmCancel'))) return; try { await post(`/conferences/${c.id}/cancel`); await refresh(); } catch (err) { toast(explain(err)); } } }, t('conf.cancel')),
                          ]
                        : null,
                    ),
                  ),
                ), t('none')),
    );
  }
  main.replaceChildren(h('h1', {}, t('conf.title')), editor, list);
  await refresh();
}
