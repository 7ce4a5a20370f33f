// Channel helpers: reading login output, plugin state and install, the standard status, and
// the channel world's export glue; the channel-template-js example's login reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineChannel, LoginOutput, LoginState, stripAnsi, cleanTerminalText, qrBlocks, findUrls, redact, ensurePlugin } from '@openclaw-buddy/sdk';
import { channelExports } from '../src/exports/channel.js';
import { readLogin } from '../examples/channel-template-js/src/login.ts';
import { host } from './fakes/host.js';

const ART = '▄▄▄▄▄▄▄▄▄▄\n█ ▄▄▄ █▀▄█\n█ ███ █ ▄█\n█▄▄▄▄▄█▄▀█\n▀▀▀▀▀▀▀▀▀▀';

test('terminal text is cleaned as the Rust SDK cleans it', () => {
  const text = '\x1b[1;38;2;255;0;0mbold\x1b[0m \x1b[2K\x1b[1Aup \x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\ \x1b(Bcs \x1b=k\x08';
  assert.equal(stripAnsi(text), 'bold up link cs k');
  const black = '\x1b[40m  \x1b[0m';
  const white = '\x1b[47m  \x1b[0m';
  assert.equal(cleanTerminalText(`${white}${black}${black}${white}\n`), '  ####  \n');
  assert.equal(cleanTerminalText('\x1b[40m\x1b[38;2;255;0;0m  \x1b[0m'), '##');
  assert.equal(cleanTerminalText('\x1b[40m warn \x1b[0m ok'), ' warn  ok');
  assert.equal(cleanTerminalText('a\r\nb\rc\r\n\rd'), 'a\nc\nd');
});

test('QR art and URLs are found', () => {
  assert.deepEqual(qrBlocks(`Scan:\n${ART}\nnext`), [ART]);
  assert.deepEqual(qrBlocks('████████\n████████\n'), []);
  assert.deepEqual(findUrls('open https://a.example/q/1. or http://b.example/x), done https://'), ['https://a.example/q/1', 'http://b.example/x']);
});

test('LoginOutput reads the latest stage, reasons and a generic state', () => {
  const out = new LoginOutput('wait\nscanned\nexpired, refreshing\nwait\n');
  assert.equal(out.latest([['wait', 1], ['scanned', 2], ['expired', 3]]), 1);
  assert.equal(new LoginOutput('login failed: timed out').latest([['login failed:', 'f'], ['timed out', 'e']]), 'e');
  const failed = new LoginOutput('working\nChannel login failed: Failed to start login: TypeError: fetch failed\n');
  assert.equal(failed.failureReason(), 'Failed to start login: TypeError: fetch failed');
  assert.deepEqual(failed.genericState(1).status, 'failed');
  assert.equal(new LoginOutput(`\x1b[32mstarting\x1b[0m\n\n${ART}\n....\n  waiting  \n`).lastLine(), 'waiting');
  const running = new LoginOutput(`Scan:\n${ART}\nhttps://login.example/q/1\n`).genericState();
  assert.equal(running.status, 'qr');
  assert.equal(running.qrData, 'https://login.example/q/1');
  assert.equal(new LoginOutput('').genericState(130).status, 'cancelled');
  assert.equal(new LoginOutput('扫码登录成功').lastLine(), '扫码登录成功', 'CJK text is text');
});

