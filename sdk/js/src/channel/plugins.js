// The channel's OpenClaw plugin: installed? enabled? install and enable it. Each function runs
// the `openclaw` CLI, so the manifest must grant the exact commands:
//   cli = [["plugins", "list", "--json"], ["plugins", "install", "<npm spec>"], ["plugins", "enable", "<id>"]]

import { cli } from '../capabilities/cli.js';
import { events } from '../capabilities/events.js';
import { log } from '../capabilities/log.js';
import { capError } from '../result.js';
import { stripAnsi } from './terminal.js';

const LIST_TIMEOUT_MS = 60_000;
const ENABLE_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 600_000;

/** `{ id, installed, enabled, status, origin, version }` of plugin `id` in a `plugins list --json`. */
export function pluginInList(list, id) {
  const entry = (list?.plugins ?? []).find((p) => p && p.id === id);
  if (!entry) return { id, installed: false, enabled: false, status: null, origin: null, version: null };
  const text = (k) => (typeof entry[k] === 'string' ? entry[k] : null);
  return { id, installed: true, enabled: entry.enabled === true, status: text('status'), origin: text('origin'), version: text('version') };
}

/** Whether plugin `id` is installed and enabled: `{ ok: state }` or `{ err }`. */
export function pluginState(id) {
  const r = cli.runJson(['plugins', 'list', '--json'], { timeoutMs: LIST_TIMEOUT_MS });
  return 'err' in r ? r : { ok: pluginInList(r.ok, id) };
}

function runOk(args, timeoutMs) {
  const r = cli.run(args, { timeoutMs });
  if ('err' in r) return r;
  if (r.ok.status !== 0) return { err: capError('failed', cli.errorMessage(r.ok)) };
  const lines = stripAnsi(r.ok.stdout).split('\n').map((l) => l.trim()).filter(Boolean);
  return { ok: lines.slice(-5) };
}

/** `openclaw plugins install <spec>`: `{ ok: [last lines] }` or `{ err }` with OpenClaw's message. */
export const installPlugin = (spec) => runOk(['plugins', 'install', spec], INSTALL_TIMEOUT_MS);
/** `openclaw plugins enable <id>`. */
export const enablePlugin = (id) => runOk(['plugins', 'enable', id], ENABLE_TIMEOUT_MS);

/**
 * Makes sure the channel's plugin is installed and enabled, doing only what is missing, and
 * returns what was done: `{ pluginId, package, alreadyInstalled, installed, enabled, version,
 * actions, output, message }`. A bundled plugin OpenClaw does not list is `not-found`.
 */
export function ensurePlugin(info) {
  const id = info.pluginId;
  const before = pluginState(id);
  if ('err' in before) return before;
  const actions = [];
  const output = [];
  if (!before.ok.installed) {
    if (!info.pluginPackage) {
      return { err: capError('not-found', `plugin ${id} is not part of this OpenClaw install, and the channel names no package to install it from`) };
    }
    const r = installPlugin(info.pluginPackage);
    if ('err' in r) return r;
    output.push(...r.ok);
    actions.push('install');
  }
  let after = before.ok.installed ? before : pluginState(id);
  if ('err' in after) return after;
  if (!after.ok.enabled) {
    const r = enablePlugin(id);
    if ('err' in r) return r;
    output.push(...r.ok);
    actions.push('enable');
    after = pluginState(id);
    if ('err' in after) return after;
  }
  const message = before.ok.installed
    ? actions.length === 0 ? `plugin ${id} was already installed and enabled` : `plugin ${id} was already installed; enabled it`
    : `installed plugin ${id} from ${info.pluginPackage}`;
  return {
    ok: {
      pluginId: id,
      package: info.pluginPackage,
      alreadyInstalled: before.ok.installed,
      installed: after.ok.installed,
      enabled: after.ok.enabled,
      version: after.ok.version,
      actions,
      output,
      message,
    },
  };
}

/** `ensurePlugin`, then a `channel.install` audit entry with the outcome (grant `events = true`);
 *  a refused or failed entry is logged, never turned into a failed install. */
export function installAndRecord(info) {
  const result = ensurePlugin(info);
  const event = 'err' in result
    ? { action: 'channel.install', target: info.id, status: 'failure', detail: `${result.err.kind}: ${result.err.message}` }
    : { action: 'channel.install', target: info.id, detail: result.ok.message };
  const recorded = events.emit(event);
  if ('err' in recorded) log.warn(`could not record the install event: ${recorded.err.kind}: ${recorded.err.message}`);
  return result;
}
