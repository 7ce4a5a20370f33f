// A template channel module in TypeScript: Acme Chat, a fictional chat service whose OpenClaw
// plugin `acme-chat` installs from npm (`@acme/openclaw-acme-chat@1.0.0`) and logs in by QR
// code. The same channel as the Rust sdk/examples/channel-template, hook for hook:
//
// - configStatus runs `openclaw plugins list --json` (installed? enabled?) and reads
//   `channels.acme-chat` from openclaw.json (settings and accounts, secrets masked);
// - install installs the plugin when it is missing, enables it when it is disabled, and
//   records what it did in Buddy's audit log;
// - loginCommand is `openclaw channels login --channel acme-chat`, which Buddy runs;
// - readLogin turns the login process's output into a login state (./login.ts).

import { defineChannel, installAndRecord, standardConfigStatus, type ChannelInfo } from '@openclaw-buddy/sdk';
import { readLogin } from './login.js';

const info: ChannelInfo = {
  // The channel's id in OpenClaw: its config is `channels.<id>` in openclaw.json.
  id: 'acme-chat',
  displayName: 'Acme Chat',
  // The OpenClaw plugin implementing the channel (`openclaw plugins list` id).
  pluginId: 'acme-chat',
  // The npm spec to install, with a version that exists; '' for a plugin bundled with OpenClaw.
  pluginPackage: '@acme/openclaw-acme-chat@1.0.0',
  qrLogin: true,
};

export default defineChannel({
  info,
  configStatus: () => standardConfigStatus(info),
  install: () => installAndRecord(info),
  // loginCommand: the default, `channels login --channel acme-chat`; it must match a cli grant.
  readLogin,
});
