// `kv`: the module's private key-value store in Buddy's database. Grant: `kv = true`.
import * as wit from 'openclaw:buddy/kv@0.1.0';
import { call, map } from '../result.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const kv = {
  /** The bytes stored under `key`, or `undefined`. */
  get: (key) => call(() => wit.get(key)),
  /** Stores bytes (a `Uint8Array`) or a string (as UTF-8). */
  set: (key, value) => call(() => wit.set(key, typeof value === 'string' ? encoder.encode(value) : value)),
  delete: (key) => call(() => wit.delete(key)),
  /** Keys starting with `prefix`. */
  listKeys: (prefix = '') => call(() => wit.listKeys(prefix)),
  /** The value under `key` as text, or `undefined`. */
  getText: (key) => map(call(() => wit.get(key)), (v) => (v === undefined ? undefined : decoder.decode(v))),
  /** The value under `key` parsed as JSON, or `undefined`. */
  getJson: (key) => map(call(() => wit.get(key)), (v) => (v === undefined ? undefined : JSON.parse(decoder.decode(v)))),
  /** Stores `value` as JSON. */
  setJson: (key, value) => call(() => wit.set(key, encoder.encode(JSON.stringify(value)))),
};
