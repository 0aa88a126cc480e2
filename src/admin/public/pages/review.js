// "Câu hỏi cần xem": messages the bot could not answer well. Staff say which FAQ entry each one
// meant (the bot learns it at once) or that it is off-topic. FAQ entries and topics are always shown
// by their question text and name, never by their ids.
import { get, post, request } from '../api.js';
import { fmtDate, getLang, t } from '../i18n.js';
import { explain } from '../shell.js';
import { field, h, toast } from '../ui.js';

const STATUSES = ['open', 'attached', 'off_topic'];
const PAGE = 50;

/** Lower case without diacritics, so "giay to" finds "Giấy tờ". */
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

function catalogue(faqs) {
  const lang = getLang();
  const byId = new Map(faqs.items.map((f) => [f.id, f]));
  const names = new Map(faqs.intents.map((i) => [i.intent, i.name[lang] ?? i.name.vi]));
  return {
    question: (id) => byId.get(id)?.question[lang] ?? null,
    topic: (intent) => names.get(intent) ?? t('rv.unknownTopic'),
    /** Topics in the order of the content, each with its entries. */
    groups: faqs.intents.map((i) => ({ name: names.get(i.intent), entries: faqs.items.filter((f) => f.intent === i.intent) })),
  };
}

/** A select of FAQ entries grouped by topic, narrowed by a search box above it. */
function faqChooser(cat, testid) {
  const select = h('select', { name: 'faqId', 'aria-label': t('rv.other'), dataset: { testid: `${testid}-select` } });
  const search = h('input', { type: 'search', name: 'q', placeholder: t('rv.search'), dataset: { testid: `${testid}-search` } });
  const fill = () => {
    const words = fold(search.value.trim()).split(/\s+/).filter(Boolean);
    const hit = (text) => words.every((w) => fold(text).includes(w));
    const groups = cat.groups.flatMap((g) => {
      const entries = g.entries.filter((e) => hit(`${g.name} ${e.question.vi} ${e.question.en}`));
      return entries.length ? [h('optgroup', { label: g.name }, entries.map((e) => h('option', { value: e.id }, cat.question(e.id))))] : [];
    });
    // With one match left, it is chosen already: typing a few words and pressing the button is enough.
    const first = h('option', { value: '' }, groups.length ? `— ${t('rv.other')} —` : t('rv.noMatch'));
    select.replaceChildren(first, ...groups);
    if (select.options.length === 2) select.selectedIndex = 1;
  };
  search.addEventListener('input', fill);
  fill();
  return { search, select };
}

function resolution(item, cat) {
  if (!item.resolved) return null;
  const who = `${t('rv.by')} ${item.resolved.by}, ${fmtDate(item.resolved.at)}`;
  if (item.status === 'attached') return h('p', { className: 'rv-resolved' }, h('span', { className: 'pill ok' }, t('rv.attachedTo')), ' ', cat.question(item.resolved.faqId) ?? '—', h('span', { className: 'muted' }, ` — ${who}`));
  return h('p', { className: 'rv-resolved' }, h('span', { className: 'pill' }, t('rv.markedOff')), h('span', { className: 'muted' }, ` — ${who}`));
}

function itemCard(item, cat, onDone) {
  const error = h('p', { className: 'error', role: 'alert' });
  const act = async (path, body, message) => {
    try {
      const r = await post(`/review-items/${item.id}/${path}`, body);
      toast(r.alsoResolved > 0 ? `${message} ${t('rv.alsoResolved').replace('{n}', r.alsoResolved)}` : message);
      await onDone();
    } catch (err) {
      error.textContent = explain(err);
    }
  };
  const guessQuestion = item.guess.faqId ? cat.question(item.guess.faqId) : null;
  const score = item.guess.score === null ? '' : ` (${Math.round(item.guess.score * 100)}%)`;
  const chooser = faqChooser(cat, 'rv-choose');
  const attachChosen = () => (chooser.select.value ? act('attach', { faqId: chooser.select.value }, t('rv.done')) : (error.textContent = t('rv.chooseFirst')));
  const canConfirmGuess = guessQuestion && !(item.status === 'attached' && item.resolved?.faqId === item.guess.faqId);
  return h(
    'article',
    { className: 'card rv-item', dataset: { testid: 'review-item', id: item.id, status: item.status } },
    h('blockquote', { className: 'rv-text', lang: item.language }, item.text),
    h('p', { className: 'muted rv-meta' }, fmtDate(item.createdAt), ' · ', h('span', { className: 'pill warn' }, t(`rv.reason.${item.reason}`))),
    h(
      'p',
      { className: 'rv-guess', dataset: { testid: 'guess' } },
      h('strong', {}, `${t('rv.guess')}: `),
      guessQuestion ? [h('span', { dataset: { testid: 'guess-question' } }, guessQuestion), h('span', { className: 'muted' }, ` — ${cat.topic(item.guess.intent)}${score}`)] : h('span', { className: 'muted' }, t('rv.noGuess')),
    ),
    resolution(item, cat),
    h(
      'div',
      { className: 'rv-actions' },
      canConfirmGuess ? h('button', { className: 'btn', type: 'button', onclick: () => act('attach', { faqId: item.guess.faqId }, t('rv.done')) }, t('rv.right')) : null,
      item.status !== 'off_topic' ? h('button', { className: 'btn secondary', type: 'button', onclick: () => act('off-topic', undefined, t('rv.doneOff')) }, t('rv.offTopic')) : null,
    ),
    h(
      'div',
      { className: 'rv-choose' },
      h('label', { htmlFor: `rv-q-${item.id}` }, t('rv.other')),
      h('div', { className: 'rv-choose-row' }, Object.assign(chooser.search, { id: `rv-q-${item.id}` }), chooser.select, h('button', { className: 'btn secondary', type: 'button', onclick: attachChosen }, t('rv.attach'))),
    ),
    error,
  );
}

