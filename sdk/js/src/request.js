// The request a route handler receives.

import { HttpError } from './reply.js';

const decoder = new TextDecoder();

/** One request routed to the module; `path` is below the module's prefix. */
export class Request {
  /**
   * @param {{method: string, path: string, query?: Array<[string, string]>,
   *          headers?: Array<{name: string, value: string}>, body?: Uint8Array}} raw
   * @param {Record<string, string>} [params] path parameters (`:name` segments), decoded
   */
  constructor(raw, params = {}) {
    this.method = raw.method;
    this.path = raw.path;
    this.params = params;
    this.queryPairs = raw.query ?? [];
    this.headers = raw.headers ?? [];
    this.body = raw.body ?? new Uint8Array();
  }

  /** A request for tests: `Request.of('GET', '/greet', { query: { name: 'Ada' } })`. */
  static of(method, path, { query = {}, headers = {}, body } = {}) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body)
      : body instanceof Uint8Array ? body
      : body === undefined ? new Uint8Array()
      : new TextEncoder().encode(JSON.stringify(body));
    return new Request({
      method,
      path,
      query: Object.entries(query),
      headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
      body: bytes,
    });
  }

  /** A path parameter (`/users/:id` gives `param('id')`), percent-decoded. */
  param(name) {
    return this.params[name];
  }

  /** The first query parameter called `name` (decoded by the host). */
  query(name) {
    return this.queryPairs.find(([k]) => k === name)?.[1];
  }

  /** A request header, by case-insensitive name. */
  header(name) {
    const lower = name.toLowerCase();
    return this.headers.find((h) => h.name.toLowerCase() === lower)?.value;
  }

  /** The body as UTF-8 text. */
  text() {
    return decoder.decode(this.body);
  }

  /** The body parsed as JSON; a body that is not JSON throws an `HttpError` (400). */
  json() {
    try {
      return JSON.parse(this.text());
    } catch (e) {
      throw new HttpError(400, `the request body is not valid JSON: ${e.message}`);
    }
  }
}
