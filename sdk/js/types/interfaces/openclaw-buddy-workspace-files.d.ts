/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/workspace-files@0.1.0' {
  export function read(agentId: string, name: string): string;
  export function write(agentId: string, name: string, content: string): void;
  export type CapError = import('openclaw:buddy/types@0.1.0').CapError;
}
