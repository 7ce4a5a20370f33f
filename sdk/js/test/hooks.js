// Node module hooks for the SDK's tests: `openclaw:buddy/<interface>@0.1.0` resolves to the
// fake in fakes/<interface>.js. Registered by `--import ./test/register.js`.
export async function resolve(specifier, context, next) {
  const m = specifier.match(/^openclaw:buddy\/([a-z-]+)@0\.1\.0$/);
  if (m) return { url: new URL(`./fakes/${m[1]}.js`, import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
