// Misbehaves on purpose, in JavaScript: Buddy must contain it exactly as it contains the Rust
// fixtures.

import { defineModule, Router, ok, error, cli, config, events, http, kv, unwrap } from '@openclaw-buddy/sdk';

/** The outcome of a capability call: `allowed`, or the typed error it came back with. */
const outcome = (result) => ('err' in result ? result.err : 'allowed');

export default defineModule({
  routes: new Router()
    .get('/ok', 'Answers', () => ok({ ok: true }))
    .get('/run', 'Allocates ?mb=N MiB and touches every page', (req) => {
      const mb = Number(req.query('mb') ?? '1');
      if (!Number.isInteger(mb) || mb < 0) return error(400, 'mb: a whole number of MiB');
      const chunks = [];
      for (let i = 0; i < mb; i++) {
        const chunk = new Uint8Array(1024 * 1024);
        for (let j = 0; j < chunk.length; j += 4096) chunk[j] = 1;
        chunks.push(chunk);
      }
      return ok({ mb: chunks.length });
    })
    .get('/spin', 'Never returns', () => {
      let n = 0;
      for (;;) n = (n + 1) % 7;
    })
    .get('/greedy', 'Calls every capability without a grant', () => ok({
      kv: outcome(kv.set('k', 'v')),
      cli: outcome(cli.run(['--version'])),
      config: outcome(config.get('/gateway')),
      http: outcome(http.get('http://127.0.0.1:9/')),
      events: outcome(events.emit({ action: 'greedy.run', target: 'nothing' })),
    }))
    .get('/engine', 'What the engine offers', () => ok({
      now: Date.now(),
      random: Math.random(),
      randomValues: crypto.getRandomValues(new Uint8Array(4)).length,
      intl: typeof globalThis.Intl,
    }))
    .get('/async', 'An async handler', async () => {
      const n = await Promise.resolve(41);
      return ok({ n: n + 1 });
    })
    .get('/fetch', 'Calls the global fetch, which has no HTTP support behind it', async () => {
      const res = await fetch('http://127.0.0.1:9/');
      return ok({ status: res.status });
    })
    .get('/unwrap', 'Lets a denial escape as an exception', () => ok(unwrap(kv.get('k')))),
});
