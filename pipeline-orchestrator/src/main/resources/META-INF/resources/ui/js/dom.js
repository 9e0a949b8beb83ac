// Small DOM helpers: elements are built with h(), never from HTML strings, so API data is always text.

/** h('a', {href: '#/runs', class: 'x', onclick: f}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

const rendered = new WeakMap();

/**
 * Renders `data` into `el` with `render(data)` unless `el` already shows exactly this data: the
 * page refreshes every few seconds, and what did not change (a chart, a half-typed comment) stays.
 */
export function patch(el, data, render) {
  const key = JSON.stringify(data === undefined ? null : data);
  if (rendered.get(el) === key) return false;
  rendered.set(el, key);
  el.replaceChildren(...[render(data)].flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return true;
}

// ---- formatting ----

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });

export function num(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (typeof x !== 'number') return String(x);
  if (Math.abs(x) >= 100000) return compact.format(x);
  if (Number.isInteger(x)) return x.toLocaleString('en');
  return Number(x.toPrecision(digits + 1)).toLocaleString('en', { maximumFractionDigits: 6 });
}

export function pct(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return `${(x * 100).toFixed(digits)} %`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  if (m < 60) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  const t = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return sameDay ? t : `${d.toLocaleDateString('en-CA')} ${t}`;
}

/** A <time> element: the local time, the full instant as its title. */
export function when(iso) {
  if (!iso) return '–';
  return h('time', { datetime: iso, title: new Date(iso).toString() }, time(iso));
}

// ---- badges ----

const TONES = {
  ok: ['succeeded', 'cached', 'approved', 'active', 'promoted', 'pass', 'ready', 'promote', 'advance'],
  bad: ['failed', 'rejected', 'rolled_back', 'fail', 'roll_back', 'drifted', 'cancelled'],
  warn: ['waiting_approval', 'pendingmanualapproval', 'paused', 'inconclusive', 'retiring', 'cancelling', 'hold', 'wait', 'pause'],
  info: ['running', 'queued', 'creating', 'open', 'closed', 'evaluated'],
};

export function tone(status) {
  const s = String(status || '').toLowerCase();
  for (const [t, list] of Object.entries(TONES)) if (list.includes(s)) return t;
  return '';
}

export function badge(status, label) {
  const s = String(status || '').toLowerCase();
  const cls = ['badge', tone(s), s === 'running' ? 'running' : ''].filter(Boolean).join(' ');
  return h('span', { class: cls, 'data-status': s }, label || humanize(status));
}

export function humanize(s) {
  if (s === null || s === undefined) return '–';
  if (s === 'PendingManualApproval') return 'pending approval';
  return String(s).replace(/[_-]/g, ' ');
}

// ---- building blocks ----

export function panel(title, ...children) {
  return h('section', { class: 'panel', 'aria-label': typeof title === 'string' ? title : null },
    title ? h('h2', null, title) : null, ...children);
}

export function table(columns, rows, { empty = 'Nothing yet.', caption, rowAttrs } = {}) {
  if (!rows || rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', null,
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', null, rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : null,
        columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.value(r))))))));
}

export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v ?? '–')]));
}

export function card(label, value, sub, attrs) {
  return h('div', { class: 'card', ...(attrs || {}) },
    h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
}

export function notice(kind, ...text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : null }, ...text);
}
