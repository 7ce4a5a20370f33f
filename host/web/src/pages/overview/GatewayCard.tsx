import type { ReactNode } from "react";
import { api } from "../../api/client";
import type { DashboardUrl, GatewayStatus } from "../../api/types";
import { StateBadge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { fmtMB, fmtMs, fmtPercent, fmtTime } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { GatewayControls } from "./GatewayControls";

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function GatewayCard() {
  const { t, lang } = useI18n();
  const status = useApi<GatewayStatus>("/v1/openclaw/status", 5000);
  const o = t.overview;

  // Each link to Buddy's Control UI listener works once and for two minutes: ask for one on
  // every click. The window opens at once (a popup blocker lets a click open one) and is sent
  // to the link when it arrives.
  async function openControlUi() {
    const win = window.open("about:blank", "_blank");
    try {
      const d = await api.get<DashboardUrl>("/v1/openclaw/dashboard-url");
      const target = d.controlUiUrl ?? d.url;
      if (win) {
        win.opener = null;
        win.location.href = target;
      } else {
        window.open(target, "_blank", "noopener,noreferrer");
      }
    } catch {
      win?.close();
    }
  }

  return (
    <Card
      title={o.gateway}
      testId="gateway-card"
      actions={
        <button type="button" className="button" onClick={openControlUi}>
          {o.controlUi}
        </button>
      }
    >
      <Loader state={status}>
        {(s) => (
          <>
            <div className="row status-line">
              <span data-testid="gateway-status" data-status={s.status}>
                <StateBadge state={s.status} />
              </span>
              <StateBadge state={s.health} />
              {s.version && <span className="muted">OpenClaw {s.version}</span>}
            </div>
            {s.installedAtIso && (
              <p className="muted small">
                {o.installedAt} {fmtTime(s.installedAtIso, lang)}
              </p>
            )}
            <dl className="stats">
              {/* A stopped gateway reports "0s" and zeros: show them as "none". */}
              <Stat label={o.uptime}>{s.status === "Running" ? s.uptime : t.none}</Stat>
              <Stat label={o.cpu}>{fmtPercent(s.status === "Running" ? s.cpuPercent : null)}</Stat>
              <Stat label={o.memory}>{fmtMB(s.status === "Running" ? s.memoryMB : null)}</Stat>
              <Stat label={o.responseTime}>{fmtMs(s.responseTimeMs)}</Stat>
              <Stat label={o.disk}>{fmtPercent(s.diskUsagePercent)}</Stat>
              <Stat label={o.pid}>{s.pid ?? t.none}</Stat>
            </dl>
            {s.error && (
              <p className="muted small">
                {o.probeError} {s.gatewayUrl}: {s.error}
              </p>
            )}
          </>
        )}
      </Loader>
      <GatewayControls onFinished={status.reload} />
    </Card>
  );
}