test('the template reads Acme Chat\'s login stages', () => {
  const shown = 'Scan this QR code with Acme Chat:\n▄▄▄▄▄▄▄▄▄▄▄\n█ ▄▄▄ █▀▄██\n█ ███ █ ▄██\n█▄▄▄▄▄█▄▀██\n▀▀▀▀▀▀▀▀▀▀▀\nOr open: https://login.acme.example/q/t-1\n';
  const s = readLogin(shown);
  assert.equal(s.status, 'qr');
  assert.equal(s.qrData, 'https://login.acme.example/q/t-1');
  assert.equal(s.qrText.split('\n').length, 5);
  assert.equal(readLogin(`${shown}Scanned. Confirm the login on your phone.\n`).status, 'scanned');
  assert.equal(readLogin(`${shown}Scanned.\nLogged in as Ada.\n`).status, 'confirmed');
  assert.equal(readLogin(`${shown}QR code expired.\n`, 1).status, 'expired');
  assert.equal(readLogin('Error: network down\n', 1).reason, 'network down');
  assert.equal(readLogin('', 143).status, 'cancelled');
});

test('secrets in channel configs are masked', () => {
  assert.deepEqual(redact({ botToken: 'x', sessionCookie: 'c', keyboard: 'k', maxTokens: 5, OPENAI_API_KEY: 'k', list: [{ appSecret: 's' }] }),
    { botToken: '***', sessionCookie: '***', keyboard: 'k', maxTokens: 5, OPENAI_API_KEY: '***', list: [{ appSecret: '***' }] });
});

const info = { id: 'acme', displayName: 'Acme', pluginId: 'acme', pluginPackage: '@acme/p@1.0.0', qrLogin: true };
const list = (plugins) => ({ status: 0, stdout: JSON.stringify({ plugins }), stderr: '' });

test('the default hooks report status and install only what is missing', () => {
  host.reset();
  host.granted.add('cli');
  host.granted.add('config');
  host.config = { channels: { acme: { enabled: true, token: 't', accounts: { b: { appSecret: 's', id: 'spoof' }, a: {} } } } };
  let installed = false;
  host.cli.set('plugins list --json', () => list(installed ? [{ id: 'acme', enabled: true, status: 'loaded', origin: 'global', version: '1.0.0' }] : []));
  host.cli.set('plugins install @acme/p@1.0.0', () => { installed = true; return { status: 0, stdout: 'Installed acme\n', stderr: '' }; });
  const c = channelExports(defineChannel({ info }));
  assert.deepEqual(JSON.parse(c.configStatus()), {
    channel: 'acme', displayName: 'Acme',
    plugin: { id: 'acme', installed: false, enabled: false, status: null, origin: null, version: null },
    configured: true, enabled: true, settings: { enabled: true, token: '***' }, accounts: [{ id: 'a' }, { id: 'b', appSecret: '***' }],
  });
  const done = JSON.parse(c.install());
  assert.deepEqual([done.actions, done.installed, done.enabled, done.message], [['install'], true, true, 'installed plugin acme from @acme/p@1.0.0']);
  assert.deepEqual(JSON.parse(c.install()).message, 'plugin acme was already installed and enabled');
  assert.deepEqual(c.loginCommand(), ['channels', 'login', '--channel', 'acme']);
  assert.deepEqual(c.readLogin('done\n', 0).status, { tag: 'confirmed' });
  assert.deepEqual(c.readLogin('Error: boom\n', 2).status, { tag: 'failed', val: 'boom' });
});

test('hook errors are the WIT cap-error; a bundled plugin that is missing cannot be installed', () => {
  host.reset();
  const bundled = { id: 'tg', displayName: 'Telegram', pluginId: 'telegram' };
  const c = channelExports(defineChannel({ info: bundled }));
  assert.throws(() => c.loginCommand(), (e) => e.tag === 'invalid' && /does not log in with a QR code/.test(e.val));
  assert.throws(() => c.configStatus(), (e) => e.tag === 'denied');
  host.granted.add('cli');
  host.cli.set('plugins list --json', list([]));
  assert.equal(ensurePlugin(bundled).err.kind, 'not-found');
  assert.throws(() => channelExports(defineChannel({ info: bundled, readLogin: () => ({ status: 'odd' }) })).readLogin('', undefined), /unknown login status/);
  assert.deepEqual(LoginState.withMessage(LoginState.pending(), ''), LoginState.pending());
});
