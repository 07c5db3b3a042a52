// Every call to the API goes through here: the key in x-api-key, the answer checked against its schema, and every
// error answer turned into an ApiError whose message a person can read.
import { session } from './session.js';
import { check, problem as problemSchema, SchemaError } from './schemas.js';
import { config } from './config.js';

export class ApiError extends Error {
  /**
   * status 0 means the server was not reached. retryAfter is in seconds when the server sent Retry-After. problem is
   * the whole ProblemDetails body (with any extension fields), null when there was none.
   */
  constructor(status, title, detail, { retryAfter = null, errors = null, problem = null } = {}) {
    super(detail ? `${title} ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.retryAfter = retryAfter;
    this.errors = errors;
    this.problem = problem;
  }
}

const listeners = new Set();
/** Called with every 401, so the page can send the user back to sign in. */
export const onUnauthorized = (listener) => listeners.add(listener);

export function retryAfterSeconds(header, now = Date.now()) {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

const explain = {
  400: 'The request was not accepted.',
  401: 'The API key was not accepted.',
  404: 'Not found.',
  409: 'That is not possible right now.',
  413: 'The request is too large.',
  415: 'The request must be JSON.',
  429: 'Too many requests.',
  500: 'The server failed.',
  503: 'The service is unavailable right now.',
};

async function errorFrom(response, where) {
  let body = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      body = check(problemSchema, JSON.parse(text), where);
    } catch (error) {
      if (!(error instanceof SyntaxError) && !(error instanceof SchemaError)) throw error;
    }
  }
  const status = response.status;
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
  const title = body?.title || explain[status] || `The server answered ${status}.`;
  let detail = body?.detail || '';
  if (status === 404 && !detail) detail = `${where} does not exist for this tenant.`;
  if (status === 401) detail = `${detail} Sign in again with a valid key.`.trim();
  if (status === 429 || status === 503) {
    detail = `${detail} ${retryAfter != null ? `Try again in ${retryAfter} s.` : 'Try again shortly.'}`.trim();
  }
  return new ApiError(status, title, detail, { retryAfter, errors: body?.errors ?? null, problem: body });
}

/**
 * Calls the API. `schema` checks a JSON answer; `as: 'blob'` returns the body as a Blob (images); `optional: true`
 * answers null for a 404 (a route this server may not have yet) instead of throwing.
 */
export async function api(path, { method = 'GET', body, schema, as = 'json', signal, optional = false, key } = {}) {
  const where = `${method} ${path.split('?')[0]}`;
  const headers = { 'x-api-key': key ?? session.key() ?? '' };
  if (as === 'json') headers.accept = 'application/json';
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${config.apiBase}${path}`, {
      method, headers, signal, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server could not be reached.', `${where} failed: ${error.message}. Is the server running?`);
  }
  if (optional && response.status === 404) return null;
  if (!response.ok) {
    const error = await errorFrom(response, where);
    // A key being tried (sign-in) is not the session's: its 401 is the caller's to show.
    if (error.status === 401 && key === undefined) listeners.forEach((listener) => listener(error));
    throw error;
  }
  if (as === 'blob') return response.blob();
  let json;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(response.status, 'The server answered with something that is not JSON.', `${where} answered ${response.status}.`);
  }
  return schema ? check(schema, json, where) : json;
}

export const query = (params) => {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
};
