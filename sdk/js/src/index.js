// @openclaw-buddy/sdk: write OpenClaw Buddy modules in JavaScript or TypeScript.

export { defineModule, defineChannel, defineAnalyzer } from './define.js';
export { Router } from './router.js';
export { Request } from './request.js';
export { ok, created, empty, error, isReply, HttpError } from './reply.js';
export { CapFailure, unwrap, map, capError } from './result.js';
export { cli } from './capabilities/cli.js';
export { config } from './capabilities/config.js';
export { workspace } from './capabilities/workspace.js';
export { http } from './capabilities/http.js';
export { kv } from './capabilities/kv.js';
export { events } from './capabilities/events.js';
export { log } from './capabilities/log.js';
export { extractJson, isSecretKey, maskSecrets, redact } from './text.js';
export { LoginOutput, LoginState } from './channel/login.js';
export { stripAnsi, cleanTerminalText } from './channel/terminal.js';
export { findUrls, qrBlocks, lastQrBlock, isQrArtLine } from './channel/qr.js';
export { pluginState, pluginInList, ensurePlugin, installPlugin, enablePlugin, installAndRecord } from './channel/plugins.js';
export { readChannelConfig, channelSettings, channelAccounts, statusJson, standardConfigStatus } from './channel/status.js';
export { jsonDiff, Change, parseConfig } from './analyzer.js';
