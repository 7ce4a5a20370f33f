// `http`: outbound requests to granted `host:port` pairs (the global `fetch` is not available).
import { fetch as witFetch } from 'openclaw:buddy/http@0.1.0';
import { call, map } from '../result.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A response: `status`, `headers` ([{name, value}]), `body` (bytes), `text()`, `json()`. */
function response(raw) {
  return {
    status: raw.status,
    headers: raw.headers,
    body: raw.body,
    header: (name) => raw.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value,
    text: () => decoder.decode(raw.body),
    json: () => JSON.parse(decoder.decode(raw.body)),
  };
}

/**
 * `fetch({ url, method = 'GET', headers = {}, body, json, timeoutMs })`: `body` is a string or
 * bytes, `json` a value sent as JSON. Any status the server answers is `{ ok }`.
 */
function fetch({ url, method = 'GET', headers = {}, body, json, timeoutMs }) {
  const list = Object.entries(headers).map(([name, value]) => ({ name, value: String(value) }));
  let bytes = typeof body === 'string' ? encoder.encode(body) : body ?? new Uint8Array();
  if (json !== undefined) {
    bytes = encoder.encode(JSON.stringify(json));
    if (!list.some((h) => h.name.toLowerCase() === 'content-type')) list.push({ name: 'content-type', value: 'application/json' });
  }
  return map(call(() => witFetch({ method, url, headers: list, body: bytes, timeoutMs })), response);
}

export const http = {
  fetch,
  get: (url, options = {}) => fetch({ ...options, url, method: 'GET' }),
  post: (url, json, options = {}) => fetch({ ...options, url, method: 'POST', json }),
};
