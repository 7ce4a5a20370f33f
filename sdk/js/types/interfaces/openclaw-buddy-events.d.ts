/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/events@0.1.0' {
  export function emit(event: Event): void;
  export type CapError = import('openclaw:buddy/types@0.1.0').CapError;
  export interface Event {
    action: string,
    target: string,
    status: string,
    detail: string,
  }
}
