// Tiny DOM helpers. Text is always set as text (never as HTML), so nothing staff or users typed can run.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && k !== 'list' && k !== 'form') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof window.Node ? c : document.createTextNode(String(c)));
  }
}
const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}
export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('show');
  setTimeout(() => el.classList.remove('show'), 2500);
}
/** A labelled input; `path` is the API field it fills, so an error about that field shows under it. */
export function field(label, input, path) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 8)}`;
  input.id = id;
  return h('div', { className: 'field', dataset: path ? { path } : undefined }, h('label', { htmlFor: id }, label), input);
}
/** A progress bar whose width is set through the CSSOM (allowed by the CSP, unlike style attributes). */
export function bar(fraction, testid) {
  const fill = h('span');
  fill.style.width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  return h('div', { className: fraction < 1 ? 'bar low' : 'bar', dataset: testid ? { testid } : undefined, role: 'progressbar', 'aria-valuenow': Math.round(fraction * 100) }, fill);
}

/** A table of rows (tr elements) under the given headers, or the "none" text when there are no rows. */
export function dataTable(testid, headers, rows, emptyText) {
  if (rows.length === 0) return h('p', { className: 'muted' }, emptyText);
  // Each cell knows its column's name: on a phone the rows become cards that show it (style.css).
  for (const tr of rows) [...tr.children].forEach((td, i) => headers[i] && (td.dataset.label = headers[i]));
  return h(
    'div',
    { className: 'table-wrap' },
    h('table', { className: 'cards', dataset: { testid } }, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows)),
  );
}
