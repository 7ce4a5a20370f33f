// Builds a JavaScript or TypeScript module into a Buddy component:
//
// 1. reads module.toml (name, version, world);
// 2. bundles the entry file (TypeScript is stripped) and the SDK into one ES module with an
//    entry that turns the entry's default export into the world's WIT exports;
// 3. checks that the bundle imports only interfaces of that world;
// 4. runs ComponentizeJS (SpiderMonkey + the bundle, pre-initialised) against the SDK's copy
//    of Buddy's WIT package, unless the same inputs were built before.
//
// The output folder holds `module.wasm` and a copy of `module.toml`: copy it to
// `<data dir>/modules/<name>/` and reload.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lexer from 'es-module-lexer';
import { parse as parseToml } from 'smol-toml';

const SDK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The WIT package the SDK carries (a copy of Buddy's `wit/v0.1.0`). */
export const WIT_DIR = join(SDK_DIR, 'wit');
const SRC_DIR = join(SDK_DIR, 'src');
/** Export name and helper of each world. */
const WORLDS = {
  domain: { exportName: 'handler', helper: 'domain.js', fn: 'domainExports', manifest: true },
  'channel-module': { exportName: 'channel', helper: 'channel.js', fn: 'channelExports' },
  'analyzer-module': { exportName: 'analyzer', helper: 'analyzer.js', fn: 'analyzerExports' },
};
/** Engine features left out: Buddy links no `wasi:http`, modules use the SDK's `http`. */
const DISABLED_FEATURES = ['http', 'fetch-event'];
const ENTRY_CANDIDATES = ['src/index.ts', 'src/index.js', 'index.ts', 'index.js'];
/** Bumped when the build's output changes for the same inputs. */
const BUILD_FORMAT = 1;

/** The version of the WIT package and the imports of each of its worlds. */
export async function witWorlds(witDir = WIT_DIR) {
  const files = (await readdir(witDir)).filter((f) => f.endsWith('.wit')).sort();
  const worlds = {};
  let version;
  for (const f of files) {
    const text = await readFile(join(witDir, f), 'utf8');
    version ??= text.match(/^package\s+openclaw:buddy@([0-9.]+)\s*;/m)?.[1];
    for (const m of text.matchAll(/^world\s+([a-z0-9-]+)\s*\{([^}]*)\}/gm)) {
      worlds[m[1]] = [...m[2].matchAll(/^\s*import\s+([a-z0-9-]+)\s*;/gm)].map((i) => i[1]);
    }
  }
  return { version, worlds };
}

