declare module 'openclaw:buddy/types@0.1.0' {
  /**
   * Why a capability call did not succeed. A denial is an ordinary value the module can
   * handle; the host never traps a module because a grant is missing.
   */
  export type CapError = CapErrorDenied | CapErrorInvalid | CapErrorNotFound | CapErrorTimeout | CapErrorFailed;
  /**
   * The module's manifest does not grant this call (the text names the missing grant).
   */
  export interface CapErrorDenied {
    tag: 'denied',
    val: string,
  }
  /**
   * The arguments are malformed (bad JSON pointer, bad id, oversize value...).
   */
  export interface CapErrorInvalid {
    tag: 'invalid',
    val: string,
  }
  /**
   * The thing asked for does not exist.
   */
  export interface CapErrorNotFound {
    tag: 'not-found',
    val: string,
  }
  /**
   * The operation ran past its time budget.
   */
  export interface CapErrorTimeout {
    tag: 'timeout',
    val: string,
  }
  /**
   * The outside system failed: OpenClaw exited non-zero, a write conflicted, HTTP failed.
   */
  export interface CapErrorFailed {
    tag: 'failed',
    val: string,
  }
  /**
   * One HTTP header.
   */
  export interface Header {
    name: string,
    value: string,
  }
}
