/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/openclaw-config@0.1.0' {
  /**
   * The value at `pointer` as JSON text, or none when absent.
   */
  export function get(pointer: string): string | undefined;
  /**
   * Sets the value at `pointer` (JSON text), creating parent objects as needed.
   */
  export function set(pointer: string, valueJson: string): void;
  /**
   * Removes the value at `pointer`; removing an absent value is not an error.
   */
  export function remove(pointer: string): void;
  /**
   * OpenClaw's state directory (where workspaces live), so a module can name a new
   * agent's workspace. Needs any config grant.
   */
  export function stateDir(): string;
  export type CapError = import('openclaw:buddy/types@0.1.0').CapError;
}
