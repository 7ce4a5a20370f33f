// Capability wrappers: `{ ok }` / `{ err }` results over the WIT imports (faked here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, config, kv, events, http, unwrap, CapFailure } from '@openclaw-buddy/sdk';
import { host } from './fakes/host.js';

test('a capability the module was not granted is an { err } value, not an exception', () => {
  host.reset();
  assert.deepEqual(kv.get('a'), { err: { kind: 'denied', message: 'module was not granted kv' } });
  assert.throws(() => unwrap(kv.get('a')), (e) => e instanceof CapFailure && e.capError.kind === 'denied');
});

test('kv stores bytes, text and JSON', () => {
  host.reset();
  host.granted.add('kv');
  assert.deepEqual(kv.setJson('n', { a: 1 }), { ok: undefined });
  assert.deepEqual(kv.getJson('n'), { ok: { a: 1 } });
  kv.set('t', 'text');
  assert.deepEqual(kv.getText('t'), { ok: 'text' });
  assert.deepEqual(kv.getJson('missing'), { ok: undefined });
  assert.deepEqual(kv.listKeys(''), { ok: ['n', 't'] });
});

test('cli.runJson skips log lines and turns failures into OpenClaw\'s message', () => {
  host.reset();
  host.granted.add('cli');
  host.cli.set('a --json', { status: 0, stdout: '[plugins] loading\n{"x": [1]}\n', stderr: '' });
  host.cli.set('b --json', { status: 1, stdout: '', stderr: '[openclaw] Reason: bad id\n' });
  host.cli.set('c --json', { status: 0, stdout: '{"ok": false, "error": {"message": "nope"}}', stderr: '' });
  assert.deepEqual(cli.runJson(['a', '--json']), { ok: { x: [1] } });
  assert.deepEqual(cli.runJson(['b', '--json']), { err: { kind: 'failed', message: 'bad id' } });
  assert.deepEqual(cli.runJson(['c', '--json']), { err: { kind: 'failed', message: 'nope' } });
  assert.equal(cli.runJson(['d', '--json']).err.kind, 'denied');
  cli.run(['a', '--json'], { timeoutMs: 5 });
  assert.equal(host.calls.at(-1).timeoutMs, 5);
});

test('config reads parsed values by escaped pointers', () => {
  host.reset();
  host.granted.add('config');
  host.config = { channels: { 'a/b': { enabled: true } } };
  assert.equal(config.pointer('channels', 'a/b', '~x'), '/channels/a~1b/~0x');
  assert.deepEqual(config.get(config.pointer('channels', 'a/b')), { ok: { enabled: true } });
  assert.deepEqual(config.get('/absent'), { ok: undefined });
  assert.equal(config.get('bad').err.kind, 'invalid');
});

test('events and http wrap their records', () => {
  host.reset();
  host.granted.add('events');
  host.granted.add('http');
  events.emit({ action: 'x.done', target: 't', detail: { n: 1 } });
  assert.deepEqual(host.events, [{ action: 'x.done', target: 't', status: 'success', detail: '{"n":1}' }]);
  const res = unwrap(http.get('http://127.0.0.1:1/x'));
  assert.equal(res.status, 200);
  assert.equal(res.header('Content-Type'), 'application/json');
  assert.deepEqual(res.json(), { echo: 'http://127.0.0.1:1/x' });
});
