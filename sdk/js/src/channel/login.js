// Reading a login process's output: `LoginOutput` and `LoginState`.

import { cleanTerminalText } from './terminal.js';
import { findUrls, isQrArtLine, lastQrBlock } from './qr.js';
import { hasAlnum } from '../text.js';

const CANCEL_EXIT_STATUSES = [130, 143];
const FAILURE_PREFIXES = ['Channel login failed:', '[openclaw] Reason:', 'Reason:', 'Error:'];
const STATUSES = ['pending', 'qr', 'scanned', 'confirmed', 'expired', 'cancelled', 'failed'];

/**
 * Where a login stands: `status` is one of `pending`, `qr`, `scanned`, `confirmed`, `expired`,
 * `cancelled`, `failed` (with `reason`); `qrData` (the text a QR code encodes), `qrText` (the
 * code as terminal art) and `message` are optional.
 */
export const LoginState = {
  pending: () => state('pending'),
  qr: (qrData, qrText) => ({ ...state('qr'), qrData, qrText }),
  scanned: () => state('scanned'),
  confirmed: () => state('confirmed'),
  expired: () => state('expired'),
  cancelled: () => state('cancelled'),
  failed: (reason) => ({ ...state('failed'), reason: String(reason) }),
  /** The state with `message` set (left as it is when `message` is empty). */
  withMessage: (s, message) => (message ? { ...s, message } : s),
};

function state(status) {
  return { status, qrData: undefined, qrText: undefined, message: undefined };
}

/** Everything a login process printed, cleaned once (see `cleanTerminalText`). */
export class LoginOutput {
  constructor(raw) {
    this.text = cleanTerminalText(raw);
  }

  /** The meaningful lines: no QR art, no blank or punctuation-only lines, trimmed. */
  lines() {
    return this.text
      .split('\n')
      .filter((l) => !isQrArtLine(l))
      .map((l) => l.trim())
      .filter(hasAlnum);
  }

  lastLine() {
    return this.lines().pop();
  }

  contains(marker) {
    return this.text.includes(marker);
  }

  /** The value of the marker printed last: `latest([['Scanned', 'scanned'], ['Logged in', 'done']])`. */
  latest(markers) {
    let best;
    for (const [marker, value] of markers) {
      const at = this.text.lastIndexOf(marker);
      if (at >= 0 && (best === undefined || at + marker.length > best.end)) best = { end: at + marker.length, value };
    }
    return best?.value;
  }

  /** The last QR code drawn, as text. */
  qrText() {
    return lastQrBlock(this.text);
  }

  urls() {
    return findUrls(this.text);
  }

  lastUrl() {
    return this.urls().pop();
  }

  /** The first URL printed after the last `marker`. */
  urlAfter(marker) {
    const at = this.text.lastIndexOf(marker);
    return at < 0 ? undefined : findUrls(this.text.slice(at + marker.length))[0];
  }

  /** OpenClaw's reason for a failure (`Channel login failed: ...`, `Reason: ...`, `Error: ...`). */
  failureReason() {
    for (const line of this.lines().reverse()) {
      for (const p of FAILURE_PREFIXES) {
        if (line.startsWith(p) && line.slice(p.length).trim()) return line.slice(p.length).trim();
      }
    }
    return undefined;
  }

  /** A complete reading for simple plugins: exit 0 confirmed, 130/143 cancelled, other exits
   *  failed; while running, a QR code or URL on screen is `qr`, else `pending`. */
  genericState(exitStatus) {
    let s;
    if (exitStatus === 0) s = LoginState.confirmed();
    else if (CANCEL_EXIT_STATUSES.includes(exitStatus)) s = LoginState.cancelled();
    else if (exitStatus !== undefined && exitStatus !== null) {
      s = LoginState.failed(this.failureReason() ?? this.lastLine() ?? `the login process exited with status ${exitStatus}`);
    } else {
      const data = this.lastUrl();
      const art = this.qrText();
      s = data || art ? LoginState.qr(data, art) : LoginState.pending();
    }
    return LoginState.withMessage(s, this.lastLine());
  }
}
