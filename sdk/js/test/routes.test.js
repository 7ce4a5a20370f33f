// Routes, requests and replies, and the domain world's export glue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router, Request, ok, error, HttpError, defineModule, kv, unwrap } from '@openclaw-buddy/sdk';
import { domainExports } from '../src/exports/domain.js';
import { host } from './fakes/host.js';

const raw = (method, path, extra = {}) => ({ method, path, query: [], headers: [], body: new Uint8Array(), ...extra });
const manifest = { name: 'demo', version: '1.2.3' };

test('routes match by method and path, with decoded parameters', () => {
  const r = new Router()
    .get('/users/:id', 'One user', (req) => ok({ id: req.param('id') }))
    .post('/users', 'Create', () => error(409, 'exists'));
  assert.deepEqual(r.describe(), [
    { method: 'GET', path: '/users/:id', summary: 'One user' },
    { method: 'POST', path: '/users', summary: 'Create' },
  ]);
  assert.deepEqual(r.dispatch(raw('GET', '/users/a%20b')).data, { id: 'a b' });
  assert.equal(r.dispatch(raw('GET', '/users')).status, 405);
  assert.equal(r.dispatch(raw('GET', '/nope')).status, 404);
  assert.throws(() => r.get('no-slash', 'x', () => ok()), /must start with \//);
  assert.throws(() => r.route('HEAD', '/x', 'x', () => ok()), /unsupported method/);
});

test('requests read queries, headers and JSON bodies', () => {
  const req = Request.of('POST', '/x', { query: { a: '1' }, headers: { 'X-Thing': 'v' }, body: { n: 2 } });
  assert.equal(req.query('a'), '1');
  assert.equal(req.query('b'), undefined);
  assert.equal(req.header('x-thing'), 'v');
  assert.deepEqual(req.json(), { n: 2 });
  const bad = Request.of('POST', '/x', { body: '{' });
  assert.throws(() => bad.json(), (e) => e instanceof HttpError && e.reply.status === 400);
});

test('the export answers with replies, thrown errors and capability failures as statuses', async () => {
  const def = defineModule({
    routes: new Router()
      .get('/ok', 'ok', () => ok({ a: 1 }, 'fine'))
      .get('/plain', 'plain value', () => [1, 2])
      .get('/http', 'thrown reply', () => { throw new HttpError(418, 'teapot'); })
      .get('/bug', 'a bug', () => { throw new TypeError('x is undefined'); })
      .get('/kv', 'denied capability', () => ok(unwrap(kv.get('k'))))
      .get('/async', 'async handler', async () => ok('later'))
      .get('/bigint', 'data JSON cannot hold', () => ok({ n: 1n })),
  });
  const h = domainExports(def, manifest);
  assert.deepEqual(h.describe(), { name: 'demo', version: '1.2.3', routes: h.describe().routes });
  assert.deepEqual(h.handle(raw('GET', '/ok')), { status: 200, message: 'fine', dataJson: '{"a":1}' });
  assert.deepEqual(h.handle(raw('GET', '/plain')), { status: 200, message: undefined, dataJson: '[1,2]' });
  assert.deepEqual(h.handle(raw('GET', '/http')), { status: 418, message: 'teapot', dataJson: undefined });
  assert.equal(h.handle(raw('GET', '/bug')).status, 500);
  assert.match(h.handle(raw('GET', '/bug')).message, /TypeError: x is undefined/);
  host.reset();
  const denied = h.handle(raw('GET', '/kv'));
  assert.equal(denied.status, 500);
  assert.match(denied.message, /^denied: module was not granted kv/);
  assert.deepEqual(await h.handle(raw('GET', '/async')), { status: 200, message: undefined, dataJson: '"later"' });
  const unsendable = h.handle(raw('GET', '/bigint'));
  assert.equal(unsendable.status, 500);
  assert.match(unsendable.message, /BigInt/);
});

test('name and version come from module.toml and must match it when given', () => {
  const routes = new Router().get('/x', 'x', () => ok());
  assert.throws(() => domainExports(defineModule({ name: 'other', routes }), manifest), /name "other" but module.toml says "demo"/);
  assert.equal(domainExports(defineModule({ name: 'demo', version: '1.2.3', routes }), manifest).describe().name, 'demo');
  assert.throws(() => domainExports({}, manifest), /must `export default` defineModule/);
});

test('the hello-js example counts greetings in kv', async () => {
  const { default: hello } = await import('../examples/hello-js/src/index.ts');
  const h = domainExports(hello, { name: 'hello-js', version: '0.1.0' });
  host.reset();
  host.granted.add('kv');
  const greet = (name) => JSON.parse(h.handle(raw('GET', '/greet', { query: [['name', name]] })).dataJson);
  assert.deepEqual(greet('Ada'), { greeting: 'Hello, Ada!', count: 1 });
  assert.deepEqual(greet('Bob'), { greeting: 'Hello, Bob!', count: 2 });
  host.granted.clear();
  assert.equal(h.handle(raw('GET', '/greet')).status, 500, 'without the kv grant');
});
