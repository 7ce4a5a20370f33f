// Analyzer helpers: a structural JSON diff and masked changes. No WIT imports.

import { isSecretKey, maskSecrets } from './text.js';

const segment = (s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1');
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A change: `{ path, kind: 'added' | 'removed' | 'changed', old?, new? }`. */
export const Change = {
  added: (path, value) => ({ path, kind: 'added', old: undefined, new: value }),
  removed: (path, value) => ({ path, kind: 'removed', old: value, new: undefined }),
  changed: (path, before, after) => ({ path, kind: 'changed', old: before, new: after }),
  /** The change with secrets masked: both values whole when the path runs through a secret key,
   *  else the secret keys inside the values. */
  masked(change) {
    const whole = change.path.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')).some(isSecretKey);
    const hide = (v) => (v === undefined ? undefined : whole ? '***' : maskSecrets(v));
    return { ...change, old: hide(change.old), new: hide(change.new) };
  },
};

/** The structural diff of two JSON values by RFC 6901 pointers, in path order (keys sorted). */
export function jsonDiff(before, after) {
  const out = [];
  const walk = (path, a, b) => {
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) pair(path + segment(k), k in a, a[k], k in b, b[k]);
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) pair(path + segment(i), i < a.length, a[i], i < b.length, b[i]);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(Change.changed(path, a, b));
    }
  };
  const pair = (path, hasA, a, hasB, b) => {
    if (hasA && hasB) walk(path, a, b);
    else if (hasA) out.push(Change.removed(path, a));
    else if (hasB) out.push(Change.added(path, b));
  };
  walk('', before, after);
  return out;
}

/** Parses a config handed to `analyze` (`undefined` stays `undefined`); `{ error }` when it is
 *  not JSON (a broken config may well be unparsable). */
export function parseConfig(text) {
  if (text === undefined || text === null) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: e.message };
  }
}
