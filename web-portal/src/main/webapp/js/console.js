/**
 * The console page (/console.html?desktop=<id>): asks the REST API for a
 * single-use console ticket, opens console-proxy's Guacamole WebSocket tunnel
 * with it (guacamole-common-js, served from /guacamole/), shows the desktop's
 * display scaled to fit the window and sends keyboard and mouse input.
 * Toolbar: Ctrl+Alt+Del, clipboard, full screen, reconnect (always with a
 * fresh ticket: a ticket opens one connection only) and disconnect.
 *
 * Every way a console fails or ends shows as a message over the stage (see
 * console-messages.js). All text reaches the page through textContent.
 */
import { api, me, signIn } from './api.js';
import { describeApiError, describeStatus, describeQuietEnd } from './console-messages.js';

/* global Guacamole */

const KEYSYM = Object.freeze({ CONTROL_L: 0xFFE3, ALT_L: 0xFFE9, DELETE: 0xFFFF });
const CLIENT_STATE = Object.freeze({ IDLE: 0, CONNECTING: 1, WAITING: 2, CONNECTED: 3, DISCONNECTING: 4, DISCONNECTED: 5 });

/** A desktop that is not running yet (409) is asked again this often, this many times. */
const NOT_READY_PAUSE_MS = 3000;
const NOT_READY_RETRIES = 20;

const $ = (id) => document.getElementById(id);

const page = {
  desktopId: new URLSearchParams(location.search).get('desktop'),
  /** the open console: {client, connected, error, userClosed}; null between consoles */
  console: null,
  /** bumped by every connect; an answer for an older attempt is dropped */
  attempt: 0,
  keyboard: null,
};

// --- what the user sees ------------------------------------------------------------

function announce(text) {
  $('announce').textContent = text;
}

function setState(tone, text) {
  $('state').dataset.tone = tone;
  $('state-text').textContent = text;
}

function showBusy(title, text) {
  $('overlay').hidden = false;
  $('message').dataset.tone = 'progress';
  $('spinner').hidden = false;
  $('message-icon').setAttribute('hidden', '');
  $('message-title').textContent = title;
  $('message-text').textContent = text;
  $('message-code').hidden = true;
  $('message-actions').hidden = true;
  setState('progress', 'Connecting…');
}

/** A failure or an end: {title, text, retry, code, signIn?} */
function showEnd(what, tone = 'error') {
  $('overlay').hidden = false;
  $('message').dataset.tone = tone;
  $('message').dataset.code = what.code || '';
  $('spinner').hidden = true;
  $('message-icon').removeAttribute('hidden');
  $('message-title').textContent = what.title;
  $('message-text').textContent = what.text;
  $('message-code').textContent = what.code ? `Code: ${what.code}` : '';
  $('message-code').hidden = !what.code;
  const retry = $('message-retry');
  retry.hidden = !what.retry && !what.signIn;
  retry.textContent = what.signIn ? 'Sign in again' : 'Reconnect';
  retry.dataset.action = what.signIn ? 'sign-in' : 'reconnect';
  $('message-actions').hidden = false;
  setState(tone === 'error' ? 'error' : 'neutral', tone === 'error' ? 'Disconnected' : 'Closed');
  enableTools(false);
  document.title = `${what.title} · Console · VDI Portal`;
  (retry.hidden ? $('message-back') : retry).focus();
}

function showConnected() {
  $('overlay').hidden = true;
  setState('ready', 'Connected');
  enableTools(true);
  announce('Connected. Keys you type on the desktop area go to the desktop.');
  $('display').focus();
}

function enableTools(on) {
  $('cad').disabled = !on;
  $('clipboard-send').disabled = !on;
}

function showSize(display) {
  const w = display.getWidth();
  const h = display.getHeight();
  $('display').dataset.width = String(w);
  $('display').dataset.height = String(h);
  $('display-size').textContent = w && h ? `${w} × ${h}` : '';
}

/** Scales the remote display to fill the stage, keeping its aspect ratio. */
function fit() {
  const c = page.console;
  if (!c) return;
  const display = c.client.getDisplay();
  const w = display.getWidth();
  const h = display.getHeight();
  const stage = $('stage');
  if (!w || !h || !stage.clientWidth || !stage.clientHeight) return;
  display.scale(Math.min(stage.clientWidth / w, stage.clientHeight / h));
}

// --- the console ----------------------------------------------------------------

