// Generates the TypeScript declarations of Buddy's WIT package (the SDK's copy in ../wit) into
// ../types with jco's guest-types generator, one declaration file per world and one per
// interface. `--check` compares instead of writing and fails when the checked-in files differ
// (the SDK's tests run it, so the declarations never drift from the WIT).

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SDK = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WIT = join(SDK, 'wit');
const OUT = join(SDK, 'types');
const WORLDS = ['domain', 'channel-module', 'analyzer-module'];

async function generate() {
  const require = createRequire(join(SDK, 'package.json'));
  const transpile = require.resolve('@bytecodealliance/jco-transpile');
  // The generator reads the WIT through the WASI shim jco-transpile uses; that shim no longer
  // preopens `/` by default, so give it the SDK's folder (jco's own CLI fails here).
  const fsShim = await import(pathToFileURL(createRequire(transpile).resolve('@bytecodealliance/preview2-shim/filesystem')));
  fsShim._addPreopen(SDK, SDK);
  const { generateGuestTypes } = await import(pathToFileURL(transpile));
  const files = new Map();
  for (const world of WORLDS) {
    const out = await generateGuestTypes(WIT, { worldName: world, outDir: '' });
    for (const [name, bytes] of Object.entries(out)) {
      const text = new TextDecoder().decode(bytes);
      if (files.has(name) && files.get(name) !== text) throw new Error(`${name} differs between worlds`);
      files.set(name, text);
    }
  }
  return files;
}

async function listed(dir, prefix = '') {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await listed(join(dir, e.name), `${prefix}${e.name}/`)));
    else out.push(`${prefix}${e.name}`);
  }
  return out;
}

const files = await generate();
if (process.argv.includes('--check')) {
  const problems = [];
  for (const [name, text] of files) {
    const have = await readFile(join(OUT, name), 'utf8').catch(() => undefined);
    if (have === undefined) problems.push(`${name} is missing`);
    else if (have !== text) problems.push(`${name} differs`);
  }
  for (const name of await listed(OUT)) if (!files.has(name)) problems.push(`${name} is not generated from the WIT`);
  if (problems.length) {
    console.error(`types/ is out of date with wit/ (${problems.join(', ')}): run \`npm run types\``);
    process.exit(1);
  }
  console.log(`types/ matches wit/ (${files.size} files)`);
} else {
  await rm(OUT, { recursive: true, force: true });
  for (const [name, text] of files) {
    await mkdir(dirname(join(OUT, name)), { recursive: true });
    await writeFile(join(OUT, name), text);
  }
  console.log(`wrote ${files.size} files to types/`);
}
