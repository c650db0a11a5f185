/**
 * The user portal, "My desktops": the pools the signed-in user is entitled to
 * and the desktops assigned to them, with live state. Connect, Release, Reset,
 * SPICE in the browser (spice.html) and the SPICE .vv download. All text
 * reaches the page through textContent or attribute setters, never as HTML.
 */
import { api, me, ApiError } from './api.js';

const POLL_BUSY_MS = 2000;
const POLL_IDLE_MS = 15000;
/** After an action, poll fast for a while: the broker changes the state in the background. */
const FAST_AFTER_ACTION_MS = 20000;

/** How each desktop state (as the API spells it) shows. */
const STATES = {
  provisioning: { label: 'Starting…', tone: 'progress', busy: true, step: 'Preparing the disk' },
  starting: { label: 'Starting…', tone: 'progress', busy: true, step: 'Booting until it is ready' },
  refreshing: { label: 'Refreshing…', tone: 'progress', busy: true, step: 'Restoring a clean copy' },
  deleting: { label: 'Removing…', tone: 'neutral', busy: true, step: 'Removing' },
  stopped: { label: 'Stopped', tone: 'neutral', hint: 'Connect starts it again.' },
  available: { label: 'Ready', tone: 'ready', ready: true },
  assigned: { label: 'Ready', tone: 'ready', ready: true },
  'in-use': { label: 'In use', tone: 'inuse', ready: true, hint: 'A console is open on this desktop.' },
  error: { label: 'Needs attention', tone: 'error', hint: 'Something went wrong. Try Reset, or release it.' },
  unavailable: { label: 'Unavailable', tone: 'warning', hint: 'Its server cannot be reached right now.' },
};
const UNKNOWN_STATE = { label: 'Unknown', tone: 'neutral' };

const view = {
  pools: [],
  desktops: [],
  /** desktopId the user asked to connect to while it was still starting */
  pendingConnect: null,
  /** desktopId -> time first seen busy, for the elapsed-time display */
  busySince: new Map(),
  /** desktopId -> the busy state its busySince belongs to */
  busyState: new Map(),
  timer: null,
  loaded: false,
  /** poll every POLL_BUSY_MS until this time */
  fastUntil: 0,
};

function pollFast() {
  view.fastUntil = Date.now() + FAST_AFTER_ACTION_MS;
}

const $ = (id) => document.getElementById(id);

// --- small DOM helpers: text only, never HTML ----------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c !== null && c !== undefined && c !== false) node.append(c);
  }
  return node;
}

function icon(name, cls = 'icon') {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', `#i-${name}`);
  svg.append(use);
  return svg;
}

function button(label, { action, kind = '', iconName, ariaLabel, onclick, disabled } = {}) {
  return el('button', {
    type: 'button',
    class: `button ${kind}`.trim(),
    'aria-label': ariaLabel,
    dataset: action ? { action } : undefined,
    disabled,
    onclick,
  }, iconName ? icon(iconName) : null, el('span', { text: label }));
}

// --- status and errors -----------------------------------------------------------

let announceClear = null;

/** Says something to screen readers (polite live region). */
function announce(message) {
  const region = $('status');
  region.textContent = '';
  clearTimeout(announceClear);
  // a fresh node, so the same message twice is read twice
  requestAnimationFrame(() => {
    region.textContent = message;
  });
  announceClear = setTimeout(() => {
    region.textContent = '';
  }, 8000);
}

function showError(message) {
  $('alert-text').textContent = message;
  $('alert').hidden = false;
}

function clearError() {
  $('alert').hidden = true;
  $('alert-text').textContent = '';
}

