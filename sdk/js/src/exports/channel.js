// @ts-check
// The `channel-module` world's export (`openclaw:buddy/channel`) for a `defineChannel`
// definition. The entry the build tool generates calls this; modules never do.

import { toWitCapError } from '../result.js';
import { checkKind } from './check.js';

/** What a result-returning hook gave, as the WIT `result`: the value, or a thrown cap-error. */
const STATUSES = ['pending', 'qr', 'scanned', 'confirmed', 'expired', 'cancelled'];

/**
 * The WIT `login-state` record of a `LoginState`.
 * @param {any} s
 * @returns {import('openclaw:buddy/channel@0.1.0').LoginState}
 */
function toWitLoginState(s) {
  /** @type {import('openclaw:buddy/channel@0.1.0').LoginStatus} */
  let status;
  if (s?.status === 'failed') status = { tag: 'failed', val: String(s.reason ?? 'login failed') };
  else if (STATUSES.includes(s?.status)) status = { tag: s.status };
  else throw new TypeError(`readLogin returned an unknown login status ${s?.status}`);
  return { status, qrData: s.qrData ?? undefined, qrText: s.qrText ?? undefined, message: s.message ?? undefined };
}

/**
 * @template T, U
 * @param {any} result
 * @param {string} hook
 * @param {(value: any) => U} convert
 * @returns {U}
 */
function witResult(result, hook, convert) {
  if (result && typeof result === 'object' && 'err' in result) throw toWitCapError(result.err);
  if (result && typeof result === 'object' && 'ok' in result) return convert(result.ok);
  throw new TypeError(`${hook}() must return { ok } or { err }`);
}

/**
 * @param {any} d what the entry exported by default
 * @returns {typeof import('openclaw:buddy/channel@0.1.0')}
 */
export function channelExports(d) {
  checkKind(d, 'channel-module');
  return {
    info: () => d.info,
    configStatus: () => witResult(d.configStatus(), 'configStatus', JSON.stringify),
    install: () => witResult(d.install(), 'install', JSON.stringify),
    loginCommand: () => witResult(d.loginCommand(), 'loginCommand', (argv) => argv.map(String)),
    readLogin: (output, exitStatus) => toWitLoginState(d.readLogin(output, exitStatus ?? undefined)),
  };
}
