import { ApiError, clearToken, getToken, request, setToken, whenUnauthorized } from './api.js';
import { getLang, setLang, t, translateStatic } from './i18n.js';
import { field, h } from './ui.js';
import { explain, leavePage } from './shell.js';
import { forgetLabels, loadLabels } from './labels.js';
import { renderDashboard } from './pages/dashboard.js';
import { renderConferences } from './pages/conferences.js';
import { renderBroadcasts } from './pages/broadcasts.js';
import { renderLeads } from './pages/leads.js';
import { renderPlacements } from './pages/placements.js';
import { renderAudit } from './pages/audit.js';
import { renderReview } from './pages/review.js';
import { renderInbox, watchInboxBadge } from './pages/inbox.js';
import { renderLead } from './pages/lead.js';

const pages = {
  dashboard: renderDashboard,
  conferences: renderConferences,
  broadcasts: renderBroadcasts,
  leads: renderLeads,
  placements: renderPlacements,
  review: renderReview,
  audit: renderAudit,
  inbox: renderInbox,
  lead: renderLead,
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const logoutButton = document.getElementById('logout');
const langButton = document.getElementById('lang');
const menuButton = document.getElementById('menu');
// On a phone the menu folds away behind one button (style.css shows it open on wider screens).
const setMenuOpen = (open) => {
  document.body.classList.toggle('menu-open', open);
  menuButton.setAttribute('aria-expanded', String(open));
};
menuButton.addEventListener('click', () => setMenuOpen(!document.body.classList.contains('menu-open')));

function renderLogin(message) {
  nav.hidden = true;
  menuButton.hidden = true;
  logoutButton.hidden = true;
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true });
  const error = h('p', { className: 'error', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    {
      className: 'card login',
      onsubmit: async (e) => {
        e.preventDefault();
        const token = input.value.trim();
        try {
          await request('GET', '/audit?limit=1', undefined, token);
          setToken(token);
          route();
        } catch (err) {
          error.textContent = err instanceof ApiError && err.status === 429 ? t('login.many') : t('login.bad');
        }
      },
    },
    h('h1', {}, t('login.title')),
    field(t('login.token'), input),
    error,
    h('button', { className: 'btn', type: 'submit' }, t('login.submit')),
  );
  main.replaceChildren(form);
  input.focus();
}

async function route() {
  leavePage();
  translateStatic();
  langButton.textContent = t('otherLang');
  if (!getToken()) return renderLogin();
  nav.hidden = false;
  menuButton.hidden = false;
  logoutButton.hidden = false;
  setMenuOpen(false);
  // '#lead/<id>' and '#inbox?c=<contact>' carry what the page shows after the page's name.
  const name = location.hash.replace(/^#/, '').split(/[?/]/)[0] || 'dashboard';
  const page = pages[name] ?? pages.dashboard;
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.getAttribute('href') === `#${name}`);
  main.replaceChildren(h('p', { className: 'muted' }, t('loading')));
  try {
    await loadLabels();
    await page(main);
  } catch (err) {
    main.replaceChildren(h('p', { className: 'error', role: 'alert' }, explain(err)));
  }
}

whenUnauthorized(() => {
  clearToken();
  forgetLabels();
  renderLogin(t('login.bad'));
});
logoutButton.addEventListener('click', () => {
  clearToken();
  forgetLabels();
  location.hash = '';
  route();
});
langButton.addEventListener('click', () => {
  setLang(getLang() === 'vi' ? 'en' : 'vi');
  route();
});
window.addEventListener('hashchange', route);
setLang(getLang());
route();
const updateBadge = watchInboxBadge();
window.addEventListener('hashchange', updateBadge);
