import { guard } from './host.js';
export function fetch(request) {
  guard('http');
  return { status: 200, headers: [{ name: 'content-type', value: 'application/json' }], body: new TextEncoder().encode(JSON.stringify({ echo: request.url })) };
}
