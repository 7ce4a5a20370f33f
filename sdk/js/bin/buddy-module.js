#!/usr/bin/env node
// buddy-module: builds OpenClaw Buddy modules written in JavaScript or TypeScript.

import { build } from '../lib/build.js';

const USAGE = `Usage: buddy-module build [dir...] [--entry <file>] [--out <dir>] [--force]

Builds the module in each dir (default: the current one) into <dir>/dist/module.wasm, next to a
copy of its module.toml. The entry is the first of src/index.ts, src/index.js, index.ts and
index.js unless --entry names it; it must \`export default\` defineModule(...),
defineChannel(...) or defineAnalyzer(...) from @openclaw-buddy/sdk, matching module.toml's world.
A module whose inputs did not change since its last build is not built again (--force does).`;

function parseArgs(argv) {
  const opts = { dirs: [], force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--entry') opts.entry = argv[++i];
    else if (a === '--out') opts.outDir = argv[++i];
    else if (a === '--force') opts.force = true;
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.dirs.push(a);
  }
  return opts;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === '-h' || command === '--help') {
    console.log(USAGE);
    return;
  }
  if (command !== 'build') throw new Error(`unknown command ${command}\n\n${USAGE}`);
  const opts = parseArgs(rest);
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const dirs = opts.dirs.length ? opts.dirs : ['.'];
  if (dirs.length > 1 && opts.outDir) throw new Error('--out needs a single module dir');
  for (const dir of dirs) {
    await build({ dir, entry: opts.entry, outDir: opts.outDir, force: opts.force, log: (l) => console.log(l) });
  }
}

main().catch((e) => {
  console.error(`buddy-module: ${e.message}`);
  process.exit(1);
});
