// Types of @openclaw-buddy/sdk. The WIT-level types (the records Buddy and a module exchange)
// are generated from the SDK's copy of Buddy's WIT package into ../types/ by `npm run types`;
// the declarations below are the SDK's own API over them.

/// <reference path="../types/interfaces/openclaw-buddy-http-types.d.ts" />
/// <reference path="../types/interfaces/openclaw-buddy-channel.d.ts" />
/// <reference path="../types/interfaces/openclaw-buddy-analyzer.d.ts" />

type WitRequest = import('openclaw:buddy/http-types@0.1.0').Request;
type WitChannelInfo = import('openclaw:buddy/channel@0.1.0').ChannelInfo;
type WitEvidence = import('openclaw:buddy/analyzer@0.1.0').Evidence;

// ---- Replies ----------------------------------------------------------------------------

declare const REPLY: unique symbol;
/** What a handler returns: Buddy wraps it in its envelope `{code: status, message, data}`. */
export interface Reply {
  readonly [REPLY]: true;
  status: number;
  data?: unknown;
  message?: string;
}
/** 200 with `data` (any JSON value). */
export function ok(data?: unknown, message?: string): Reply;
/** 201 with `data`. */
export function created(data?: unknown, message?: string): Reply;
/** A reply without data (default 204). */
export function empty(status?: number, message?: string): Reply;
/** An error reply: `error(404, 'no such thing')`. */
export function error(status: number, message: string, data?: unknown): Reply;
export function isReply(value: unknown): value is Reply;
/** Throw it anywhere in a handler: the caller gets `status` and `message`. */
export class HttpError extends Error {
  constructor(status: number, message: string, data?: unknown);
  readonly reply: Reply;
}

// ---- Requests and routes ----------------------------------------------------------------

/** One request routed to the module; `path` is below the module's prefix. */
export class Request {
  constructor(raw: WitRequest, params?: Record<string, string>);
  /** A request for tests: `Request.of('GET', '/greet', { query: { name: 'Ada' } })`. */
  static of(
    method: string,
    path: string,
    options?: { query?: Record<string, string>; headers?: Record<string, string>; body?: string | Uint8Array | unknown },
  ): Request;
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly queryPairs: Array<[string, string]>;
  readonly headers: Array<{ name: string; value: string }>;
  readonly body: Uint8Array;
  /** A path parameter (`/users/:id` gives `param('id')`), percent-decoded. */
  param(name: string): string | undefined;
  /** The first query parameter called `name`. */
  query(name: string): string | undefined;
  /** A header, by case-insensitive name (Buddy never passes the caller's credentials). */
  header(name: string): string | undefined;
  text(): string;
  /** The body as JSON; a body that is not JSON throws an `HttpError` (400). */
  json<T = unknown>(): T;
}

/**
 * A handler returns a `Reply` (or any other value, sent as `ok(value)`), possibly through a
 * promise. A thrown `HttpError` answers with its status; a thrown `CapFailure` (from `unwrap`)
 * with the status of its kind: denied and invalid 500, not-found 404, timeout 504, failed 502.
 */
export type Handler = (req: Request) => unknown;

/** The module's routes: paths start with `/`, a `:name` segment captures a parameter. */
export class Router {
  get(path: string, summary: string, handler: Handler): this;
  post(path: string, summary: string, handler: Handler): this;
  put(path: string, summary: string, handler: Handler): this;
  patch(path: string, summary: string, handler: Handler): this;
  delete(path: string, summary: string, handler: Handler): this;
  route(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, summary: string, handler: Handler): this;
  /** The routes as Buddy lists them. */
  describe(): Array<{ method: string; path: string; summary: string }>;
  /** Routes one request (unknown path 404, wrong method 405): for tests. */
  dispatch(raw: WitRequest): unknown;
}

// ---- Capability results -----------------------------------------------------------------

/** Why a capability call did not succeed (the WIT `cap-error`). `denied` names the missing grant. */
export interface CapError {
  kind: 'denied' | 'invalid' | 'not-found' | 'timeout' | 'failed';
  message: string;
}
/** What every capability function returns; it never throws for a refused or failed call. */
export type Result<T> = { ok: T } | { err: CapError };
/** The value of an ok result; throws a `CapFailure` for an error. */
export function unwrap<T>(result: Result<T>): T;
export function map<T, U>(result: Result<T>, f: (value: T) => U): Result<U>;
export function capError(kind: CapError['kind'], message: string): CapError;
/** What `unwrap` throws. */
export class CapFailure extends Error {
  constructor(capError: CapError);
  readonly capError: CapError;
}

// ---- Capabilities -------------------------------------------------------------------------

