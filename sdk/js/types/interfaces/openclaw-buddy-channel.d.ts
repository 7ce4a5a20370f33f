/// <reference path="./openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/channel@0.1.0' {
  export function info(): ChannelInfo;
  /**
   * The channel's state as JSON text: plugin installed/enabled, accounts (never secrets).
   */
  export function configStatus(): string;
  /**
   * Installs and enables the channel's plugin; JSON text describing what was done. The host
   * runs this as a task, so it may take minutes.
   */
  export function install(): string;
  /**
   * The `openclaw` arguments of the channel's login process. The host runs it (the arguments
   * must match the module's cli grant), keeps it alive until the login ends, and feeds its
   * output to `read-login`.
   */
  export function loginCommand(): Array<string>;
  /**
   * Interprets everything the login process printed so far (stdout and stderr interleaved);
   * `exit-status` is set once the process has ended.
   */
  export function readLogin(output: string, exitStatus: number | undefined): LoginState;
  export type CapError = import('openclaw:buddy/types@0.1.0').CapError;
  export interface ChannelInfo {
    /**
     * Channel id in OpenClaw (`channels.<id>`), e.g. `openclaw-weixin`.
     */
    id: string,
    displayName: string,
    /**
     * The OpenClaw plugin that implements the channel.
     */
    pluginId: string,
    /**
     * npm spec the plugin installs from (with a version that exists), e.g.
     * `@tencent-weixin/openclaw-weixin@2.4.9`; empty for a plugin bundled with OpenClaw.
     */
    pluginPackage: string,
    /**
     * Whether the channel logs in by scanning a QR code (see `login-command`).
     */
    qrLogin: boolean,
  }
  /**
   * Where a login stands.
   */
  export type LoginStatus = LoginStatusPending | LoginStatusQr | LoginStatusScanned | LoginStatusConfirmed | LoginStatusExpired | LoginStatusCancelled | LoginStatusFailed;
  /**
   * Started, nothing to show yet.
   */
  export interface LoginStatusPending {
    tag: 'pending',
  }
  /**
   * A QR code is ready to be scanned.
   */
  export interface LoginStatusQr {
    tag: 'qr',
  }
  /**
   * Scanned; waiting for the user to confirm on the phone.
   */
  export interface LoginStatusScanned {
    tag: 'scanned',
  }
  /**
   * Logged in: OpenClaw saved the credentials.
   */
  export interface LoginStatusConfirmed {
    tag: 'confirmed',
  }
  export interface LoginStatusExpired {
    tag: 'expired',
  }
  export interface LoginStatusCancelled {
    tag: 'cancelled',
  }
  export interface LoginStatusFailed {
    tag: 'failed',
    val: string,
  }
  /**
   * A login's state as read from the login process's output.
   */
  export interface LoginState {
    status: LoginStatus,
    /**
     * The text encoded in the QR code (usually a URL), when one was printed.
     */
    qrData?: string,
    /**
     * The QR code as terminal art, when the process drew one.
     */
    qrText?: string,
    /**
     * A human-readable note (e.g. the process's last meaningful line).
     */
    message?: string,
  }
}
