// "Hỗ trợ trực tiếp": people who asked for staff, their conversation, replies and release to the bot.
import { get, getToken, itemsOf, post } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { explain, onLeave } from '../shell.js';
import { h, toast } from '../ui.js';

/** How often the list and the open conversation are refreshed (new waits appear without reload). */
const REFRESH_MS = 5000;
const BADGE_MS = 15000;

export const channelName = (channel) => t(`ch.${channel}`);

/** The person's name, or "someone on Zalo" — never a platform id. */
export function personName(name, channel) {
  return name || `${t('ib.unnamed')} ${channelName(channel)}`;
}

export function waited(seconds) {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return t('ib.justNow');
  const hours = Math.floor(minutes / 60);
  const parts = hours ? [`${hours} ${t('ib.hours')}`] : [];
  if (minutes % 60 || !hours) parts.push(`${minutes % 60} ${t('ib.minutes')}`);
  return `${t('ib.waited')} ${parts.join(' ')}`;
}

/** One message of a conversation as a chat bubble: the person on the left, bot and staff on the right. */
function bubble(m) {
  const who = t(`ib.from.${m.from}`);
  const text = m.kind === 'attachment' && !m.text ? t('ib.attachment') : (m.text ?? '—');
  const state = m.status && m.status !== 'sent' ? h('span', { className: `pill ${m.status === 'pending' ? 'warn' : 'bad'}` }, t(`ib.ds.${m.status}`)) : null;
  return h(
    'li',
    { className: `msg ${m.from}`, dataset: { testid: 'message', from: m.from } },
    h('div', { className: 'msg-meta' }, who, m.kind === 'notice' ? ` · ${t('ib.notice')}` : '', ' · ', fmtDate(m.at), state ? ' ' : '', state),
    h('div', { className: 'msg-text' }, m.kind === 'button' ? `▸ ${text}` : text),
  );
}

/** A conversation's messages, oldest first (also used on the lead page). */
export function messageList(messages) {
  if (messages.length === 0) return h('p', { className: 'muted' }, t('ib.noMessages'));
  return h('ol', { className: 'msgs', dataset: { testid: 'messages' } }, messages.map(bubble));
}

function windowNote(conv) {
  if (conv.window.open) return h('p', { className: 'muted', dataset: { testid: 'window' } }, `${t('ib.windowOpen')} ${fmtDate(conv.window.closesAt)}`);
  const reason = t(`ib.closed.${conv.window.reason}`);
  const call = conv.phone ? `${t('ib.callThem')}: ${conv.phone}` : t('ib.noPhone');
  return h('p', { className: 'notice bad', role: 'alert', dataset: { testid: 'window' } }, h('strong', {}, reason), ' — ', call);
}