/** A sentence for the person at the screen, from an API failure. */
function describe(error, what) {
  if (!(error instanceof ApiError)) {
    return `${what} did not work: ${error && error.message ? error.message : error}`;
  }
  switch (error.code) {
    case 'no_desktop_available':
      return 'No desktop is free right now in this pool. New ones are being prepared — please try again in a minute.';
    case 'network':
    case 'unauthenticated':
      return error.message;
    case 'forbidden':
      return `${what} is not allowed for your account.`;
    case 'not_found':
      return `${what} did not work: it no longer exists. The list has been refreshed.`;
    case 'csrf':
      return 'Your session has changed. Please reload the page.';
    case 'conflict':
    case 'invalid_state':
      return `${what} is not possible right now: ${error.message}`;
    default:
      return error.status >= 500
        ? `${what} did not work because of a problem on the server. Please try again shortly.`
        : `${what} did not work: ${error.message}`;
  }
}

// --- confirmation dialog ------------------------------------------------------------

/** Asks in a modal dialog; resolves true when confirmed. Cancel has the focus first. */
function confirmAction({ title, text, confirmLabel }) {
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = confirmLabel;
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.returnValue = 'cancel';
    dialog.addEventListener('close', () => {
      if (opener && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'confirm');
    }, { once: true });
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

// --- model helpers --------------------------------------------------------------------

const stateOf = (d) => STATES[d.state] || UNKNOWN_STATE;
const poolOf = (d) => view.pools.find((p) => p.id === d.poolId);
const hasSpice = (pool) => !!pool && Array.isArray(pool.protocols) && pool.protocols.includes('spice');

function openConsole(desktop) {
  view.pendingConnect = null;
  announce(`${desktop.desktopName} is ready. Opening the console…`);
  location.assign(`/console.html?desktop=${encodeURIComponent(desktop.desktopId)}`);
}

function elapsed(desktopId) {
  const since = view.busySince.get(desktopId);
  if (!since) return '';
  const s = Math.max(0, Math.round((Date.now() - since) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

// --- actions ------------------------------------------------------------------------

async function withBusy(btn, busyLabel, work) {
  const label = btn.querySelector('span');
  const before = label ? label.textContent : '';
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  if (label) label.textContent = busyLabel;
  try {
    return await work();
  } finally {
    if (btn.isConnected) {
      btn.disabled = false;
      btn.removeAttribute('aria-busy');
      if (label) label.textContent = before;
    }
  }
}

async function connectToPool(pool, btn) {
  clearError();
  announce(`Connecting to ${pool.name}…`);
  await withBusy(btn, 'Connecting…', async () => {
    try {
      const a = await api.post(`/pools/${encodeURIComponent(pool.id)}/assignments`);
      const desktop = { desktopId: a.desktopId, desktopName: a.desktopName, state: a.state };
      if (stateOf(desktop).ready) {
        openConsole(desktop);
        return;
      }
      view.pendingConnect = a.desktopId;
      pollFast();
      announce(`${a.desktopName} is starting. The console opens as soon as it is ready.`);
      await refresh();
    } catch (e) {
      showError(describe(e, `Connecting to ${pool.name}`));
      refresh();
    }
  });
}

async function connectToDesktop(desktop, btn) {
  clearError();
  const state = stateOf(desktop);
  if (state.ready) {
    openConsole(desktop);
    return;
  }
  if (state.busy) {
    view.pendingConnect = desktop.desktopId;
    announce(`${desktop.desktopName} is still starting. The console opens as soon as it is ready.`);
    render();
    return;
  }
  // stopped (or failed): asking the pool again starts the desktop the user holds
  const pool = poolOf(desktop) || { id: desktop.poolId, name: desktop.poolName };
  await connectToPool(pool, btn);
}

async function releaseDesktop(desktop, btn) {
  const ok = await confirmAction({
    title: `Release ${desktop.desktopName}?`,
    text: 'The desktop goes back to its pool and may be reset to a clean state. Anything unsaved on it is lost.',
    confirmLabel: 'Release desktop',
  });
  if (!ok) return;
  clearError();
  await withBusy(btn, 'Releasing…', async () => {
    try {
      await api.del(`/assignments/${encodeURIComponent(desktop.assignmentId)}`);
      pollFast();
      if (view.pendingConnect === desktop.desktopId) view.pendingConnect = null;
      announce(`${desktop.desktopName} was released.`);
    } catch (e) {
      showError(describe(e, `Releasing ${desktop.desktopName}`));
    }
  });
  await refresh();
}

async function resetDesktop(desktop, btn) {
  const ok = await confirmAction({
    title: `Reset ${desktop.desktopName}?`,
    text: 'The desktop is powered off and started again, like pressing its reset button. Anything unsaved on it is lost.',
    confirmLabel: 'Reset desktop',
  });
  if (!ok) return;
  clearError();
  await withBusy(btn, 'Resetting…', async () => {
    try {
      await api.post(`/desktops/${encodeURIComponent(desktop.desktopId)}/reset`);
      pollFast();
      view.busySince.set(desktop.desktopId, Date.now());
      announce(`${desktop.desktopName} is restarting.`);
    } catch (e) {
      showError(describe(e, `Resetting ${desktop.desktopName}`));
    }
  });
  await refresh();
}

/**
 * The .vv file for remote-viewer: a POST with the session's CSRF token (each file sets a new
 * SPICE password), handed to the browser as a download.
 */
async function downloadSpiceFile(desktop, btn) {
  clearError();
  await withBusy(btn, 'Preparing…', async () => {
    try {
      const { blob, fileName } = await api.postFile(`/desktops/${encodeURIComponent(desktop.desktopId)}/spice.vv`);
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: fileName || `${desktop.desktopName}.vv`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      announce(`A SPICE connection file for ${desktop.desktopName} was downloaded; open it with remote-viewer.`);
    } catch (e) {
      showError(describe(e, `Preparing the SPICE file for ${desktop.desktopName}`));
    }
  });
}

// --- rendering --------------------------------------------------------------------------

function desktopCard(d) {
  const state = stateOf(d);
  const pool = poolOf(d);
  const pending = view.pendingConnect === d.desktopId;
  const name = d.desktopName;

  const connectLabel = state.ready ? 'Connect' : state.busy ? (pending ? 'Opens when ready' : 'Connect when ready') : 'Start and connect';
  const connect = button(connectLabel, {
    action: 'connect',
    kind: 'button-primary',
    iconName: 'play',
    ariaLabel: `${connectLabel}: ${name}`,
    disabled: pending && state.busy,
    onclick: (e) => connectToDesktop(d, e.currentTarget),
  });

  const actions = el('div', { class: 'card-actions' }, connect);
  if (hasSpice(pool) && state.ready) {
    actions.append(el('a', {
      class: 'button',
      href: `/spice.html?desktop=${encodeURIComponent(d.desktopId)}`,
      dataset: { action: 'spice-browser' },
      'aria-label': `Open ${name} with SPICE in the browser`,
    }, icon('desktop'), el('span', { text: 'SPICE in browser' })));
    actions.append(button('.vv file', {
      action: 'spice',
      iconName: 'download',
      ariaLabel: `Download a SPICE connection file (.vv) for ${name}`,
      onclick: (e) => downloadSpiceFile(d, e.currentTarget),
    }));
  }
  const manage = el('div', { class: 'card-footer' },
    button('Reset', {
      action: 'reset',
      kind: 'button-quiet button-small',
      iconName: 'reset',
      ariaLabel: `Reset ${name}`,
      disabled: d.state === 'deleting' || d.state === 'refreshing',
      onclick: (e) => resetDesktop(d, e.currentTarget),
    }),
    button('Release', {
      action: 'release',
      kind: 'button-quiet button-small',
      iconName: 'release',
      ariaLabel: `Release ${name}`,
      disabled: d.state === 'deleting',
      onclick: (e) => releaseDesktop(d, e.currentTarget),
    }));

  const titleId = `desktop-${d.desktopId}-title`;
  const card = el('li', { class: `card desktop tone-${state.tone}`, 'aria-labelledby': titleId, tabindex: '-1' },
    el('div', { class: 'card-top' },
      el('div', { class: 'card-icon' }, icon('desktop')),
      el('div', { class: 'card-title' },
        el('h3', { id: titleId, text: name }),
        el('p', { class: 'meta' },
          el('span', { class: `badge badge-${state.tone}`, dataset: { state: d.state || '' } },
            el('span', { class: 'badge-dot', 'aria-hidden': 'true' }),
            el('span', { text: state.label })),
          d.poolName ? el('span', { class: 'muted', text: d.poolName }) : null))));

  if (state.busy) {
    card.append(el('div', { class: 'progress-block' },
      el('div', { class: 'progress', role: 'progressbar', 'aria-label': `${name}: ${state.step}`, 'aria-valuetext': `${state.step}` },
        el('div', { class: 'progress-bar' })),
      el('p', { class: 'progress-text' },
        el('span', { text: `${state.step}…` }),
        el('span', { class: 'elapsed', dataset: { desktop: d.desktopId }, text: elapsed(d.desktopId) })),
      pending ? el('p', { class: 'hint', text: 'The console opens by itself when the desktop is ready.' }) : null));
  } else if (state.hint) {
    card.append(el('p', { class: 'hint', text: state.hint }));
  }
  card.append(actions, manage);
  card.dataset.key = d.desktopId;
  card.dataset.sig = JSON.stringify([d.state, d.desktopName, d.poolName, pending, hasSpice(pool)]);
  return card;
}

function poolCard(p) {
  const held = view.desktops.find((d) => d.poolId === p.id);
  const dedicated = p.assignment === 'dedicated';
  const protocols = Array.isArray(p.protocols) ? p.protocols : [];
  const titleId = `pool-${p.id}-title`;
  const label = held ? 'Open my desktop' : 'Connect';
  const card = el('li', { class: 'card pool', 'aria-labelledby': titleId, tabindex: '-1' },
    el('div', { class: 'card-top' },
      el('div', { class: 'card-icon card-icon-pool' }, icon('pool')),
      el('div', { class: 'card-title' },
        el('h3', { id: titleId, text: p.name }),
        el('p', { class: 'muted', text: dedicated ? 'Personal desktop — the same one every time' : 'Shared pool — a fresh desktop each session' }))),
    el('ul', { class: 'chips', 'aria-label': 'Ways to connect' },
      el('li', { class: 'chip', text: 'In the browser' }),
      protocols.includes('spice') ? el('li', { class: 'chip', text: 'SPICE client' }) : null,
      el('li', { class: 'chip chip-soft', text: dedicated ? 'Dedicated' : 'Floating' })),
    el('div', { class: 'card-actions' },
      button(label, {
        action: 'connect',
        kind: 'button-primary',
        iconName: 'play',
        ariaLabel: `${label}: ${p.name}`,
        onclick: (e) => (held ? connectToDesktop(held, e.currentTarget) : connectToPool(p, e.currentTarget)),
      })));
  card.dataset.key = p.id;
  card.dataset.sig = JSON.stringify([p.name, p.assignment, protocols, held ? held.desktopId : null]);
  return card;
}

/**
 * Replaces the list's cards by key, keeping a card whose content did not change
 * (so focus and hover stay put while polling) and moving focus into the new card
 * when the old one had it.
 */
function reconcile(list, cards) {
  const old = new Map([...list.children].filter((c) => c.dataset.key).map((c) => [c.dataset.key, c]));
  const focused = document.activeElement;
  const next = cards.map((card) => {
    const prev = old.get(card.dataset.key);
    if (prev && prev.dataset.sig === card.dataset.sig) return prev;
    if (prev && prev.contains(focused)) {
      const action = focused.dataset ? focused.dataset.action : undefined;
      queueMicrotask(() => {
        const target = (action && card.querySelector(`[data-action="${action}"]:not([disabled])`)) || card;
        target.focus();
      });
    }
    return card;
  });
  list.replaceChildren(...next);
  list.setAttribute('aria-busy', 'false');
}

function render() {
  const desktops = view.desktops;
  reconcile($('desktops'), desktops.map(desktopCard));
  $('desktops-empty').hidden = desktops.length > 0;
  $('desktops').hidden = desktops.length === 0;
  $('desktops-count').textContent = desktops.length ? String(desktops.length) : '';

  reconcile($('pools'), view.pools.map(poolCard));
  $('pools-empty').hidden = view.pools.length > 0;
  $('pools').hidden = view.pools.length === 0;
  $('pools-count').textContent = view.pools.length ? String(view.pools.length) : '';
}

function tickElapsed() {
  for (const span of document.querySelectorAll('.elapsed[data-desktop]')) {
    span.textContent = elapsed(span.dataset.desktop);
  }
}

// --- loading and polling -----------------------------------------------------------------

async function refresh() {
  clearTimeout(view.timer);
  try {
    const [pools, desktops] = await Promise.all([api.get('/pools'), api.get('/me/desktops')]);
    view.pools = Array.isArray(pools) ? pools : [];
    view.desktops = (Array.isArray(desktops) ? desktops : [])
      .slice().sort((a, b) => String(a.desktopName).localeCompare(String(b.desktopName)));
    const now = Date.now();
    for (const d of view.desktops) {
      if (stateOf(d).busy) {
        // the broker's time the desktop entered its state (a reload keeps counting); else first seen
        const since = Date.parse(d.stateSince);
        if (!Number.isNaN(since) && d.state !== view.busyState.get(d.desktopId)) {
          view.busySince.set(d.desktopId, Math.min(since, now));
        } else if (!view.busySince.has(d.desktopId)) {
          view.busySince.set(d.desktopId, now);
        }
        view.busyState.set(d.desktopId, d.state);
      } else {
        view.busySince.delete(d.desktopId);
        view.busyState.delete(d.desktopId);
      }
    }
    const pending = view.pendingConnect && view.desktops.find((d) => d.desktopId === view.pendingConnect);
    if (view.pendingConnect && !pending) {
      view.pendingConnect = null;
    } else if (pending && stateOf(pending).ready) {
      render();
      openConsole(pending);
      return;
    } else if (pending && (pending.state === 'error' || pending.state === 'unavailable')) {
      view.pendingConnect = null;
      showError(`${pending.desktopName} could not be started. Try Reset, or release it and connect again.`);
    }
    view.loaded = true;
    render();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return; // on the way to sign-in
    showError(describe(e, 'Loading your desktops'));
  }
  schedule();
}

function schedule() {
  clearTimeout(view.timer);
  const busy = view.pendingConnect || Date.now() < view.fastUntil || view.desktops.some((d) => stateOf(d).busy);
  if (document.hidden && !busy) return; // resumes on visibilitychange
  view.timer = setTimeout(refresh, busy ? POLL_BUSY_MS : POLL_IDLE_MS);
}

// --- header --------------------------------------------------------------------------------

function initials(name) {
  const parts = String(name).split(/[\s._@-]+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : String(name).slice(0, 1);
  return letters.toUpperCase();
}

async function initHeader() {
  const form = $('signout-form');
  form.addEventListener('submit', (e) => {
    if (!$('signout-csrf').value) {
      e.preventDefault();
      me().then((who) => {
        $('signout-csrf').value = who.csrfToken || '';
        form.submit();
      }).catch((err) => showError(describe(err, 'Signing out')));
    }
  });
  try {
    const who = await me();
    $('user-name').textContent = who.name;
    $('user-initials').textContent = initials(who.name);
    $('user').hidden = false;
    $('admin-link').hidden = !who.admin;
    $('signout-csrf').value = who.csrfToken || '';
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) showError(describe(e, 'Loading your account'));
  }
}

function init() {
  $('alert-close').addEventListener('click', clearError);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
  setInterval(tickElapsed, 1000);
  initHeader();
  refresh();
}

init();
