// Reading the login process's output. Buddy calls `readLogin` with everything printed so far
// after each new piece, and with the exit status once the process has ended, so this is a pure
// function of text: find the latest line that marks a stage, then add the QR code.
//
// Acme Chat's plugin prints (replace these with what your plugin prints; read its source):
//
//   Scan this QR code with Acme Chat:
//   <QR code in half blocks>
//   Or open: https://login.acme.example/q/<ticket>
//   Scanned. Confirm the login on your phone.
//   Logged in as <name>.
//
// and, when the code times out, `QR code expired.` before exiting non-zero.

import { LoginOutput, LoginState } from '@openclaw-buddy/sdk';

/** The line right before the URL that the QR code encodes. */
const LINK_MARKER = 'Or open:';

type Stage = 'shown' | 'scanned' | 'loggedIn' | 'expired';

/** The plugin's lines, each marking a stage; the one printed last is the stage. */
const MARKERS: Array<[string, Stage]> = [
  [LINK_MARKER, 'shown'],
  ['Scanned.', 'scanned'],
  ['Logged in', 'loggedIn'],
  ['QR code expired', 'expired'],
];

export function readLogin(output: string, exitStatus?: number): LoginState {
  const out = new LoginOutput(output);
  const stage = out.latest(MARKERS);
  let state: LoginState;
  if (stage === 'loggedIn') state = LoginState.confirmed();
  else if (stage === 'expired') state = LoginState.expired();
  // Ended without a verdict: cancelled (130, 143), confirmed (0) or failed with OpenClaw's reason.
  else if (exitStatus !== undefined) return out.genericState(exitStatus);
  else if (stage === 'scanned') state = LoginState.scanned();
  else if (stage === 'shown') {
    const url = out.urlAfter(LINK_MARKER);
    state = url ? LoginState.qr(url, out.qrText()) : LoginState.pending();
  } else state = LoginState.pending();
  return LoginState.withMessage(state, out.lastLine());
}