function replyForm(contactId, onSent) {
  const text = h('textarea', { name: 'reply', maxLength: 2000, rows: 3, 'aria-label': t('ib.reply') });
  const error = h('p', { className: 'error', role: 'alert' });
  const send = h('button', { className: 'btn', type: 'submit' }, t('ib.send'));
  // One id per reply written: a double click or a retry after a network error sends it once.
  let requestId = window.crypto.randomUUID();
  const form = h('form', { className: 'reply', dataset: { testid: 'reply-form' } }, h('label', { htmlFor: 'reply-text' }, t('ib.reply')), text, error, h('div', { className: 'row-end' }, send));
  text.id = 'reply-text';
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!text.value.trim()) {
      error.textContent = t('ib.empty');
      return;
    }
    send.disabled = true;
    try {
      await post(`/conversations/${encodeURIComponent(contactId)}/replies`, { text: text.value.trim(), requestId });
      text.value = '';
      requestId = window.crypto.randomUUID();
      toast(t('ib.queued'));
      await onSent();
    } catch (err) {
      error.textContent = err?.status === 409 ? t('ib.closedNow') : explain(err);
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

async function release(contactId, onDone) {
  if (!confirm(t('ib.confirmRelease'))) return;
  try {
    await post(`/handoffs/${encodeURIComponent(contactId)}/release`);
    toast(t('ib.released'));
    await onDone();
  } catch (err) {
    toast(explain(err));
  }
}

/** The open conversation: header, messages (refreshed), window state, reply box and release. */
function conversationPanel(contactId, waiting, onReleased) {
  const head = h('div');
  const body = h('div', { className: 'msgs-wrap' });
  const windowBox = h('div');
  const tools = h('div');
  const panel = h('section', { className: 'card conv', dataset: { testid: 'conversation' } }, head, body, windowBox, tools);
  let formShown = null;
  async function refresh() {
    const conv = await get(`/conversations/${encodeURIComponent(contactId)}`);
    head.replaceChildren(
      h('h2', {}, personName(conv.name, conv.channel)),
      h('p', { className: 'muted' }, channelName(conv.channel), conv.phone ? ` · ${conv.phone}` : '', ' · ', conv.leadId ? h('a', { href: `#lead/${conv.leadId}` }, t('ib.profile')) : t('ib.noLead')),
    );
    const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 40;
    body.replaceChildren(messageList(conv.messages));
    if (atBottom || !formShown) body.scrollTop = body.scrollHeight;
    windowBox.replaceChildren(windowNote(conv));
    // The reply box is built once, so a refresh never wipes what staff are typing.
    if (formShown !== conv.window.open) {
      formShown = conv.window.open;
      tools.replaceChildren(
        conv.window.open ? replyForm(contactId, refresh) : '',
        waiting ? h('div', { className: 'row-end' }, h('button', { className: 'btn secondary', type: 'button', onclick: () => release(contactId, onReleased) }, t('ib.release'))) : '',
      );
    }
  }
  return { panel, refresh };
}

function waitingRow(item, selected) {
  return h(
    'li',
    {},
    h(
      'a',
      { href: `#inbox?c=${encodeURIComponent(item.contactId)}`, className: selected ? 'waiting active' : 'waiting', dataset: { testid: 'waiting' } },
      h('strong', {}, personName(item.name, item.channel)),
      h('span', { className: 'muted' }, `${channelName(item.channel)} · ${waited(item.waitingSeconds)}`),
      h('span', { className: 'muted small' }, `${t('ib.since')} ${fmtDate(item.requestedAt)}`),
    ),
  );
}

export async function renderInbox(main) {
  const selected = new URLSearchParams(location.hash.split('?')[1] ?? '').get('c');
  const list = h('div', { className: 'card waiting-list' });
  const side = h('div');
  main.replaceChildren(h('h1', {}, t('ib.title')), h('p', { className: 'muted' }, t('ib.intro')), h('div', { className: selected ? 'inbox has-conv' : 'inbox' }, list, side));
  let conv = null;
  async function refreshList() {
    const items = itemsOf(await get('/handoffs'));
    setBadge(items.length);
    list.replaceChildren(
      h('h2', {}, `${t('ib.waiting')} (${items.length})`),
      items.length ? h('ul', { className: 'plain', dataset: { testid: 'waiting-list' } }, items.map((i) => waitingRow(i, i.contactId === selected))) : h('p', { className: 'muted' }, t('ib.nobody')),
    );
    return items;
  }
  const items = await refreshList();
  if (selected) {
    conv = conversationPanel(selected, items.some((i) => i.contactId === selected), () => {
      location.hash = '#inbox';
    });
    side.replaceChildren(conv.panel);
    await conv.refresh();
  } else {
    side.replaceChildren(h('p', { className: 'muted card' }, items.length ? t('ib.choose') : t('ib.nobodyHint')));
  }
  const timer = setInterval(() => {
    Promise.all([refreshList(), conv?.refresh()]).catch(() => undefined);
  }, REFRESH_MS);
  onLeave(() => clearInterval(timer));
}

function setBadge(n) {
  const badge = document.getElementById('inbox-badge');
  if (!badge) return;
  badge.textContent = String(n);
  badge.hidden = n === 0;
  badge.setAttribute('aria-label', `${n} ${t('ib.badge')}`);
}

/** Keeps the count of people waiting in the navigation, on every page. */
export function watchInboxBadge() {
  const update = () => {
    if (!getToken() || document.getElementById('nav').hidden) return;
    get('/handoffs').then((r) => setBadge(itemsOf(r).length)).catch(() => undefined);
  };
  update();
  setInterval(update, BADGE_MS);
  // Right after logging in (the menu appears), not a quarter of a minute later.
  new window.MutationObserver(update).observe(document.getElementById('nav'), { attributes: true, attributeFilter: ['hidden'] });
  return update;
}
