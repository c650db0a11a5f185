/**
 * What the console page tells its user when a console cannot open or ends:
 * a title, a sentence, whether Reconnect can help, and the stable code for
 * support. Two sources: the REST API's {code, message} when asking for a
 * ticket, and the Guacamole status console-proxy closes the tunnel with (its
 * message is the proxy's own sentence, e.g. "terminated by an administrator").
 */

/** Guacamole status codes (guacamole-common's GuacamoleStatus) the proxy closes with. */
export const STATUS = Object.freeze({
  SUCCESS: 0x0000,
  SERVER_ERROR: 0x0200,
  SERVER_BUSY: 0x0201,
  UPSTREAM_TIMEOUT: 0x0202,
  UPSTREAM_ERROR: 0x0203,
  RESOURCE_NOT_FOUND: 0x0204,
  RESOURCE_CONFLICT: 0x0205,
  RESOURCE_CLOSED: 0x0206,
  UPSTREAM_NOT_FOUND: 0x0207,
  UPSTREAM_UNAVAILABLE: 0x0208,
  SESSION_CONFLICT: 0x0209,
  SESSION_TIMEOUT: 0x020A,
  SESSION_CLOSED: 0x020B,
  CLIENT_BAD_REQUEST: 0x0300,
  CLIENT_UNAUTHORIZED: 0x0301,
  CLIENT_FORBIDDEN: 0x0303,
  CLIENT_TIMEOUT: 0x0308,
  CLIENT_OVERRUN: 0x030D,
  CLIENT_BAD_TYPE: 0x030F,
  CLIENT_TOO_MANY: 0x031D,
});

/** The proxy's sentence when the sign-in behind the console ended (broker: ConsoleSessionServiceBean). */
const SIGNED_OUT = 'you signed out';

function sentence(text) {
  const t = String(text || '').trim();
  if (!t) return '';
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(s) ? s : s + '.';
}

/** The server's own words, unless the status carries only its number (a WebSocket close reason). */
function serverWords(status) {
  const m = status && typeof status.message === 'string' ? status.message.trim() : '';
  return m && !/^\d+$/.test(m) ? m : '';
}

/** The broker's reasons for closing a console (ConsoleSessionServiceBean), in the user's terms. */
const CLOSED_BECAUSE = {
  'terminated by an administrator': {
    title: 'Session terminated by an administrator',
    text: 'An administrator ended your console session. You can reconnect, or go back to My desktops.',
  },
  'the desktop was released': {
    title: 'Desktop released',
    text: 'This desktop is no longer assigned to you, so its console closed. Connect again from My desktops.',
    retry: false,
  },
};

function closedBecause(words, code) {
  const known = CLOSED_BECAUSE[words];
  if (known) {
    return { retry: true, code, ...known };
  }
  return { title: 'Console closed', text: sentence(words) || 'The console session has ended.', retry: true, code };
}

/**
 * A failure to get a console ticket (an ApiError of js/api.js).
 * @returns {{title: string, text: string, retry: boolean, code: string, signIn?: boolean}}
 */
export function describeApiError(e) {
  const code = e && e.code ? e.code : 'unknown';
  const said = sentence(e && e.message);
  switch (e && e.status) {
    case 0:
      return { title: 'The portal cannot be reached', text: 'Check your network connection, then reconnect.', retry: true, code };
    case 401:
      return { title: 'You are signed out', text: 'Sign in again to open the console.', retry: false, code, signIn: true };
    case 403:
      return { title: 'This desktop is not yours', text: said || 'You can only open the consoles of your own desktops.', retry: false, code };
    case 404:
      return { title: 'Desktop not found', text: 'This desktop no longer exists. Go back to My desktops and connect again.', retry: false, code };
    case 409:
      return { title: 'Your desktop is not ready', text: said || 'It is still starting or is being changed. Try again in a moment.', retry: true, code };
    case 503:
      return { title: 'Consoles are unavailable', text: said || 'The service is busy. Try again in a moment.', retry: true, code };
    default:
      return { title: 'The console could not be opened', text: said || 'Something went wrong. Try again in a moment.', retry: true, code };
  }
}

