import { capErr, guard, host } from './host.js';
function at(pointer) {
  let v = host.config;
  for (const s of pointer.split('/').slice(1).map((x) => x.replaceAll('~1', '/').replaceAll('~0', '~'))) {
    if (v === null || typeof v !== 'object' || !(s in v)) return undefined;
    v = v[s];
  }
  return v;
}
export function get(pointer) {
  guard('config');
  if (!pointer.startsWith('/')) throw capErr('invalid', `bad pointer ${pointer}`);
  const v = at(pointer);
  return v === undefined ? undefined : JSON.stringify(v);
}
export function set() { guard('config'); throw capErr('denied', 'read only'); }
export function remove() { guard('config'); throw capErr('denied', 'read only'); }
export function stateDir() { guard('config'); return '/state'; }
