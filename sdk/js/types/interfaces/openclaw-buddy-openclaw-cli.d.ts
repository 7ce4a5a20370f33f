/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/openclaw-cli@0.1.0' {
  /**
   * Runs `openclaw <args...>` and returns its output, also when it exits non-zero.
   * `timeout-ms` is capped by the host's own limit.
   */
  export function run(args: Array<string>, timeoutMs: number | undefined): CliOutput;
  export type CapError = import('openclaw:buddy/types@0.1.0').CapError;
  export interface CliOutput {
    /**
     * Exit status of the process (0 on success).
     */
    status: number,
    stdout: string,
    stderr: string,
  }
}
