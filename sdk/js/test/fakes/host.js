// A stand-in for Buddy's capability interfaces, for the SDK's own tests under Node: each
// interface is a module of fakes/ that `hooks.js` maps `openclaw:buddy/<name>@0.1.0` to. A
// call a test did not grant throws the `cap-error` as a WIT import's error is thrown.

export const host = {
  /** Interfaces the test grants; a call to another is denied. */
  granted: new Set(),
  kv: new Map(),
  config: {},
  /** argv joined by spaces -> { status, stdout, stderr }. */
  cli: new Map(),
  calls: [],
  events: [],
  logs: [],
  reset() {
    this.granted = new Set();
    this.kv = new Map();
    this.config = {};
    this.cli = new Map();
    this.calls = [];
    this.events = [];
    this.logs = [];
  },
};

export function capErr(tag, val) {
  const e = new Error(`${tag}: ${val}`);
  e.payload = { tag, val };
  return e;
}

export function guard(iface) {
  if (!host.granted.has(iface)) throw capErr('denied', `module was not granted ${iface}`);
}
