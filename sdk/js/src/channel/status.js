// A channel's config section and the status most channels report.

import { config } from '../capabilities/config.js';
import { redact } from '../text.js';
import { pluginState } from './plugins.js';

/** `channels.<id>` of openclaw.json read through the `config` capability: `{ ok: section | undefined }`. */
export function readChannelConfig(channelId) {
  return config.get(config.pointer('channels', channelId));
}

/** The section's own keys (not `accounts`), secrets masked. */
export function channelSettings(section) {
  const own = Object.fromEntries(Object.entries(section ?? {}).filter(([k]) => k !== 'accounts'));
  return redact(own);
}

/** The entries of `accounts`, sorted by id, each `{ id, ...settings }` with secrets masked. */
export function channelAccounts(section) {
  const accounts = section?.accounts;
  if (!accounts || typeof accounts !== 'object' || Array.isArray(accounts)) return [];
  return Object.keys(accounts).sort().map((id) => {
    const fields = redact(accounts[id]);
    const rest = fields && typeof fields === 'object' && !Array.isArray(fields)
      ? Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'id'))
      : {};
    return { id, ...rest };
  });
}

/** The standard status JSON from values already read. */
export function statusJson(info, plugin, section) {
  return {
    channel: info.id,
    displayName: info.displayName,
    plugin,
    configured: section !== undefined && section !== null,
    enabled: typeof section?.enabled === 'boolean' ? section.enabled : null,
    settings: section ? channelSettings(section) : {},
    accounts: section ? channelAccounts(section) : [],
  };
}

/**
 * `{ channel, displayName, plugin: {...}, configured, enabled, settings, accounts }` from
 * `openclaw plugins list --json` and `channels.<id>`. Grants: `cli = [["plugins", "list",
 * "--json"]]`, `config = [{ pointer = "/channels/<id>", access = "read" }]`.
 */
export function standardConfigStatus(info) {
  const plugin = pluginState(info.pluginId);
  if ('err' in plugin) return plugin;
  const section = readChannelConfig(info.id);
  if ('err' in section) return section;
  return { ok: statusJson(info, plugin.ok, section.ok) };
}
