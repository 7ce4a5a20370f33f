/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/http@0.1.0' {
  export function fetch(request: HttpRequest): HttpResponse;
  export type CapError = import('openclaw:buddy/types@0.1.0').CapError;
  export type Header = import('openclaw:buddy/types@0.1.0').Header;
  export interface HttpRequest {
    method: string,
    url: string,
    headers: Array<Header>,
    body: Uint8Array,
    timeoutMs?: number,
  }
  export interface HttpResponse {
    status: number,
    headers: Array<Header>,
    body: Uint8Array,
  }
}