/**
 * A console that ended with an error status (a Guacamole.Status).
 * @returns {{title: string, text: string, retry: boolean, code: string, signIn?: boolean}}
 */
export function describeStatus(status, wasConnected = false) {
  const n = status ? status.code : STATUS.SERVER_ERROR;
  const words = serverWords(status);
  const code = 'guacamole-' + n + (words ? ' · ' + words : '');
  if (n === STATUS.SESSION_CLOSED && words === SIGNED_OUT) {
    return { title: 'You signed out', text: 'The console closed because you signed out of the portal.', retry: false, code, signIn: true };
  }
  switch (n) {
    case STATUS.SESSION_CLOSED:
      return closedBecause(words, code);
    case STATUS.SESSION_TIMEOUT:
      return { title: 'Closed for inactivity', text: sentence(words) || 'The console closed after a while without input.', retry: true, code };
    case STATUS.CLIENT_UNAUTHORIZED:
      return { title: 'Console ticket refused', text: (sentence(words) || 'The console ticket is not valid.')
        + ' Reconnect fetches a new one.', retry: true, code };
    case STATUS.CLIENT_FORBIDDEN:
      return { title: 'Console not allowed', text: sentence(words) || 'You may not open this console.', retry: false, code };
    case STATUS.CLIENT_TOO_MANY:
      return { title: 'Too many consoles open', text: sentence(words) || 'Close another console first.', retry: true, code };
    case STATUS.RESOURCE_NOT_FOUND:
      return { title: 'Desktop not found', text: sentence(words) || 'This desktop no longer exists.', retry: false, code };
    case STATUS.UPSTREAM_UNAVAILABLE:
    case STATUS.RESOURCE_CONFLICT:
      if (!wasConnected) {
        return { title: 'Your desktop is not ready', text: sentence(words) || 'It is not running right now. Try again in a moment.', retry: true, code };
      }
      return upstreamLost(code);
    case STATUS.UPSTREAM_ERROR:
    case STATUS.UPSTREAM_NOT_FOUND:
    case STATUS.UPSTREAM_TIMEOUT:
    case STATUS.RESOURCE_CLOSED:
      return wasConnected ? upstreamLost(code)
        : { title: 'The desktop\'s display cannot be reached', text: 'Its display did not answer. Try again in a moment.', retry: true, code };
    case STATUS.SERVER_BUSY:
      return { title: 'The console service is busy', text: sentence(words) || 'Try again in a moment.', retry: true, code };
    case STATUS.SERVER_ERROR:
      // console-proxy's own faults: guacd gone or unreachable, the broker unreachable, a failure of its own
      return { title: 'The console service is unavailable', text: sentence(words) || 'Consoles cannot be served right now. Try again in a moment.', retry: true, code };
    case STATUS.CLIENT_TIMEOUT:
      return { title: 'Connection lost', text: 'Nothing arrived from the console service for too long. Check your network, then reconnect.', retry: true, code };
    default:
      return { title: 'The console stopped', text: sentence(words) || 'The connection to the console service failed.', retry: true, code };
  }
}

function upstreamLost(code) {
  return {
    title: 'Connection to the desktop lost',
    text: 'The desktop\'s display stopped answering. It may have been shut down or restarted; reconnect once it is running again.',
    retry: true,
    code,
  };
}

/** A console that ended without an error, though the user did not disconnect. */
export function describeQuietEnd(wasConnected) {
  return wasConnected
    ? { title: 'The console closed', text: 'The desktop\'s display ended the connection.', retry: true, code: 'closed' }
    : { title: 'The console could not connect', text: 'The console service closed the connection before the desktop appeared.', retry: true, code: 'closed' };
}