/** @param {number} [waited] how often the desktop was found not ready on the way here */
async function connect(waited = 0) {
  const attempt = ++page.attempt;
  close();
  if (!page.desktopId) {
    showEnd({ title: 'No desktop chosen', text: 'Open the console from My desktops.', retry: false, code: 'no_desktop' });
    return;
  }
  showBusy('Connecting to your desktop…', 'Getting a console ticket.');
  let ticket;
  try {
    await me();
    ticket = await api.post(`/desktops/${encodeURIComponent(page.desktopId)}/console-tickets`);
  } catch (e) {
    if (attempt !== page.attempt) return;
    if (e && e.status === 401) {
      // api.js is taking the browser to sign-in already
      showEnd(describeApiError(e), 'neutral');
      return;
    }
    if (e && e.status === 409 && e.code === 'desktop_not_ready' && waited < NOT_READY_RETRIES) {
      // still starting (after Reset, or the portal's Connect raced its start): wait a little
      showBusy('Your desktop is starting…', 'The console opens as soon as it is running.');
      setTimeout(() => {
        if (attempt === page.attempt) connect(waited + 1);
      }, NOT_READY_PAUSE_MS);
      return;
    }
    showEnd(describeApiError(e));
    return;
  }
  if (attempt !== page.attempt) return;
  open(ticket, attempt);
}

function open(ticket, attempt) {
  showBusy('Connecting to your desktop…', 'Opening the display.');
  const tunnel = new Guacamole.WebSocketTunnel(ticket.tunnelUrl);
  const client = new Guacamole.Client(tunnel);
  const c = { client, connected: false, error: null, userClosed: false };
  page.console = c;

  const display = client.getDisplay();
  $('display').replaceChildren(display.getElement());
  display.onresize = () => {
    showSize(display);
    fit();
  };

  // the first error wins: console-proxy's error instruction carries its own words
  client.onerror = (status) => {
    if (!c.error) c.error = status;
  };
  client.onstatechange = (state) => {
    if (attempt !== page.attempt) return;
    if (state === CLIENT_STATE.CONNECTED && !c.connected) {
      c.connected = true;
      showConnected();
      fit();
    } else if (state === CLIENT_STATE.DISCONNECTED) {
      // let an error arriving in the same turn be recorded first
      setTimeout(() => ended(c, attempt), 0);
    }
  };
  client.onclipboard = receiveClipboard;

  const mouse = new Guacamole.Mouse(display.getElement());
  mouse.onEach(['mousedown', 'mousemove', 'mouseup'], (e) => {
    if (page.console === c && c.connected) client.sendMouseState(e.state, true);
  });

  const stage = $('stage');
  const params = new URLSearchParams({
    ticket: ticket.ticket,
    width: String(Math.max(1, Math.round(stage.clientWidth))),
    height: String(Math.max(1, Math.round(stage.clientHeight))),
    dpi: String(Math.round(96 * (window.devicePixelRatio || 1))),
  });
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (tz) params.set('timezone', tz);
  client.connect(params.toString());
}

function ended(c, attempt) {
  if (attempt !== page.attempt || page.console !== c) return;
  page.console = null;
  page.keyboard.reset();
  if (c.userClosed) return;
  if (c.error) {
    showEnd(describeStatus(c.error, c.connected));
  } else {
    showEnd(describeQuietEnd(c.connected), 'neutral');
  }
  announce($('message-title').textContent + '. ' + $('message-text').textContent);
}

/** Ends the open console, if any, on the user's behalf. */
function close() {
  const c = page.console;
  if (!c) return;
  c.userClosed = true;
  page.console = null;
  if (page.keyboard) page.keyboard.reset();
  c.client.disconnect();
}

function live() {
  return page.console && page.console.connected ? page.console : null;
}

// --- input ------------------------------------------------------------------------

function setUpKeyboard() {
  const area = $('display');
  // Ctrl+Alt+Shift leaves the display for the toolbar (Tab itself goes to the desktop)
  area.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.altKey && e.shiftKey) {
      e.preventDefault();
      e.stopImmediatePropagation();
      page.keyboard.reset();
      releaseModifiers();
      $('cad').disabled ? $('clipboard-toggle').focus() : $('cad').focus();
    }
  }, true);
  const keyboard = new Guacamole.Keyboard(area);
  keyboard.onkeydown = (keysym) => {
    const c = live();
    if (!c) return true;
    c.client.sendKeyEvent(1, keysym);
    return false;
  };
  keyboard.onkeyup = (keysym) => {
    const c = live();
    if (c) c.client.sendKeyEvent(0, keysym);
  };
  area.addEventListener('blur', () => keyboard.reset());
  area.addEventListener('mousedown', () => area.focus());
  page.keyboard = keyboard;
}

