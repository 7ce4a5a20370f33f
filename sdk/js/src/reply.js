// Replies: what a route handler returns. Buddy wraps a reply in its envelope
// `{"code": status, "message": ..., "data": ...}` with `code` equal to the HTTP status.

const REPLY = Symbol.for('openclaw-buddy.reply');

function reply(status, data, message) {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new TypeError(`a reply's status must be an HTTP status from 200 to 599, not ${status}`);
  }
  return { [REPLY]: true, status, data, message };
}

/** 200 with `data` (any JSON value; `undefined` means no data). */
export function ok(data, message) {
  return reply(200, data, message);
}

/** 201 with `data`. */
export function created(data, message) {
  return reply(201, data, message);
}

/** A reply with `status` and no data (`204` is sent as an envelope without data). */
export function empty(status = 204, message) {
  return reply(status, undefined, message);
}

/** An error reply: `error(404, "no such thing")`. `data` is optional. */
export function error(status, message, data) {
  return reply(status, data, String(message));
}

/** Whether `value` was made by `ok`, `created`, `empty` or `error`. */
export function isReply(value) {
  return value !== null && typeof value === 'object' && value[REPLY] === true;
}

/**
 * An error that is also a reply: throw it anywhere in a handler (`throw new HttpError(400,
 * "name is required")`) and the caller gets that status and message.
 */
export class HttpError extends Error {
  constructor(status, message, data) {
    super(message);
    this.name = 'HttpError';
    this.reply = error(status, message, data);
  }
}

/** The status a failed capability call answers with, as in the Rust SDK. */
const CAP_STATUS = { denied: 500, invalid: 500, 'not-found': 404, timeout: 504, failed: 502 };

/**
 * Turns what a handler returned or threw into the WIT `response` record. Anything that is not
 * a reply is sent as `ok(value)`; a thrown `HttpError` as its reply, a thrown `CapFailure` as
 * the status of its kind, anything else as a 500 naming the error.
 */
export function toResponse(value) {
  const r = isReply(value) ? value : ok(value);
  let dataJson;
  if (r.data !== undefined) {
    dataJson = JSON.stringify(r.data);
  }
  return { status: r.status, message: r.message, dataJson };
}

/** The reply for an exception thrown by a handler. */
export function replyForThrown(e) {
  if (e instanceof HttpError) return e.reply;
  if (e && e.name === 'CapFailure' && e.capError) {
    return error(CAP_STATUS[e.capError.kind] ?? 500, `${e.capError.kind}: ${e.capError.message}`);
  }
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return error(500, `the module failed: ${text}`);
}
