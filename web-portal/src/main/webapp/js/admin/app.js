/**
 * The admin pages: one page with a view per area (hosts, images, pools,
 * desktops, sessions, audit trail, reports), chosen by the URL's fragment (#pools), so
 * each area has its own address, history entry and bookmark. Views render
 * into #view and poll through the context they get, which stops their timers
 * when another view takes over or the tab is hidden.
 */
import { me, signOut, ApiError } from '../api.js';
import { $, clearError, describe, showError } from './dom.js';
import hosts from './hosts.js';
import images from './images.js';
import pools from './pools.js';
import desktops from './desktops.js';
import sessions from './sessions.js';
import audit from './audit.js';
import reports from './reports.js';

const VIEWS = { hosts, images, pools, desktops, sessions, audit, reports };
const DEFAULT_VIEW = 'pools';

let current = null;

/** What a view gets: where to render, its header actions, and timers that end with it. */
class ViewContext {
  constructor(root, actions) {
    this.root = root;
    this.actions = actions;
    this.timers = [];
    this.active = true;
  }

  /** Runs fn now and then every ms milliseconds while the view is shown and the tab is visible. */
  every(ms, fn) {
    const tick = async () => {
      if (!this.active) return;
      if (!document.hidden) {
        try {
          await fn();
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 401)) showError(describe(e, 'Refreshing'));
        }
      }
      if (this.active) this.timers.push(setTimeout(tick, ms));
    };
    tick();
  }

  stop() {
    this.active = false;
    this.timers.forEach(clearTimeout);
  }
}

function route() {
  const name = location.hash.replace(/^#/, '').split('?')[0];
  const key = Object.hasOwn(VIEWS, name) ? name : DEFAULT_VIEW;
  const view = VIEWS[key];
  if (current) current.stop();
  clearError();
  $('notice').hidden = true;
  for (const a of document.querySelectorAll('.admin-nav a')) {
    if (a.dataset.view === key) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  $('page-title').textContent = view.title;
  $('page-lead').textContent = view.lead;
  document.title = `${view.title} · Administration · VDI Portal`;
  const root = $('view');
  root.replaceChildren();
  root.dataset.view = key;
  $('head-actions').replaceChildren();
  current = new ViewContext(root, $('head-actions'));
  view.mount(current);
}

async function start() {
  $('alert-close').addEventListener('click', clearError);
  $('signout-form').addEventListener('submit', (e) => {
    e.preventDefault();
    signOut();
  });
  try {
    const who = await me();
    $('user-name').textContent = who.name;
    $('user-initials').textContent = String(who.name || '?').slice(0, 2).toUpperCase();
    $('user').hidden = false;
    $('signout-csrf').value = who.csrfToken || '';
  } catch (e) {
    showError(describe(e, 'Loading your account'));
    return;
  }
  window.addEventListener('hashchange', () => {
    route();
    $('main').focus({ preventScroll: true });
  });
  route();
}

start();
