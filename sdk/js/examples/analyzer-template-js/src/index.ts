// A template analyzer in TypeScript, the twin of the Rust analyzer-template:
// - `diff` is the SDK's structural diff without the bookkeeping OpenClaw rewrites on every save
//   (`/meta`, `/wizard`), so an operator comparing a backup sees only what someone changed (the
//   SDK masks secrets in every change it returns);
// - `analyze` writes the heal report as a runbook checklist: what happened, what Buddy did, what
//   to check next, and which settings the heal changed.

import { defineAnalyzer, jsonDiff, parseConfig, type Change, type Evidence } from '@openclaw-buddy/sdk';

/** Top-level sections OpenClaw maintains itself; changes below them are not shown. */
const IGNORED = ['/meta', '/wizard'];

function ignored(path: string): boolean {
  return IGNORED.some((p) => path === p || path.startsWith(`${p}/`));
}

function diff(before: unknown, after: unknown): Change[] {
  return jsonDiff(before, after).filter((c) => !ignored(c.path));
}

function list(items: string[]): string {
  return items.length ? items.map((i) => `- ${i}\n`).join('') : '- (nothing recorded)\n';
}

function analyze(evidence: Evidence): string {
  let report = '# Heal runbook\n\n';
  report += `**Trigger:** ${evidence.trigger}\n\n**Outcome:** ${evidence.outcome}\n\n`;
  report += `## What Buddy saw\n\n${list(evidence.observations)}`;
  report += `\n## What Buddy did\n\n${list(evidence.actions)}`;
  report += '\n## Check next\n\n';
  report += '- [ ] `GET /v1/openclaw/status` reports the gateway `Running` and `Healthy`\n';
  report += '- [ ] the channels you use answer a test message\n';
  const [before, after] = [parseConfig(evidence.oldConfig), parseConfig(evidence.newConfig)];
  if (before?.error !== undefined) {
    report += `- [ ] the broken config was not JSON (${before.error}): find who wrote it\n`;
  } else if (before && after && after.error === undefined) {
    const changes = diff(before.value, after.value);
    report += `- [ ] review the ${changes.length} restored setting(s) below\n\n## Settings the heal restored\n\n`;
    report += changes.map((c) => `- \`${c.path}\` (${c.kind})\n`).join('');
  } else {
    report += '\nThe heal did not touch the config.\n';
  }
  return report;
}

export default defineAnalyzer({ analyze, diff });
