import { capErr, guard, host } from './host.js';
export function run(args, timeoutMs) {
  guard('cli');
  host.calls.push({ args, timeoutMs });
  const out = host.cli.get(args.join(' '));
  if (!out) throw capErr('denied', `cli grant does not allow ${args.join(' ')}`);
  return typeof out === 'function' ? out() : out;
}
