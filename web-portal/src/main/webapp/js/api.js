/**
 * The portal pages' one way to call the REST API (/api/v1). Shared by the user
 * portal and the admin pages; no framework, no build step.
 *
 * Sign-in: pages are signed in by the portal session cookie (set by /auth/login
 * and /auth/callback), so requests carry no bearer token. When the session has
 * ended the API answers 401 and this module sends the browser to sign in again,
 * back to the same page afterwards.
 *
 * CSRF: a cookie is sent along even on requests another site makes the browser
 * send, so the API accepts a state-changing request (anything but GET, HEAD and
 * OPTIONS) of a session only with the header X-CSRF-Token holding the session's
 * random CSRF token. Pages get it from GET /api/v1/me (field csrfToken), which
 * only same-origin scripts can read. This module fetches it once per page, adds
 * it to every state-changing request, and on a 403 {code: "csrf"} fetches it
 * again and retries once. Sign-out is a form POST to /auth/logout with the same
 * token in the field "csrf" (see signOut()).
 *
 * Errors: every failure is an ApiError with the HTTP status (0 when the portal
 * could not be reached), the API's stable error code and its message.
 *
 * Usage:
 *   import { api, me, ApiError } from '/js/api.js';
 *   const pools = await api.get('/pools');
 *   await api.post(`/pools/${id}/assignments`);
 */

const BASE = '/api/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'X-CSRF-Token';

/**
 * A failed API call: status 0 for network errors, else the HTTP status; code as
 * the API sends it; field, when the API names the request field at fault.
 */
export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let mePromise = null;

/**
 * Who is signed in: {name, roles, groups, admin, csrfToken}. Cached for the
 * page's lifetime; pass {refresh: true} to ask again.
 */
export function me({ refresh = false } = {}) {
  if (!mePromise || refresh) {
    mePromise = send('GET', '/me').catch((e) => {
      mePromise = null;
      throw e;
    });
  }
  return mePromise;
}

/** Sends the browser to sign in, coming back to this page afterwards. */
export function signIn() {
  const next = location.pathname + location.search;
  location.assign('/auth/login?next=' + encodeURIComponent(next));
}

/**
 * Signs out: a POST of a form to /auth/logout with the CSRF token; the server
 * ends the session and sends the browser through Keycloak's sign-out.
 */
export async function signOut() {
  const { csrfToken } = await me();
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/auth/logout';
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'csrf';
  field.value = csrfToken || '';
  form.append(field);
  document.body.append(form);
  form.submit();
}

/**
 * One API request. Resolves to the parsed JSON body (null for an empty one);
 * rejects with an ApiError.
 *
 * @param {string} method  HTTP method
 * @param {string} path    path under /api/v1, e.g. "/pools"
 * @param {{body?: any, signal?: AbortSignal}} [options]
 */
export async function request(method, path, options = {}) {
  try {
    return await send(method, path, options);
  } catch (e) {
    if (e instanceof ApiError && e.status === 403 && e.code === 'csrf' && !options.retried) {
      await me({ refresh: true });
      return send(method, path, { ...options, retried: true });
    }
    throw e;
  }
}

async function send(method, path, { body, signal, file } = {}) {
  const headers = { Accept: file ? '*/*' : 'application/json' };
  if (!SAFE_METHODS.has(method)) {
    const who = await me();
    if (who.csrfToken) {
      headers[CSRF_HEADER] = who.csrfToken;
    }
  }
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', redirect: 'manual', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (e) {
    if (e && e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'network', 'The portal cannot be reached. Check your connection and try again.');
  }
  if (response.status === 401) {
    mePromise = null;
    signIn();
    throw new ApiError(401, 'unauthenticated', 'Your session has ended. Taking you to sign-in…');
  }
  if (file && response.ok) {
    // a download: the body as a Blob and the file name the server gave it
    const disposition = response.headers.get('content-disposition') || '';
    const name = /filename="([^"]+)"/.exec(disposition);
    return { blob: await response.blob(), fileName: name ? name[1] : null };
  }
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const code = data && typeof data.code === 'string' ? data.code : `http_${response.status}`;
    const message = data && typeof data.message === 'string' ? data.message : response.statusText;
    const field = data && typeof data.field === 'string' ? data.field : null;
    throw new ApiError(response.status, code, message, field);
  }
  return data;
}

/**
 * Shorthands: api.get(path), api.post(path, body), api.put(path, body), api.del(path);
 * api.postFile(path) for a POST answered by a file: {blob, fileName}.
 */
export const api = {
  postFile: (path, options) => request('POST', path, { ...options, file: true }),
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};