function releaseModifiers() {
  const c = live();
  if (!c) return;
  for (const k of [KEYSYM.CONTROL_L, KEYSYM.ALT_L, 0xFFE1]) c.client.sendKeyEvent(0, k);
}

function sendCtrlAltDel() {
  const c = live();
  if (!c) return;
  const keys = [KEYSYM.CONTROL_L, KEYSYM.ALT_L, KEYSYM.DELETE];
  keys.forEach((k) => c.client.sendKeyEvent(1, k));
  keys.slice().reverse().forEach((k) => c.client.sendKeyEvent(0, k));
  announce('Ctrl+Alt+Del sent to the desktop.');
  $('display').focus();
}

// --- clipboard --------------------------------------------------------------------

function receiveClipboard(stream, mimetype) {
  if (!/^text\//.test(mimetype)) {
    stream.sendAck('Unsupported', Guacamole.Status.Code.UNSUPPORTED);
    return;
  }
  const reader = new Guacamole.StringReader(stream);
  let text = '';
  reader.ontext = (t) => { text += t; };
  reader.onend = () => {
    $('clipboard-text').value = text;
    $('clipboard-status').textContent = 'Copied on the desktop.';
  };
}

function sendClipboard() {
  const c = live();
  if (!c) return;
  const text = $('clipboard-text').value;
  const writer = new Guacamole.StringWriter(c.client.createClipboardStream('text/plain'));
  writer.sendText(text);
  writer.sendEnd();
  $('clipboard-status').textContent = text ? 'Sent to the desktop\'s clipboard.' : 'Cleared the desktop\'s clipboard.';
}

function toggleClipboard(open) {
  const panel = $('clipboard');
  const show = open === undefined ? panel.hidden : open;
  panel.hidden = !show;
  $('clipboard-toggle').setAttribute('aria-expanded', String(show));
  if (show) {
    $('clipboard-text').focus();
  } else {
    $('clipboard-toggle').focus();
  }
  requestAnimationFrame(fit);
}

// --- full screen --------------------------------------------------------------------

function toggleFullscreen() {
  if (document.fullscreenElement) {
    document.exitFullscreen().catch(() => {});
  } else if (document.documentElement.requestFullscreen) {
    document.documentElement.requestFullscreen().catch(() => {
      announce('Full screen is not available here.');
    });
  }
}

function fullscreenChanged() {
  const on = Boolean(document.fullscreenElement);
  $('fullscreen').setAttribute('aria-pressed', String(on));
  $('fullscreen').querySelector('.tool-text').textContent = on ? 'Exit full screen' : 'Full screen';
  requestAnimationFrame(fit);
}

// --- start ------------------------------------------------------------------------

async function showDesktopName() {
  try {
    const mine = await api.get('/me/desktops');
    const d = (Array.isArray(mine) ? mine : []).find((x) => x.desktopId === page.desktopId);
    if (d && d.desktopName) {
      $('desktop-name').textContent = d.desktopName;
      document.title = `${d.desktopName} · Console · VDI Portal`;
    }
  } catch {
    // the name is a nicety; the ticket request reports what matters
  }
}

function start() {
  if (typeof Guacamole === 'undefined') {
    showEnd({ title: 'The console could not load', text: 'Reload the page. If this keeps happening, tell your administrator.',
      retry: false, code: 'no_client' });
    return;
  }
  setUpKeyboard();
  $('cad').addEventListener('click', sendCtrlAltDel);
  $('clipboard-toggle').addEventListener('click', () => toggleClipboard());
  $('clipboard-close').addEventListener('click', () => toggleClipboard(false));
  $('clipboard-send').addEventListener('click', sendClipboard);
  $('fullscreen').addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', fullscreenChanged);
  $('reconnect').addEventListener('click', () => connect());
  $('message-retry').addEventListener('click', () => {
    if ($('message-retry').dataset.action === 'sign-in') signIn();
    else connect();
  });
  $('disconnect').addEventListener('click', () => {
    close();
    location.assign('/');
  });
  window.addEventListener('resize', fit);
  window.addEventListener('pagehide', close);
  if (window.ResizeObserver) new ResizeObserver(fit).observe($('stage'));
  showDesktopName();
  connect();
}

start();
