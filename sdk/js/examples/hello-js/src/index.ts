// GET /v1/hello-js/greet?name=Ada answers {"greeting": "Hello, Ada!", "count": N} and counts
// greetings in the module's kv store, like the Rust `hello` example.

import { defineModule, Router, ok, error, kv, unwrap, type Request } from '@openclaw-buddy/sdk';

function greet(req: Request) {
  const name = req.query('name') ?? 'world';
  if (name.length > 64) return error(400, 'name: at most 64 characters');
  const count = (unwrap(kv.getJson<number>('count')) ?? 0) + 1;
  unwrap(kv.setJson('count', count));
  return ok({ greeting: `Hello, ${name}!`, count });
}

export default defineModule({
  routes: new Router().get('/greet', 'Greets someone and counts the greetings', greet),
});
