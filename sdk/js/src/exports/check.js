// Checks shared by the generated entries: the definition's kind against module.toml's world.

const KIND = Symbol.for('openclaw-buddy.definition');

export function checkKind(definition, world) {
  const kind = definition?.[KIND];
  if (!kind) {
    throw new Error('the entry file must `export default` defineModule(...), defineChannel(...) or defineAnalyzer(...)');
  }
  if (kind !== world) {
    throw new Error(`module.toml says world = "${world}" but the entry exports a ${kind} definition`);
  }
}
