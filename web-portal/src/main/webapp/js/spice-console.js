/**
 * The SPICE console page (spice.html?desktop=<id>): spice-html5 in the browser,
 * through console-proxy's SPICE bridge.
 *
 * Connecting asks the broker for a SPICE ticket (POST /desktops/{id}/spice-tickets):
 * {ticket, bridgeUrl, expiresAt, password, passwordExpiresAt}. spice-html5 opens
 * one WebSocket per SPICE channel, all to bridgeUrl?ticket=...; the first (main)
 * one redeems the ticket, the others join that session while it is open. The
 * password is a one-time SPICE password, valid for new channels for about a
 * minute: spice-html5 authenticates each channel with it itself. So every
 * (re)connect takes a fresh ticket; nothing is kept.
 *
 * No inline script (CSP script-src 'self'); spice-html5's ES modules come from
 * the portal's own WAR (/spice-html5/src/).
 */
import { api, ApiError } from '/js/api.js';
import { SpiceMainConn, resize_helper, handle_resize, sendCtrlAltDel } from '/spice-html5/src/main.js';

const $ = (id) => document.getElementById(id);
const desktopId = new URLSearchParams(location.search).get('desktop');

let conn = null;
/** Bumped on every connect and disconnect, so late callbacks of an old connection are ignored. */
let generation = 0;
/** How the bridge closed the main channel's WebSocket (its reason is a message for the user). */
let lastClose = null;

function setState(state, text) {
  document.body.dataset.state = state;
  $('spice-state').textContent = text;
  $('spice-cad').disabled = state !== 'connected';
  $('spice-disconnect').disabled = state !== 'connected' && state !== 'connecting';
  $('spice-reconnect').textContent = state === 'connected' || state === 'connecting' ? 'Reconnect' : 'Connect';
}

function showError(text) {
  $('spice-alert-text').textContent = text;
  $('spice-alert').hidden = !text;
}

function clearScreen() {
  $('spice-screen').replaceChildren();
  $('spice-log').replaceChildren();
}

/** What to tell the user about a failure, from the bridge's close reason or spice-html5's error. */
function explain(error) {
  if (lastClose && lastClose.reason) {
    return lastClose.reason;
  }
  const text = error && error.message ? error.message : String(error || '');
  if (text.includes('Bad password')) {
    return 'The desktop refused the one-time SPICE password (it is valid for a minute only). Press Connect to try again.';
  }
  if (text.includes('Connection refused') || text.includes('protocol mismatch')) {
    return 'The SPICE connection could not be opened. Press Connect to try again.';
  }
  return `The SPICE connection ended${text ? `: ${text}` : ''}. Press Connect to open it again.`;
}

function stop() {
  generation += 1;
  const c = conn;
  conn = null;
  window.sc = undefined;
  window.spice_connection = undefined;
  if (c) {
    try {
      c.stop();
    } catch (e) {
      // already closed
    }
  }
  window.removeEventListener('resize', handle_resize);
}

function disconnect() {
  stop();
  clearScreen();
  setState('disconnected', 'Disconnected');
}

function failed(mine, error) {
  if (mine !== generation) {
    return;
  }
  // let the WebSocket's close event (fired after spice-html5's handler) record the bridge's reason first
  setTimeout(() => {
    if (mine !== generation) {
      return;
    }
    const text = explain(error);
    stop();
    setState('failed', 'Not connected');
    showError(text);
  }, 0);
}

async function connect() {
  stop();
  const mine = generation;
  clearScreen();
  showError('');
  lastClose = null;
  if (!desktopId) {
    setState('failed', 'Not connected');
    showError('No desktop given. Open SPICE from the list of your desktops.');
    return;
  }
  setState('connecting', 'Connecting…');
  let t;
  try {
    t = await api.post(`/desktops/${encodeURIComponent(desktopId)}/spice-tickets`);
  } catch (e) {
    if (mine === generation) {
      setState('failed', 'Not connected');
      showError(e instanceof ApiError ? e.message : 'The SPICE ticket could not be fetched. Try again.');
    }
    return;
  }
  if (mine !== generation) {
    return;
  }
  try {
    conn = new SpiceMainConn({
      uri: `${t.bridgeUrl}?ticket=${encodeURIComponent(t.ticket)}`,
      password: t.password,
      screen_id: 'spice-screen',
      message_id: 'spice-log',
      onerror: (e) => failed(mine, e),
      onsuccess: () => {
        if (mine === generation) {
          setState('connected', 'Connected');
          $('spice-screen').focus();
        }
      },
      onagent: (sc) => {
        if (mine === generation) {
          window.spice_connection = sc;
          window.addEventListener('resize', handle_resize);
          resize_helper(sc);
        }
      },
    });
    // spice-html5's sendCtrlAltDel reads the connection from the global "sc" (its resize
    // handler from "spice_connection", set once the guest agent is there)
    window.sc = conn;
    conn.ws.addEventListener('close', (e) => {
      lastClose = { code: e.code, reason: e.reason };
    });
  } catch (e) {
    failed(mine, e);
  }
}

async function showDesktopName() {
  if (!desktopId) {
    return;
  }
  try {
    const mine = await api.get('/me/desktops');
    const d = Array.isArray(mine) ? mine.find((x) => x.desktopId === desktopId) : null;
    if (d && d.desktopName) {
      $('spice-title').textContent = `${d.desktopName} · SPICE`;
      document.title = `${d.desktopName} · SPICE console · VDI Portal`;
    }
  } catch (e) {
    // the title is a nicety; connecting reports real errors
  }
}

$('spice-cad').addEventListener('click', () => {
  if (conn) {
    sendCtrlAltDel();
    $('spice-screen').focus();
  }
});
$('spice-disconnect').addEventListener('click', disconnect);
$('spice-reconnect').addEventListener('click', connect);
window.addEventListener('pagehide', stop);

showDesktopName();
connect();