function statusTabs(state, counts, onChange) {
  return h(
    'div',
    { className: 'tabs', role: 'group', 'aria-label': t('rv.status') },
    STATUSES.map((s) =>
      h('button', { type: 'button', className: s === state.status ? 'btn' : 'btn secondary', 'aria-pressed': String(s === state.status), dataset: { testid: `count-${s}` }, onclick: () => onChange({ status: s, intent: '' }) }, `${t(`rv.${s}`)} (${counts.status[s]})`),
    ),
  );
}

function topicFilter(state, counts, cat, onChange) {
  const select = h(
    'select',
    { name: 'intent', onchange: () => onChange({ ...state, intent: select.value }) },
    h('option', { value: '' }, t('rv.allTopics')),
    counts.intents.map((c) => h('option', { value: c.intent, selected: c.intent === state.intent }, `${cat.topic(c.intent)} (${c.count})`)),
  );
  return field(t('rv.topic'), select);
}

async function examplesSection(cat) {
  const { items, total } = await get('/training-examples?limit=200');
  const rows = items.map((e) =>
    h('li', {}, h('span', { className: 'rv-ex-text' }, `“${e.text}”`), ' → ', cat.question(e.faqId) ?? e.faqId, h('span', { className: 'muted' }, ` — ${e.by}`), ' ',
      h('button', { className: 'link', type: 'button', onclick: async (ev) => {
        if (!confirm(t('rv.confirmDelete'))) return;
        try {
          await request('DELETE', `/training-examples/${encodeURIComponent(e.id)}`);
          ev.target.closest('li').remove();
          toast(t('saved'));
        } catch (err) {
          toast(explain(err));
        }
      } }, t('rv.delete'))),
  );
  return h('details', { className: 'card', dataset: { testid: 'training-examples' } }, h('summary', {}, `${t('rv.examples')} (${total})`), rows.length ? h('ul', { className: 'rv-examples' }, rows) : h('p', { className: 'muted' }, t('none')));
}

export async function renderReview(main) {
  const cat = catalogue(await get('/faqs'));
  let state = { status: 'open', intent: '' };
  const head = h('div');
  const list = h('div', { dataset: { testid: 'review-items' } });
  const more = h('div');
  const examples = h('div');
  const query = (before) => new URLSearchParams({ status: state.status, limit: String(PAGE), ...(state.intent ? { intent: state.intent } : {}), ...(before ? { before } : {}) }).toString();

  async function refresh() {
    const { items, counts } = await get(`/review-items?${query()}`);
    const change = (next) => {
      state = next;
      refresh().catch((err) => list.replaceChildren(h('p', { className: 'error', role: 'alert' }, explain(err))));
    };
    head.replaceChildren(statusTabs(state, counts, change), h('div', { className: 'card row' }, topicFilter(state, counts, cat, change)));
    list.replaceChildren(...(items.length ? items.map((i) => itemCard(i, cat, refresh)) : [h('p', { className: 'muted' }, t('rv.empty'))]));
    showMore(items);
    examples.replaceChildren(await examplesSection(cat));
  }

  function showMore(items) {
    if (items.length < PAGE) return more.replaceChildren();
    const last = items.at(-1).createdAt;
    more.replaceChildren(h('button', { className: 'btn secondary', type: 'button', onclick: async () => {
      const page = await get(`/review-items?${query(last)}`);
      list.append(...page.items.map((i) => itemCard(i, cat, refresh)));
      showMore(page.items);
    } }, t('rv.more')));
  }

  main.replaceChildren(h('h1', {}, t('rv.title')), h('p', { className: 'muted' }, t('rv.intro')), head, list, more, examples);
  await refresh();
}
