import { useState } from "react";
import type { HealthPoint } from "../../api/types";
import { Card } from "../../components/Card";
import { HealthChart, summarize } from "../../components/HealthChart";
import { Loader } from "../../components/Loader";
import { fmtMs } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

type Range = "24h" | "7d" | "30d";

const RANGE_MS: Record<Range, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

export function HealthHistoryCard() {
  const { t } = useI18n();
  const [range, setRange] = useState<Range>("24h");
  const history = useApi<HealthPoint[]>(`/v1/stats/health?range=${range}&bucket=auto`, 60000);
  const o = t.overview;

  return (
    <Card
      title={o.history}
      className="wide"
      actions={
        <div className="segmented" role="group" aria-label={o.history}>
          {(["24h", "7d", "30d"] as Range[]).map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
              {r === "24h" ? o.range24h : r === "7d" ? o.range7d : o.range30d}
            </button>
          ))}
        </div>
      }
    >
      <Loader state={history}>
        {(points) => {
          if (points.length === 0) return <p className="muted">{o.noSamples}</p>;
          const sum = summarize(points);
          const until = Date.now();
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
                <span className="key key-ok">{o.statusUp}</span>
                <span className="key key-degraded">{o.statusDegraded}</span>
                <span className="key key-down">{o.statusDown}</span>
              </div>
              <HealthChart history={{ since: until - RANGE_MS[range], until, points }} withDay={range !== "24h"} />
            </>
          );
        }}
      </Loader>
    </Card>
  );
}
