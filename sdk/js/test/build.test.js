// The build's checks that run before ComponentizeJS: the manifest, the bundle's imports
// against the world, and the WIT package the SDK carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, checkImports, readManifest, witWorlds } from '../lib/build.js';

async function moduleDir(manifest, source) {
  const dir = await mkdtemp(join(tmpdir(), 'buddy-js-test-'));
  await writeFile(join(dir, 'module.toml'), manifest);
  await writeFile(join(dir, 'index.js'), source);
  return dir;
}

const TOML = (world, extra = '') => `name = "probe"\nversion = "0.1.0"\nworld = "${world}"\nwit = "0.1.0"\n${extra}\n[limits]\nmemory_mb = 64\ncpu_ms = 1000\n\n[grants]\n`;

test('the WIT worlds are read from the SDK\'s copy', async () => {
  const { version, worlds } = await witWorlds();
  assert.equal(version, '0.1.0');
  assert.deepEqual(worlds['analyzer-module'], ['log']);
  assert.ok(worlds.domain.includes('workspace-files') && !worlds['channel-module'].includes('workspace-files'));
});

test('a manifest is checked before anything is built', async () => {
  const dir = await moduleDir('name = "Bad Name"\nversion = "1"\nworld = "web"\nwit = "0.2.0"\n', '');
  await assert.rejects(readManifest(dir), /name must match.*world must be one of domain, channel-module, analyzer-module.*wit must be "0.1.0"/);
});

test('only the interfaces the code calls are imported, and only those of the world', async () => {
  const source = `import { defineAnalyzer, kv, log } from '@openclaw-buddy/sdk';
export default defineAnalyzer({ analyze: () => { log.info('x'); return String(kv.get('k').ok); } });`;
  const dir = await moduleDir(TOML('analyzer-module'), source);
  const manifest = await readManifest(dir);
  const { code, imports } = await bundle(join(dir, 'index.js'), manifest);
  assert.deepEqual(imports.sort(), ['openclaw:buddy/kv@0.1.0', 'openclaw:buddy/log@0.1.0']);
  assert.match(code, /export \{ analyzer \}/);
  const problems = await checkImports(imports, 'analyzer-module');
  assert.equal(problems.length, 1);
  assert.match(problems[0], /imports openclaw:buddy\/kv@0.1.0, which the analyzer-module world does not offer/);
  assert.deepEqual(await checkImports(['openclaw:buddy/kv@0.1.0'], 'domain'), []);
  assert.equal((await checkImports(['wasi:http/outgoing-handler@0.2.0'], 'domain')).length, 1);
});

test('a domain module that uses no capability imports none', async () => {
  const source = `import { defineModule, Router, ok } from '@openclaw-buddy/sdk';
export default defineModule({ routes: new Router().get('/x', 'x', () => ok(1)) });`;
  const dir = await moduleDir(TOML('domain', 'prefix = "/v1/probe"'), source);
  const { code, imports } = await bundle(join(dir, 'index.js'), await readManifest(dir));
  assert.deepEqual(imports, []);
  assert.match(code, /const handler = domainExports\(\w+, \{\s*"?name"?: "probe"/);
});
