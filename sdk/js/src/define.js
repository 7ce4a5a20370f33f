// The three kinds of module: what an entry file exports by default. The build tool turns the
// definition into the component's WIT exports for the world named in module.toml.

import { Router } from './router.js';
import { LoginOutput } from './channel/login.js';
import { ensurePlugin } from './channel/plugins.js';
import { standardConfigStatus } from './channel/status.js';
import { jsonDiff } from './analyzer.js';

/** Marks a definition with its world. */
export const KIND = Symbol.for('openclaw-buddy.definition');

/**
 * A module that serves routes (world `domain`):
 * `export default defineModule({ routes: new Router().get('/greet', 'Greets', greet) })`.
 * `name` and `version` default to module.toml's; when given they must match it.
 */
export function defineModule({ name, version, routes }) {
  if (!(routes instanceof Router)) throw new TypeError('defineModule needs `routes`, a Router');
  return { [KIND]: 'domain', name, version, routes };
}

/**
 * A channel module (world `channel-module`). Only `info` is required:
 * `{ id, displayName, pluginId, pluginPackage = '', qrLogin = false }`. Hooks not given behave
 * as in the Rust SDK: `configStatus` is `standardConfigStatus(info)`, `install` is
 * `ensurePlugin(info)`, `loginCommand` is `channels login --channel <id>` when `qrLogin`, and
 * `readLogin(output, exitStatus)` is `new LoginOutput(output).genericState(exitStatus)`.
 * `configStatus`, `install` and `loginCommand` return `{ ok }` or `{ err }`.
 */
export function defineChannel({ info, configStatus, install, loginCommand, readLogin }) {
  const full = { pluginPackage: '', qrLogin: false, ...info };
  for (const key of ['id', 'displayName', 'pluginId']) {
    if (typeof full[key] !== 'string' || !full[key]) throw new TypeError(`defineChannel: info.${key} is required`);
  }
  return {
    [KIND]: 'channel-module',
    info: full,
    configStatus: configStatus ?? (() => standardConfigStatus(full)),
    install: install ?? (() => ensurePlugin(full)),
    loginCommand: loginCommand ?? (() => full.qrLogin
      ? { ok: ['channels', 'login', '--channel', full.id] }
      : { err: { kind: 'invalid', message: `${full.displayName} does not log in with a QR code` } }),
    readLogin: readLogin ?? ((output, exitStatus) => new LoginOutput(output).genericState(exitStatus)),
  };
}

/**
 * An analyzer (world `analyzer-module`): `analyze(evidence)` returns the markdown report of a
 * heal; `diff(old, new)` (optional) returns changes, by default `jsonDiff`. Every change is
 * masked on its way out.
 */
export function defineAnalyzer({ analyze, diff }) {
  if (typeof analyze !== 'function') throw new TypeError('defineAnalyzer needs `analyze(evidence)`');
  return { [KIND]: 'analyzer-module', analyze, diff: diff ?? jsonDiff };
}
