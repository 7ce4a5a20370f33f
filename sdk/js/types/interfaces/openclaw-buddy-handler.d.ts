/// <reference path="./openclaw-buddy-http-types.d.ts" />
declare module 'openclaw:buddy/handler@0.1.0' {
  /**
   * Describes the module: called once at load time.
   */
  export function describe(): ModuleInfo;
  /**
   * Handles one request. Each call runs in a fresh instance.
   */
  export function handle(req: Request): Response;
  export type Request = import('openclaw:buddy/http-types@0.1.0').Request;
  export type Response = import('openclaw:buddy/http-types@0.1.0').Response;
  export type ModuleInfo = import('openclaw:buddy/http-types@0.1.0').ModuleInfo;
}
