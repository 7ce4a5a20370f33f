// @ts-check
// The `domain` world's export (`openclaw:buddy/handler`) for a `defineModule` definition. The
// entry the build tool generates calls this; modules never do.

import { replyForThrown, toResponse } from '../reply.js';
import { checkKind } from './check.js';

/**
 * The reply as the WIT response; a reply that cannot be sent (data JSON cannot represent,
 * such as a BigInt or a cycle) becomes a 500 naming the error.
 * @param {unknown} out
 */
function settle(out) {
  try {
    return toResponse(out);
  } catch (e) {
    return toResponse(replyForThrown(e));
  }
}

/**
 * The response for a handler's outcome, also when it is a promise.
 * @param {() => any} run
 */
function respond(run) {
  let out;
  try {
    out = run();
  } catch (e) {
    return settle(replyForThrown(e));
  }
  if (out && typeof out.then === 'function') {
    return out.then(settle, (/** @type {unknown} */ e) => settle(replyForThrown(e)));
  }
  return settle(out);
}

/**
 * @param {any} definition what the entry exported by default
 * @param {{ name: string, version: string, [key: string]: string }} manifest module.toml's name and version
 * @returns {typeof import('openclaw:buddy/handler@0.1.0')}
 */
export function domainExports(definition, manifest) {
  checkKind(definition, 'domain');
  for (const key of ['name', 'version']) {
    if (definition[key] !== undefined && definition[key] !== manifest[key]) {
      throw new Error(`defineModule says ${key} "${definition[key]}" but module.toml says "${manifest[key]}"`);
    }
  }
  const info = { name: manifest.name, version: manifest.version, routes: definition.routes.describe() };
  return {
    describe: () => info,
    handle: (req) => respond(() => definition.routes.dispatch(req)),
  };
}
