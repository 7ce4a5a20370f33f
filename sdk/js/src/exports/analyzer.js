// @ts-check
// The `analyzer-module` world's export (`openclaw:buddy/analyzer`) for a `defineAnalyzer`
// definition. The entry the build tool generates calls this; modules never do.

import { Change } from '../analyzer.js';
import { checkKind } from './check.js';

/** @param {string} side @param {string} text */
function parse(side, text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    // A thrown string is the WIT `result`'s error.
    throw `${side} document is not valid JSON: ${e instanceof Error ? e.message : e}`;
  }
}

/**
 * @param {any} d what the entry exported by default
 * @returns {typeof import('openclaw:buddy/analyzer@0.1.0')}
 */
export function analyzerExports(d) {
  checkKind(d, 'analyzer-module');
  return {
    diff(oldJson, newJson) {
      const changes = d.diff(parse('old', oldJson), parse('new', newJson));
      return changes.map(Change.masked).map((/** @type {any} */ c) => ({
        path: c.path,
        kind: c.kind,
        oldJson: c.old === undefined ? undefined : JSON.stringify(c.old),
        newJson: c.new === undefined ? undefined : JSON.stringify(c.new),
      }));
    },
    analyze: (evidence) => String(d.analyze(evidence)),
  };
}
