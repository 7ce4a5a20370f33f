import type { SystemInfo } from "../../api/types";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { fmtMB, fmtPercent } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

function Meter({ label, percent, detail }: { label: string; percent: number; detail: string }) {
  const tone = percent >= 90 ? "bad" : percent >= 75 ? "warn" : "ok";
  return (
    <div className="meter">
      <div className="row spread">
        <span>{label}</span>
        <span className="muted">{detail}</span>
      </div>
      <div className="meter-track" role="meter" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className={`meter-fill meter-${tone}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
    </div>
  );
}

export function SystemCard() {
  const { t } = useI18n();
  const info = useApi<SystemInfo>("/v1/system/info", 10000);
  const o = t.overview;
  return (
    <Card title={o.host}>
      <Loader state={info}>
        {(s) => (
          <>
            <p className="muted small">
              {s.hostname ? `${s.hostname} · ` : ""}
              {s.osVersion || s.os} · {s.arch} · {o.cores(s.cpu.cores)}
            </p>
            <Meter label={o.cpu} percent={s.cpu.usage} detail={fmtPercent(s.cpu.usage)} />
            <Meter
              label={o.memory}
              percent={s.memory.percent}
              detail={`${fmtMB(s.memory.used)} / ${fmtMB(s.memory.total)}`}
            />
            <Meter label={`${o.disk} ${s.disk.path}`} percent={s.disk.percent} detail={fmtPercent(s.disk.percent)} />
          </>
        )}
      </Loader>
    </Card>
  );
}
