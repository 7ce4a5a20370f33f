import { useState } from "react";
import type { HealthHistory } from "../../api/types";
import { Card } from "../../components/Card";
import { HealthChart, summarize } from "../../components/HealthChart";
import { Loader } from "../../components/Loader";
import { fmtMs } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

type Range = "24h" | "7d";

export function HealthHistoryCard() {
  const { t } = useI18n();
  const [range, setRange] = useState<Range>("24h");
  const history = useApi<HealthHistory>(`/v1/stats/health?range=${range}&bucket=auto`, 60000);
  const o = t.overview;

  return (
    <Card
      title={o.history}
      className="wide"
      actions={
        <div className="segmented" role="group" aria-label={o.history}>
          {(["24h", "7d"] as Range[]).map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
              {r === "24h" ? o.range24h : o.range7d}
            </button>
          ))}
        </div>
      }
    >
      <Loader state={history}>
        {(h) => {
          if (h.points.length === 0) return <p className="muted">{o.noSamples}</p>;
          const sum = summarize(h.points);
          return (
            <>
              <div className="row legend">
                <span>
                  {o.availability}:{" "}
                  <strong>{sum.availability === null ? t.none : `${sum.availability.toFixed(1)} %`}</strong>
                </span>
                <span>
                  {o.avgResponse}: <strong>{fmtMs(sum.avgResponse)}</strong>
                </span>
                <span>
                  {o.samples}: <strong>{sum.samples}</strong>
                </span>
                <span className="key key-up">{o.statusUp}</span>
                <span className="key key-degraded">{o.statusDegraded}</span>
                <span className="key key-down">{o.statusDown}</span>
              </div>
              <HealthChart history={h} withDay={range === "7d"} />
            </>
          );
        }}
      </Loader>
    </Card>
  );
}
