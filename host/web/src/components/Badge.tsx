import type { ReactNode } from "react";
import { stateText, useI18n } from "../i18n";

export type Tone = "ok" | "warn" | "bad" | "info" | "muted";

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** The tone for the words Buddy uses for gateway, health, task and module states. */
export function toneOf(state: string | null | undefined): Tone {
  switch ((state ?? "").toLowerCase()) {
    case "running":
    case "healthy":
    case "up":
    case "ok":
    case "succeeded":
    case "loaded":
    case "enabled":
    case "healed":
      return "ok";
    case "degraded":
    case "queued":
    case "disabled":
      return "warn";
    case "stopped":
    case "down":
    case "failed":
    case "error":
    case "interrupted":
    case "gave-up":
      return "bad";
    default:
      return "muted";
  }
}

/** A state word from Buddy, coloured by what it means and shown in the chosen language. */
export function StateBadge({ state }: { state: string | null | undefined }) {
  const { t } = useI18n();
  return (
    <Badge tone={toneOf(state)}>
      <span data-state={state ?? ""}>{stateText(t, state)}</span>
    </Badge>
  );
}
