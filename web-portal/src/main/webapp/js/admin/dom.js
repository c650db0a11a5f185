/**
 * Small DOM helpers of the admin pages. Text reaches the page only through
 * textContent and attribute setters, never as HTML, so names, descriptions and
 * audit details from the API always show as text.
 */
import { ApiError } from '../api.js';

export const $ = (id) => document.getElementById(id);

/** Creates an element: attrs take class, text, dataset, on<event> and plain attributes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = String(v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'value') node.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') node[k] = Boolean(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) node.append(c);
  }
  return node;
}

export function icon(name, cls = 'icon') {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', `#i-${name}`);
  svg.append(use);
  return svg;
}

export function button(label, { kind = '', iconName, ariaLabel, onclick, id, type = 'button', hideLabel } = {}) {
  return el('button', { type, id, class: `button ${kind}`.trim(), 'aria-label': ariaLabel, onclick },
    iconName ? icon(iconName) : null, el('span', { text: label, class: hideLabel ? 'label-wide' : null }));
}

/** A coloured state pill; tone is ready, inuse, progress, error, warning or neutral. */
export function badge(text, tone = 'neutral') {
  return el('span', { class: `badge badge-${tone}` }, el('span', { class: 'badge-dot', 'aria-hidden': 'true' }),
    el('span', { text }));
}

/** A section with a heading, an optional count and optional header actions. */
export function section(title, { id, count, actions = [] } = {}) {
  const h = el('h2', { id, text: title });
  const head = el('div', { class: 'section-head' }, h,
    count === undefined ? null : el('span', { class: 'count', text: count }),
    el('div', { class: 'section-actions' }, actions));
  return el('section', { class: 'section panel', 'aria-labelledby': id }, head);
}

/**
 * A table in a scrolling wrapper. columns: [{label, key?, cls?, hideLabel?}];
 * rows: arrays of cells (strings or nodes). Small screens show each row as a card,
 * labelled through data-label.
 */
export function table(caption, columns, rows, { rowAttrs } = {}) {
  const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.cls },
    c.hideLabel ? el('span', { class: 'visually-hidden', text: c.label }) : c.label)));
  const body = el('tbody', {}, rows.map((cells, i) => el('tr', rowAttrs ? rowAttrs(i) : {},
    cells.map((cell, j) => el('td', { class: columns[j].cls, 'data-label': columns[j].hideLabel ? null : columns[j].label },
      cell === null || cell === undefined ? '' : cell)))));
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'data-table' }, el('caption', { class: 'visually-hidden', text: caption }),
      el('thead', {}, head), body));
}

export function empty(iconName, text) {
  return el('div', { class: 'empty' }, icon(iconName, 'icon empty-icon'), el('p', { text }));
}

// --- formatting --------------------------------------------------------------

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateTime.format(d);
}

export function ago(iso) {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  if (Number.isNaN(seconds)) return String(iso);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}

/** A time element showing "3 minutes ago" with the full time as its title. */
export function timeAgo(iso) {
  return el('time', { datetime: iso || '', title: formatTime(iso), text: ago(iso) });
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

export function mib(n) {
  return bytes(Number(n) * 1024 * 1024);
}

// --- messages -----------------------------------------------------------------

let announceClear = null;
let noticeClear = null;

/** Says something to screen readers (polite live region). */
export function announce(message) {
  const region = $('status');
  region.textContent = '';
  clearTimeout(announceClear);
  requestAnimationFrame(() => {
    region.textContent = message;
  });
  announceClear = setTimeout(() => {
    region.textContent = '';
  }, 8000);
}

export function showError(message) {
  $('alert-text').textContent = message;
  $('alert').hidden = false;
}

export function clearError() {
  $('alert').hidden = true;
  $('alert-text').textContent = '';
}

/** A short success message that goes away by itself. */
export function notify(message) {
  $('notice-text').textContent = message;
  $('notice').hidden = false;
  clearTimeout(noticeClear);
  noticeClear = setTimeout(() => {
    $('notice').hidden = true;
  }, 6000);
}

/** A sentence for the person at the screen, from a failure. */
export function describe(error, what) {
  if (!(error instanceof ApiError)) {
    return `${what} did not work: ${error && error.message ? error.message : error}`;
  }
  switch (error.code) {
    case 'network':
    case 'unauthenticated':
      return error.message;
    case 'forbidden':
      return `${what} is not allowed for your account.`;
    case 'csrf':
      return 'Your session has changed. Please reload the page.';
    default:
      return error.status >= 500 && error.status !== 503
        ? `${what} did not work because of a problem on the server (${error.code}). Please try again shortly.`
        : `${what} did not work: ${error.message}`;
  }
}

/** Asks before something that cannot be undone; resolves to true when confirmed. */
export function confirmAction(title, text, okLabel) {
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = okLabel;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

/** Marks a button busy while the promise runs. */
export async function busy(btn, work) {
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
  }
}

/**
 * Re-renders a region that polling refreshes without losing the keyboard focus:
 * the focused control is found again by its data-key or aria-label afterwards.
 */
export function keepFocus(container, render) {
  const active = document.activeElement;
  const inside = active && container.contains(active);
  const key = inside ? active.dataset.key || active.getAttribute('aria-label') : null;
  render();
  if (key) {
    const again = [...container.querySelectorAll('[data-key], [aria-label]')]
      .find((n) => (n.dataset.key || n.getAttribute('aria-label')) === key);
    if (again) again.focus({ preventScroll: true });
  }
}
