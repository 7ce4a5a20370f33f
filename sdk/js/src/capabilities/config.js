// `config`: reads and edits openclaw.json under granted JSON pointers.
import * as wit from 'openclaw:buddy/openclaw-config@0.1.0';
import { call, map } from '../result.js';

/** An RFC 6901 pointer from segments, escaping `~` and `/`: `pointer('channels', id)`. */
function pointer(...segments) {
  return segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

export const config = {
  pointer,
  /** The value at `ptr` (parsed), or `undefined` when absent. */
  get: (ptr) => map(call(() => wit.get(ptr)), (text) => (text === undefined ? undefined : JSON.parse(text))),
  /** Sets the value at `ptr` (any JSON value); Buddy validates, backs up and audits the write. */
  set: (ptr, value) => call(() => wit.set(ptr, JSON.stringify(value))),
  /** Removes the value at `ptr`; removing an absent value is not an error. */
  remove: (ptr) => call(() => wit.remove(ptr)),
  /** OpenClaw's state directory, a host path (not visible in the sandbox). */
  stateDir: () => call(() => wit.stateDir()),
};
