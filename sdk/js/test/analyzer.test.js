// Analyzer helpers and the analyzer world's export glue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineAnalyzer, jsonDiff, Change, isSecretKey, parseConfig } from '@openclaw-buddy/sdk';
import { analyzerExports } from '../src/exports/analyzer.js';
import { words } from '../src/text.js';

test('secret keys are recognised by their words', () => {
  for (const k of ['token', 'botToken', 'appSecret', 'OPENAI_API_KEY', 'apiKey', 'APIKey', 'password', 'key']) assert.ok(isSecretKey(k), k);
  for (const k of ['keyboard', 'maxTokens', 'monkey', 'keys', 'name']) assert.ok(!isSecretKey(k), k);
  assert.deepEqual(words('APIKeyV2'), ['api', 'key', 'v2']);
});

test('the structural diff goes by escaped pointers in key order', () => {
  const changes = jsonDiff({ b: 1, a: [1, 2], 'x/y': 0 }, { a: [1], b: 2, c: { d: 1 }, 'x/y': 0 });
  assert.deepEqual(changes, [
    Change.removed('/a/1', 2),
    Change.changed('/b', 1, 2),
    Change.added('/c', { d: 1 }),
  ]);
  assert.deepEqual(Change.masked(Change.changed('/channels/t/botToken', 'a', 'b')), Change.changed('/channels/t/botToken', '***', '***'));
  assert.deepEqual(Change.masked(Change.added('/p', { apiKey: 'k', url: 'u' })).new, { apiKey: '***', url: 'u' });
});

test('the export masks every change and refuses input that is not JSON', () => {
  const a = analyzerExports(defineAnalyzer({
    analyze: (e) => `# ${e.trigger}`,
    diff: () => [Change.changed('/gateway/auth/token', 'a', 'b')],
  }));
  assert.deepEqual(a.diff('{}', '{}'), [{ path: '/gateway/auth/token', kind: 'changed', oldJson: '"***"', newJson: '"***"' }]);
  assert.throws(() => a.diff('{', '{}'), /old document is not valid JSON/);
  assert.equal(a.analyze({ trigger: 'down', observations: [], actions: [], outcome: 'ok' }), '# down');
  assert.deepEqual(parseConfig('{"a":1}'), { value: { a: 1 } });
  assert.ok(parseConfig('{').error);
  assert.equal(parseConfig(undefined), undefined);
});

test('the analyzer example leaves bookkeeping out of diffs and writes a runbook naming what the heal restored', async () => {
  const { default: runbook } = await import('../examples/analyzer-template-js/src/index.ts');
  const a = analyzerExports(runbook);
  const before = JSON.stringify({ meta: { lastTouchedAt: '1' }, gateway: { port: 1, auth: { token: 'old-secret' } } });
  const after = JSON.stringify({ meta: { lastTouchedAt: '2' }, gateway: { port: 18789, auth: { token: 'new-secret' } } });
  const changes = a.diff(before, after);
  assert.deepEqual(changes.map((c) => c.path), ['/gateway/auth/token', '/gateway/port']);
  assert.ok(!JSON.stringify(changes).includes('secret'), JSON.stringify(changes));
  const evidence = { trigger: 'gateway down', observations: ['probe failed'], actions: ['restored backup', 'restarted the gateway'], outcome: 'healed', oldConfig: before, newConfig: after };
  const report = a.analyze(evidence);
  assert.ok(report.startsWith('# Heal runbook'), report);
  assert.ok(report.includes('- restarted the gateway') && report.includes('`/gateway/port` (changed)'), report);
  assert.ok(!report.includes('/meta'), report);
  assert.ok(a.analyze({ ...evidence, oldConfig: '{' }).includes('was not JSON'));
  assert.ok(a.analyze({ ...evidence, oldConfig: undefined, newConfig: undefined }).includes('did not touch the config'));
});
