// The SDK's sources run inside ComponentizeJS's engine (SpiderMonkey without ICU), which
// rejects Unicode property escapes (`\p{...}`) at parse time: none may appear in src/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else if (p.endsWith('.js')) out.push(p);
  }
  return out;
}

test('no Unicode property escapes in the SDK sources', async () => {
  const root = new URL('../src/', import.meta.url).pathname;
  for (const f of await files(root)) {
    const text = await readFile(f, 'utf8');
    const code = text.split('\n').filter((l) => !/^\s*(\/\/|\*)/.test(l)).join('\n');
    assert.ok(!/\\[pP]\{/.test(code), `${f} uses a Unicode property escape`);
  }
});
