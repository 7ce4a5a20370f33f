// `cli`: runs `openclaw <args>` when the arguments match a `cli` grant.
import { run as witRun } from 'openclaw:buddy/openclaw-cli@0.1.0';
import { call, capError } from '../result.js';
import { extractJson, cliErrorMessage } from '../text.js';

/**
 * Runs `openclaw <args>`: `{ ok: { status, stdout, stderr } }`, also for a non-zero exit.
 * `timeoutMs` may shorten or lengthen the host's timeout up to Buddy's own CLI limit.
 */
function run(args, { timeoutMs } = {}) {
  return call(() => witRun(args.map(String), timeoutMs));
}

/**
 * Runs a `--json` command and parses its output (skipping log lines before the JSON). A
 * non-zero exit or OpenClaw's `{"ok": false, "error": {...}}` is `{ err: { kind: 'failed' } }`
 * with OpenClaw's message.
 */
function runJson(args, options) {
  const r = run(args, options);
  if ('err' in r) return r;
  const out = r.ok;
  if (out.status !== 0) return { err: capError('failed', cliErrorMessage(out)) };
  const value = extractJson(out.stdout);
  if (value === undefined) return { err: capError('failed', `openclaw printed no JSON: ${out.stdout.trim().slice(0, 500)}`) };
  if (value && value.ok === false) return { err: capError('failed', cliErrorMessage(out)) };
  return { ok: value };
}

export const cli = { run, runJson, errorMessage: cliErrorMessage };
