import { guard, host } from './host.js';
export function get(key) { guard('kv'); return host.kv.get(key); }
export function set(key, value) { guard('kv'); host.kv.set(key, value); }
function _delete(key) { guard('kv'); host.kv.delete(key); }
export { _delete as delete };
export function listKeys(prefix) { guard('kv'); return [...host.kv.keys()].filter((k) => k.startsWith(prefix)).sort(); }