export interface CliOutput {
  status: number;
  stdout: string;
  stderr: string;
}
/** Runs `openclaw <args>`; grant `cli = [["skills", "list", "--json"], ...]`. */
export const cli: {
  run(args: string[], options?: { timeoutMs?: number }): Result<CliOutput>;
  /** Runs a `--json` command: a non-zero exit or `{"ok": false}` is `failed` with OpenClaw's message. */
  runJson<T = unknown>(args: string[], options?: { timeoutMs?: number }): Result<T>;
  errorMessage(output: CliOutput): string;
};
/** openclaw.json under granted pointers; grant `config = [{ pointer = "/a/b", access = "read" | "write" }]`. */
export const config: {
  /** An RFC 6901 pointer from segments: `pointer('channels', id)`. */
  pointer(...segments: Array<string | number>): string;
  get<T = unknown>(pointer: string): Result<T | undefined>;
  set(pointer: string, value: unknown): Result<void>;
  remove(pointer: string): Result<void>;
  stateDir(): Result<string>;
};
/** An agent's workspace files; grant `workspace_files = ["SOUL.md", ...]` (domain modules only). */
export const workspace: {
  read(agentId: string, name: string): Result<string>;
  write(agentId: string, name: string, content: string): Result<void>;
};
export interface HttpResponse {
  status: number;
  headers: Array<{ name: string; value: string }>;
  body: Uint8Array;
  header(name: string): string | undefined;
  text(): string;
  json<T = unknown>(): T;
}
export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Sent as JSON, with `content-type: application/json`. */
  json?: unknown;
  timeoutMs?: number;
}
/** Outbound HTTP to granted hosts; grant `http = ["127.0.0.1:8080"]`. */
export const http: {
  fetch(request: HttpRequestOptions & { url: string }): Result<HttpResponse>;
  get(url: string, options?: HttpRequestOptions): Result<HttpResponse>;
  post(url: string, json: unknown, options?: HttpRequestOptions): Result<HttpResponse>;
};
/** The module's private key-value store; grant `kv = true`. */
export const kv: {
  get(key: string): Result<Uint8Array | undefined>;
  set(key: string, value: Uint8Array | string): Result<void>;
  delete(key: string): Result<void>;
  listKeys(prefix?: string): Result<string[]>;
  getText(key: string): Result<string | undefined>;
  getJson<T = unknown>(key: string): Result<T | undefined>;
  setJson(key: string, value: unknown): Result<void>;
};
/** Operator-visible audit entries; grant `events = true`. */
export const events: {
  emit(event: { action: string; target?: string; status?: string; detail?: string | unknown }): Result<void>;
};
/** Structured logs, tagged with the module's name; always allowed. */
export const log: Record<'trace' | 'debug' | 'info' | 'warn' | 'error', (...parts: unknown[]) => void>;

// ---- Text helpers -------------------------------------------------------------------------

/** The first JSON object or array in `text`, skipping log lines before it. */
export function extractJson(text: string): unknown;
/** `token`, `secret`, `password`, `apikey`, or a last word `key` (`botToken`, `OPENAI_API_KEY`). */
export function isSecretKey(key: string): boolean;
/** A copy with the value of every secret-looking key replaced by `"***"`. */
export function maskSecrets<T>(value: T): T;
/** `maskSecrets`, also masking `cookie`, `credential` and `passphrase` keys: for channel configs. */
export function redact<T>(value: T): T;

// ---- Channels -----------------------------------------------------------------------------

/** What a channel module says about itself (the WIT `channel-info`). */
export interface ChannelInfo {
  /** The channel's key under `channels` in openclaw.json. */
  id: string;
  displayName: string;
  /** The OpenClaw plugin implementing it. */
  pluginId: string;
  /** npm spec with a version that exists; '' for a plugin bundled with OpenClaw. */
  pluginPackage?: string;
  /** Whether it logs in by QR code (`channels login --channel <id>`). */
  qrLogin?: boolean;
}
type _InfoMatchesWit = Required<ChannelInfo> extends WitChannelInfo ? true : never;

