// Routes: method + path pattern (relative to the module's prefix) -> handler.

import { Request } from './request.js';
import { error } from './reply.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function split(path) {
  return path.split('/').filter((s) => s.length > 0);
}

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The module's routes. Paths start with `/`; a `:name` segment captures a parameter. An
 * unknown path is answered with 404, a known path with another method with 405.
 */
export class Router {
  constructor() {
    this.routes = [];
  }

  route(method, path, summary, handler) {
    const m = String(method).toUpperCase();
    if (!METHODS.includes(m)) throw new TypeError(`unsupported method ${method}: use one of ${METHODS.join(', ')}`);
    if (!path.startsWith('/')) throw new TypeError(`route path ${path} must start with /`);
    if (typeof handler !== 'function') throw new TypeError(`route ${m} ${path} needs a handler function`);
    this.routes.push({ method: m, path, summary, handler, segments: split(path) });
    return this;
  }

  get(path, summary, handler) { return this.route('GET', path, summary, handler); }
  post(path, summary, handler) { return this.route('POST', path, summary, handler); }
  put(path, summary, handler) { return this.route('PUT', path, summary, handler); }
  patch(path, summary, handler) { return this.route('PATCH', path, summary, handler); }
  delete(path, summary, handler) { return this.route('DELETE', path, summary, handler); }

  /** The routes as Buddy lists them. */
  describe() {
    return this.routes.map(({ method, path, summary }) => ({ method, path, summary: summary ?? '' }));
  }

  /** Finds the route for `raw` and calls its handler; a reply, a value or a promise. */
  dispatch(raw) {
    const segments = split(raw.path);
    let wrongMethod = false;
    for (const r of this.routes) {
      const params = match(r.segments, segments);
      if (!params) continue;
      if (r.method !== raw.method.toUpperCase()) {
        wrongMethod = true;
        continue;
      }
      return r.handler(new Request(raw, params));
    }
    return wrongMethod
      ? error(405, `${raw.method} is not allowed on ${raw.path}`)
      : error(404, `no route for ${raw.method} ${raw.path}`);
  }
}

function match(pattern, segments) {
  if (pattern.length !== segments.length) return null;
  const params = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params[pattern[i].slice(1)] = decode(segments[i]);
    else if (pattern[i] !== segments[i]) return null;
  }
  return params;
}
