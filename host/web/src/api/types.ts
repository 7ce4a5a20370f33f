// Shapes of the `data` field of Buddy's replies, as far as the dashboard reads them.

/** E04: the Control UI, directly and through Buddy. */
export type DashboardUrl = {
  url: string;
  tokenIncluded: boolean;
  proxyUrl: string;
  /** A single-use link to Buddy's Control UI listener (an origin of its own); null when off. */
  controlUiUrl: string | null;
};

export type GatewayStatus = {
  status: "Running" | "Stopped" | string;
  health: "Healthy" | "Degraded" | "Down" | string;
  version: string | null;
  /** "0s" while stopped. */
  uptime: string;
  uptimeSeconds: number | null;
  /** 0 while stopped. */
  cpuPercent: number;
  /** 0 while stopped. */
  memoryMB: number;
  diskUsagePercent: number | null;
  responseTimeMs: number | null;
  pid: number | null;
  /** `YYYY-MM-DD hh:mm:ss` in UTC, the reference's format. */
  installedAt: string | null;
  /** The same instant in RFC 3339. */
  installedAtIso: string | null;
  gatewayUrl: string;
  error: string | null;
};

export type SystemInfo = {
  hostname?: string;
  /** `linux` */
  os: string;
  /** `amd64`, `arm64`… */
  arch: string;
  /** The long OS name, e.g. "Linux (Debian GNU/Linux 12)". */
  osVersion: string;
  /** `x86_64`, `aarch64`… */
  machine: string;
  cpu: { usage: number; cores: number };
  memory: { total: number; used: number; percent: number };
  disk: { path: string; percent: number; total?: number; available?: number };
  uptimeSeconds?: number;
};

export type HealthPoint = {
  timestamp: string;
  status: "ok" | "degraded" | "down";
  response_time_ms: number | null;
  cpu: number | null;
  memory: number | null;
  samples: number;
  up_ratio: number;
  /** The bucket's length in ms (0 for raw samples). */
  bucket_ms: number;
};

/** E05's points with the range they were asked for (the range travels in headers). */
export type HealthHistory = { since: number; until: number; points: HealthPoint[] };

export type TaskState = "queued" | "running" | "succeeded" | "failed" | "interrupted";

export type Task = {
  id: string;
  kind: string;
  target: string | null;
  state: TaskState;
  progress: { time: string; message: string }[];
  result: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
};

export type Bot = {
  id: string;
  name: string | null;
  emoji: string | null;
  model: string | null;
  workspace: string | null;
  isDefault?: boolean;
};

export type ModelRef = { id: string; name: string | null; provider: string; isDefault: boolean };

export type BotsModels = {
  data: { bots: Bot[]; models: ModelRef[] };
  /** `YYYY-MM-DD hh:mm:ss` in UTC. */
  updated_at: string;
  updated_at_iso: string;
};

export type Expert = {
  id: string;
  name: string;
  description: string;
  emoji: string | null;
  category: string;
  skills: string[];
};

export type ProviderModel = {
  id: string;
  name: string;
  ref: string;
  isDefault: boolean;
  usedBy: string[];
  contextWindow?: number;
  maxTokens?: number;
};

export type Provider = {
  name: string;
  baseUrl: string;
  api?: string;
  apiKey: string | Record<string, unknown> | null;
  hasApiKey: boolean;
  timeoutSeconds?: number;
  models: ProviderModel[];
};

export type ModelsConfig = { mode: string | null; defaultModel: string | null; providers: Provider[] };

export type ProbeResult = {
  provider: string;
  model: string;
  url: string;
  latency: number | null;
  total_ms: number;
  status: "success" | "failed";
  http_status?: number;
  error?: string;
  reply?: string;
};

export type Skill = {
  name: string;
  description: string | null;
  emoji: string | null;
  source: string;
  bundled: boolean;
  eligible: boolean;
  disabled: boolean;
  missing?: { bins?: string[]; anyBins?: string[]; env?: string[]; config?: string[]; os?: string[] };
};

export type SkillsList = { agent?: string; skills: Skill[] };

export type Plugin = {
  id: string;
  name?: string;
  version?: string;
  description?: string;
  origin?: string;
  enabled?: boolean;
  status?: string;
  channelIds?: string[];
  providerIds?: string[];
};

export type PluginsList = { count: number; plugins: Plugin[] };

export type ModuleInfo = {
  name: string;
  status: string;
  version: string | null;
  world: string | null;
  witVersion: string | null;
  source?: string;
  prefix?: string | null;
  routes: { method: string; path: string; summary?: string }[];
  capabilities: string[];
  grants: Record<string, unknown> | null;
  limits?: { cpu_ms?: number; memory_mb?: number; wall_ms?: number; concurrency?: number; reply_kb?: number };
  loadedAt?: string | null;
  error: string | null;
  /** SHA-256 of module.wasm then module.toml, as an approval pins it. */
  digest?: string | null;
  /** The grants the manifest asks for (`grants`: those it runs with, after buddy.toml narrowed them). */
  requestedGrants?: Record<string, unknown> | null;
  /** The approval on record: for a pending module, what was approved before it changed. */
  approval?: { digest: string; grants: unknown; by: string; at: string } | null;
  trust?: { kind: "builtin" | "approved" | "declared"; by?: string; at?: string } | null;
  warnings?: string[];
};

export type Channel = {
  id: string;
  displayName: string;
  module: string;
  pluginId: string;
  qrLogin: boolean;
  status: {
    configured: boolean;
    enabled: boolean | null;
    accounts: unknown[];
    plugin: { installed: boolean; enabled: boolean; version: string | null } | null;
  } | null;
};

export type HealEvent = {
  id: number;
  time: string;
  trigger: string;
  evidence: unknown;
  actions: unknown;
  outcome: string;
  verified: boolean;
  duration_ms: number;
  hasReport: boolean;
};

export type HealReport = { id: number; time: string; outcome: string; report: string };

export type Backup = { name: string; time: string; size: number; valid: boolean };

export type DiffChange = { path: string; kind: string; old?: unknown; new?: unknown };

export type BackupDiff = { backup: string; analyzer: string; changes: DiffChange[] };

export type AuditEvent = {
  id: number;
  time: string;
  user: string;
  action: string;
  target: string;
  status: "success" | "failed";
  /** The HTTP status the request got. */
  code: number;
  duration_ms: number;
  detail: string;
};
