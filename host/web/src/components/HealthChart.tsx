import { useEffect, useRef, useState } from "react";
import type { HealthHistory, HealthPoint } from "../api/types";
import { fmtClock, fmtMs, fmtTime } from "../format";
import { useI18n } from "../i18n";

const HEIGHT = 190;
const PAD = { left: 52, right: 10, top: 12, bottom: 40 };
const STRIP = 12;

/** A tidy upper bound for the response-time axis. */
function niceMax(v: number): number {
  if (v <= 0) return 10;
  const step = 10 ** Math.floor(Math.log10(v));
  return Math.ceil((v * 1.1) / step) * step;
}

export function summarize(points: HealthPoint[]) {
  let samples = 0;
  let up = 0;
  let rtSum = 0;
  let rtSamples = 0;
  for (const p of points) {
    samples += p.samples;
    up += p.up_ratio * p.samples;
    if (p.response_time_ms !== null) {
      rtSum += p.response_time_ms * p.samples;
      rtSamples += p.samples;
    }
  }
  return {
    samples,
    availability: samples ? (up / samples) * 100 : null,
    avgResponse: rtSamples ? rtSum / rtSamples : null,
  };
}

/** Response time as a line over a strip coloured by each bucket's worst status. */
export function HealthChart({ history, withDay }: { history: HealthHistory; withDay: boolean }) {
  const { t, lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(280, Math.floor(entry.contentRect.width))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const { since, until } = history;
  const span = Math.max(1, until - since);
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom - STRIP - 6;
  const x = (ms: number) => PAD.left + ((ms - since) / span) * plotW;
  const points = history.points;
  // Every point of one answer has the same bucket; raw samples (0) have no width.
  const bucket = points[0]?.bucket_ms || null;
  const barW = Math.max(1.5, bucket ? (bucket / span) * plotW : plotW / Math.max(points.length, 1));
  const maxRt = niceMax(Math.max(0, ...points.map((p) => p.response_time_ms ?? 0)));
  const y = (rt: number) => PAD.top + plotH - (rt / maxRt) * plotH;
  const center = (p: HealthPoint) => x(Date.parse(p.timestamp)) + (bucket ? barW / 2 : 0);

  // One path segment per run of buckets that have a response time (gaps stay gaps).
  let line = "";
  let open = false;
  for (const p of points) {
    if (p.response_time_ms === null) {
      open = false;
      continue;
    }
    line += `${open ? "L" : "M"}${center(p).toFixed(1)},${y(p.response_time_ms).toFixed(1)}`;
    open = true;
  }

  const ticks = Array.from({ length: 5 }, (_, i) => since + (span * i) / 4);
  const stripY = PAD.top + plotH + 6;
  const statusLabel = (s: string) =>
    s === "ok" ? t.overview.statusUp : s === "degraded" ? t.overview.statusDegraded : t.overview.statusDown;
  const tooltip = (p: HealthPoint) =>
    [
      fmtTime(p.timestamp, lang),
      `${statusLabel(p.status)} (${Math.round(p.up_ratio * 100)} %)`,
      fmtMs(p.response_time_ms),
      `${t.overview.samples}: ${p.samples}`,
    ].join(" · ");

  return (
    <div ref={box} className="chart">
      <svg width={width} height={HEIGHT} role="img" aria-label={t.overview.history}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line className="gridline" x1={PAD.left} x2={width - PAD.right} y1={y(maxRt * f)} y2={y(maxRt * f)} />
            <text className="axis" x={PAD.left - 6} y={y(maxRt * f) + 4} textAnchor="end">
              {fmtMs(maxRt * f)}
            </text>
          </g>
        ))}
        {points.map((p) => (
          <rect
            key={p.timestamp}
            className={`strip strip-${p.status}`}
            x={x(Date.parse(p.timestamp))}
            y={stripY}
            width={barW}
            height={STRIP}
          >
            <title>{tooltip(p)}</title>
          </rect>
        ))}
        <path className="rt-line" d={line} />
        {points.length === 1 && points[0].response_time_ms !== null && (
          <circle className="rt-dot" cx={center(points[0])} cy={y(points[0].response_time_ms)} r={3} />
        )}
        {ticks.map((ms, i) => (
          <text
            key={ms}
            className="axis"
            x={x(ms)}
            y={HEIGHT - 8}
            textAnchor={i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"}
          >
            {fmtClock(new Date(ms), lang, withDay)}
          </text>
        ))}
      </svg>
    </div>
  );
}
