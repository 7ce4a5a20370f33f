/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/http-types@0.1.0' {
  export type Header = import('openclaw:buddy/types@0.1.0').Header;
  export interface Request {
    /**
     * Upper-case method: GET, POST, DELETE...
     */
    method: string,
    /**
     * Path below the module's route prefix, starting with `/`.
     */
    path: string,
    /**
     * Decoded query parameters in order.
     */
    query: Array<[string, string]>,
    headers: Array<Header>,
    body: Uint8Array,
  }
  /**
   * The host wraps a reply in Buddy's envelope `{code, message, data}` with `code = status`.
   */
  export interface Response {
    status: number,
    /**
     * Human-readable message; the host uses "success" or the status text when absent.
     */
    message?: string,
    /**
     * The envelope's `data` as JSON text; absent means no data.
     */
    dataJson?: string,
  }
  /**
   * One route the module serves, for `GET /v1/modules` and the API document.
   */
  export interface Route {
    method: string,
    /**
     * Path below the prefix; `:name` marks a path parameter.
     */
    path: string,
    summary: string,
  }
  export interface ModuleInfo {
    name: string,
    version: string,
    routes: Array<Route>,
  }
}
