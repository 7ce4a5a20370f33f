/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/kv@0.1.0' {
  export function get(key: string): Uint8Array | undefined;
  export function set(key: string, value: Uint8Array): void;
  export { _delete as delete };
  function _delete(key: string): void;
  export function listKeys(prefix: string): Array<string>;
  export type CapError = import('openclaw:buddy/types@0.1.0').CapError;
}
