// Capability results: every capability function returns `{ ok: value }` or `{ err: CapError }`,
// never throws for a refused or failed call. `CapError` is `{ kind, message }` with `kind` one
// of `denied` (the manifest does not grant the call), `invalid`, `not-found`, `timeout`,
// `failed` (the WIT `cap-error` variant).

const KINDS = ['denied', 'invalid', 'not-found', 'timeout', 'failed'];

/** An exception carrying a `CapError`: what `unwrap` throws. A handler that lets it escape
 *  answers with the status of its kind (denied/invalid 500, not-found 404, timeout 504,
 *  failed 502), as the Rust SDK's `?` does. */
export class CapFailure extends Error {
  constructor(capError) {
    super(`${capError.kind}: ${capError.message}`);
    this.name = 'CapFailure';
    this.capError = capError;
  }
}

/** A `CapError` from what a WIT import threw, or `undefined` when it was not a `cap-error`. */
export function capErrorOf(thrown) {
  for (const v of [thrown?.payload, thrown]) {
    if (v && typeof v === 'object' && KINDS.includes(v.tag)) {
      return { kind: v.tag, message: String(v.val ?? '') };
    }
  }
  return undefined;
}

/** Calls a WIT import; `{ ok }` with its value or `{ err }` with the `cap-error` it returned. */
export function call(f) {
  try {
    return { ok: f() };
  } catch (e) {
    const err = capErrorOf(e);
    if (err) return { err };
    throw e;
  }
}

/** `{ ok: f(value) }` for an ok result, the same `{ err }` otherwise. */
export function map(result, f) {
  return 'err' in result ? result : { ok: f(result.ok) };
}

/** The value of an ok result; throws a `CapFailure` for an error. */
export function unwrap(result) {
  if ('err' in result) throw new CapFailure(result.err);
  return result.ok;
}

/** A `CapError` of the given kind, e.g. `capError('invalid', 'bad id')`. */
export function capError(kind, message) {
  if (!KINDS.includes(kind)) throw new TypeError(`unknown cap-error kind ${kind}`);
  return { kind, message: String(message) };
}

/** The WIT variant of a `CapError` (what a channel hook returns as its error). */
export function toWitCapError(err) {
  return { tag: err.kind, val: err.message };
}