export type LoginStatus = 'pending' | 'qr' | 'scanned' | 'confirmed' | 'expired' | 'cancelled' | 'failed';
export interface LoginState {
  status: LoginStatus;
  /** For `failed`: why. */
  reason?: string;
  /** The text a QR code encodes (usually a URL). */
  qrData?: string;
  /** The QR code as terminal art. */
  qrText?: string;
  message?: string;
}
export const LoginState: {
  pending(): LoginState;
  qr(qrData?: string, qrText?: string): LoginState;
  scanned(): LoginState;
  confirmed(): LoginState;
  expired(): LoginState;
  cancelled(): LoginState;
  failed(reason: string): LoginState;
  withMessage(state: LoginState, message?: string): LoginState;
};
/** A login process's output, cleaned once (ANSI removed, `\r` redraws applied, colour QR codes as `##`). */
export class LoginOutput {
  constructor(raw: string);
  readonly text: string;
  lines(): string[];
  lastLine(): string | undefined;
  contains(marker: string): boolean;
  /** The value of the marker printed last. */
  latest<T>(markers: Array<[string, T]>): T | undefined;
  qrText(): string | undefined;
  urls(): string[];
  lastUrl(): string | undefined;
  urlAfter(marker: string): string | undefined;
  failureReason(): string | undefined;
  /** Exit 0 confirmed, 130/143 cancelled, other exits failed; running: `qr` when a code or URL is shown, else pending. */
  genericState(exitStatus?: number): LoginState;
}
export function stripAnsi(text: string): string;
export function cleanTerminalText(text: string): string;
export function findUrls(text: string): string[];
export function qrBlocks(text: string): string[];
export function lastQrBlock(text: string): string | undefined;
export function isQrArtLine(line: string): boolean;

export interface PluginState {
  id: string;
  installed: boolean;
  enabled: boolean;
  status: string | null;
  origin: string | null;
  version: string | null;
}
export function pluginInList(list: unknown, id: string): PluginState;
/** From `openclaw plugins list --json` (grant `["plugins", "list", "--json"]`). */
export function pluginState(id: string): Result<PluginState>;
export function installPlugin(spec: string): Result<string[]>;
export function enablePlugin(id: string): Result<string[]>;
/** Installs the plugin when missing, enables it when disabled; says what it did. */
export function ensurePlugin(info: ChannelInfo): Result<Record<string, unknown>>;
/** `ensurePlugin`, then a `channel.install` audit entry (grant `events = true`). */
export function installAndRecord(info: ChannelInfo): Result<Record<string, unknown>>;
export function readChannelConfig(channelId: string): Result<Record<string, unknown> | undefined>;
export function channelSettings(section: Record<string, unknown>): Record<string, unknown>;
export function channelAccounts(section: Record<string, unknown>): Array<{ id: string } & Record<string, unknown>>;
export function statusJson(info: ChannelInfo, plugin: PluginState, section?: Record<string, unknown>): Record<string, unknown>;
/** `{channel, displayName, plugin, configured, enabled, settings, accounts}`, no secrets. */
export function standardConfigStatus(info: ChannelInfo): Result<Record<string, unknown>>;

// ---- Analyzers ----------------------------------------------------------------------------

export interface Change {
  /** An RFC 6901 pointer (or any locator of your own). */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
}
export const Change: {
  added(path: string, value: unknown): Change;
  removed(path: string, value: unknown): Change;
  changed(path: string, before: unknown, after: unknown): Change;
  masked(change: Change): Change;
};
/** The structural diff by JSON pointers, keys sorted. */
export function jsonDiff(before: unknown, after: unknown): Change[];
/** A config handed to `analyze`: `undefined`, `{ value }` or `{ error }` when it is not JSON. */
export function parseConfig(text: string | undefined): { value: unknown; error?: undefined } | { error: string; value?: undefined } | undefined;
/** What the host saw and did during one heal (the WIT `evidence`). */
export type Evidence = WitEvidence;

// ---- Definitions ----------------------------------------------------------------------------

declare const DEFINITION: unique symbol;
export interface ModuleDefinition { readonly [DEFINITION]: 'domain' }
export interface ChannelDefinition { readonly [DEFINITION]: 'channel-module' }
export interface AnalyzerDefinition { readonly [DEFINITION]: 'analyzer-module' }

/**
 * A module serving routes (world `domain`); `export default` it from the entry file.
 * `name` and `version` default to module.toml's and must match it when given.
 */
export function defineModule(definition: { name?: string; version?: string; routes: Router }): ModuleDefinition;
/** A channel module (world `channel-module`). Hooks not given use the SDK's defaults. */
export function defineChannel(definition: {
  info: ChannelInfo;
  configStatus?: () => Result<unknown>;
  install?: () => Result<unknown>;
  loginCommand?: () => Result<string[]>;
  readLogin?: (output: string, exitStatus?: number) => LoginState;
}): ChannelDefinition;
/** An analyzer (world `analyzer-module`); `diff` defaults to `jsonDiff`, every change is masked. */
export function defineAnalyzer(definition: {
  analyze: (evidence: Evidence) => string;
  diff?: (before: unknown, after: unknown) => Change[];
}): AnalyzerDefinition;
