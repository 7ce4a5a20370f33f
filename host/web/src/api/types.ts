// The shapes of the `data` field of Buddy's replies, as the dashboard reads them. Every type
// here names a type of `schema.d.ts`, which is generated from the API document Buddy serves
// (`docs/openapi.json`, by `host/web/codegen`): a change in a reply's shape breaks this build,
// not a user.

import type { components, paths } from "../../generated/api-schema";

type Schemas = components["schemas"];

/** The `data` of the 200 reply of `method path`, for routes described by a module. */
type Data<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { "application/json": { data: infer D } } } };
}
  ? D
  : never;

/** E04: the Control UI, directly and through Buddy. */
export type DashboardUrl = Schemas["DashboardUrl"];
/** E03. */
export type GatewayStatus = Schemas["GatewayStatus"];
/** E08. */
export type SystemInfo = Schemas["HostInfo"];
/** One point of E05. */
export type HealthPoint = Schemas["Point"];
/** E05's points with the range they were asked for (the range travels in headers). */
export type HealthHistory = { since: number; until: number; points: HealthPoint[] };
/** E07: one task. */
export type Task = Schemas["TaskView"];
export type TaskState = Task["state"];
/** E10. */
export type BotsModels = Schemas["BotsModelsReply"];
export type Bot = Schemas["Bot"];
export type ModelRef = Schemas["Model"];
/** E20. */
export type ModelsConfig = Schemas["ModelsConfig"];
export type Provider = Schemas["ProviderView"];
export type ProviderModel = Schemas["ModelView"];
/** E25. */
export type ProbeResult = Schemas["ProbeResult"];
/** E29. */
export type PluginsList = Schemas["PluginList"];
export type Plugin = Schemas["Plugin"];
/** A route that started a task (202). */
export type TaskStarted = Schemas["TaskStarted"];
/** `GET /v1/modules`. */
export type ModuleInfo = Schemas["ModuleReport"];
/** `GET /v1/channels`. */
export type Channel = Schemas["ChannelEntry"];
/** E41. */
export type HealEvent = Schemas["HealEvent"];
/** E42. */
export type HealReport = Schemas["HealReport"];
/** E43. */
export type Backup = Schemas["BackupInfo"];
/** E44. */
export type BackupDiff = Schemas["BackupDiff"];
export type DiffChange = BackupDiff["changes"][number];
/** E09: one audit row. */
export type AuditEvent = Schemas["AuditEntry"];
/** `DELETE /v1/modules/{name}`. */
export type ModuleDeleted = Schemas["Deleted"];

/** E26, served by the skills module. */
export type SkillsList = Data<"/v1/openclaw/skills", "get">;
export type Skill = SkillsList["skills"][number];
/** E27: a skill removed or disabled. */
export type SkillRemoved = Data<"/v1/openclaw/skills/{name}", "delete">;
/** The expert templates, served by the experts module. */
export type Expert = Data<"/v1/openclaw/experts", "get">[number];