/** Reads and checks module.toml; throws naming every problem. */
export async function readManifest(dir) {
  const path = join(dir, 'module.toml');
  let manifest;
  try {
    manifest = parseToml(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${e.message}`);
  }
  const { version: witVersion } = await witWorlds();
  const problems = [];
  if (typeof manifest.name !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(manifest.name)) {
    problems.push('name must match ^[a-z][a-z0-9-]{0,31}$');
  }
  if (typeof manifest.version !== 'string' || !manifest.version) problems.push('version is required');
  if (!(manifest.world in WORLDS)) problems.push(`world must be one of ${Object.keys(WORLDS).join(', ')}`);
  if (manifest.wit !== witVersion) problems.push(`wit must be "${witVersion}", the WIT version this SDK builds against`);
  if (problems.length) throw new Error(`${path}: ${problems.join('; ')}`);
  return manifest;
}

function findEntry(dir, entry) {
  if (entry) {
    const p = resolve(dir, entry);
    if (!existsSync(p)) throw new Error(`entry ${p} does not exist`);
    return p;
  }
  for (const c of ENTRY_CANDIDATES) if (existsSync(join(dir, c))) return join(dir, c);
  throw new Error(`no entry file in ${dir}: create one of ${ENTRY_CANDIDATES.join(', ')} or pass --entry`);
}

/** A path as the user would type it: relative below the current folder, else absolute. */
function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

const ENTRY_ID = '\0buddy-module-entry';

/** Bundles `entryFile` with the SDK into one ES module exporting the world's interface. */
export async function bundle(entryFile, manifest) {
  const { rolldown } = await import('rolldown');
  const w = WORLDS[manifest.world];
  const args = w.manifest ? `, ${JSON.stringify({ name: manifest.name, version: manifest.version })}` : '';
  const shim = [
    `import definition from ${JSON.stringify(entryFile)};`,
    `import { ${w.fn} } from ${JSON.stringify(join(SRC_DIR, 'exports', w.helper))};`,
    `export const ${w.exportName} = ${w.fn}(definition${args});`,
  ].join('\n');
  const build = await rolldown({
    input: ENTRY_ID,
    // The bundle names each file relative to this folder: the SDK's own, so the same inputs
    // give the same bundle (and build key) whatever folder the build runs from.
    cwd: SDK_DIR,
    platform: 'neutral',
    logLevel: 'warn',
    external: (id) => /^(wasi:|openclaw:buddy\/)/.test(id),
    resolve: {
      alias: { '@openclaw-buddy/sdk': join(SRC_DIR, 'index.js') },
      // TypeScript's convention: `./login.js` in a .ts file means ./login.ts when there is no .js.
      extensionAlias: { '.js': ['.js', '.ts'] },
    },
    // An interface the module does not call is not imported, so a module only asks for what
    // it uses (and the SDK's other capabilities never reach an analyzer).
    treeshake: { moduleSideEffects: (_id, external) => !external },
    plugins: [{
      name: 'buddy-module-entry',
      resolveId: (id) => (id === ENTRY_ID ? id : null),
      load: (id) => (id === ENTRY_ID ? shim : null),
    }],
  });
  try {
    const { output } = await build.generate({ format: 'esm', codeSplitting: false });
    const chunk = output.find((o) => o.type === 'chunk');
    // What the final code imports (the chunk's own list also names imports tree-shaking removed).
    await lexer.init;
    const [imports] = lexer.parse(chunk.code);
    return { code: chunk.code, imports: [...new Set(imports.map((i) => i.n).filter(Boolean))] };
  } finally {
    await build.close();
  }
}

/** Problems with the bundle's imports for `world` (interfaces the world does not import). */
export async function checkImports(imports, world) {
  const { version, worlds } = await witWorlds();
  const offered = worlds[world] ?? [];
  const problems = [];
  for (const spec of imports) {
    const m = spec.match(/^openclaw:buddy\/([a-z0-9-]+)@(.+)$/);
    if (m && m[2] === version && offered.includes(m[1])) continue;
    problems.push(`imports ${spec}, which the ${world} world does not offer (it offers ${offered.map((i) => `openclaw:buddy/${i}@${version}`).join(', ')})`);
  }
  return problems;
}

/** The installed ComponentizeJS's version (wherever npm put it), part of the build's key. */
async function componentizeVersion() {
  const entry = fileURLToPath(import.meta.resolve('@bytecodealliance/componentize-js'));
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).version;
}

async function witDigest(hash) {
  for (const f of (await readdir(WIT_DIR)).filter((f) => f.endsWith('.wit')).sort()) {
    hash.update(f).update(await readFile(join(WIT_DIR, f)));
  }
}

/**
 * Builds the module in `dir`. Options: `entry` (default: the first of src/index.ts,
 * src/index.js, index.ts, index.js), `outDir` (default `<dir>/dist`), `force` (rebuild even
 * when the inputs are unchanged), `log` (progress lines). Returns `{ wasm, manifest, cached,
 * bytes, ms }`.
 */
export async function build({ dir = '.', entry, outDir, force = false, log = () => {} } = {}) {
  const started = Date.now();
  dir = resolve(dir);
  const out = resolve(outDir ?? join(dir, 'dist'));
  const manifest = await readManifest(dir);
  const entryFile = findEntry(dir, entry);
  const { code, imports } = await bundle(entryFile, manifest);
  const problems = await checkImports(imports, manifest.world);
  if (problems.length) throw new Error(`${shown(entryFile)}: ${problems.join('; ')}`);

  const hash = createHash('sha256');
  hash.update(`format ${BUILD_FORMAT}\nworld ${manifest.world}\ncomponentize-js ${await componentizeVersion()}\n`);
  hash.update(`disabled ${DISABLED_FEATURES.join(',')}\n`).update(code);
  await witDigest(hash);
  const key = hash.digest('hex');
  const wasm = join(out, 'module.wasm');
  const keyFile = join(out, '.build-key');
  await mkdir(out, { recursive: true });
  await copyFile(join(dir, 'module.toml'), join(out, 'module.toml'));
  const previous = await readFile(keyFile, 'utf8').catch(() => '');
  if (!force && previous.trim() === key && existsSync(wasm)) {
    const bytes = (await readFile(wasm)).length;
    log(`${manifest.name}: up to date (${shown(wasm)})`);
    return { wasm, manifest, cached: true, bytes, ms: Date.now() - started };
  }

  log(`${manifest.name}: componentizing for world ${manifest.world} (this takes a while)...`);
  const { componentize } = await import('@bytecodealliance/componentize-js');
  const work = await mkdtemp(join(tmpdir(), 'buddy-module-'));
  try {
    const source = join(work, 'module.js');
    await writeFile(source, code);
    const { component } = await componentize({
      sourcePath: source,
      witPath: WIT_DIR,
      worldName: manifest.world,
      disableFeatures: DISABLED_FEATURES,
    });
    // Written whole, then renamed: a reader never sees half a component.
    const tmp = `${wasm}.${process.pid}.tmp`;
    await writeFile(tmp, component);
    await rename(tmp, wasm);
    await writeFile(keyFile, `${key}\n`);
    const ms = Date.now() - started;
    log(`${manifest.name}: built ${shown(wasm)} (${(component.length / 1048576).toFixed(1)} MiB) in ${(ms / 1000).toFixed(1)} s`);
    return { wasm, manifest, cached: false, bytes: component.length, ms };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
