import type { Lang } from "./i18n";

const locale = (lang: Lang) => (lang === "zh" ? "zh-CN" : "en-GB");

export function fmtTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(locale(lang));
}

export function fmtClock(date: Date, lang: Lang, withDay: boolean): string {
  return date.toLocaleString(
    locale(lang),
    withDay ? { month: "2-digit", day: "2-digit" } : { hour: "2-digit", minute: "2-digit" },
  );
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function fmtPercent(p: number | null | undefined): string {
  return p === null || p === undefined ? "—" : `${p.toFixed(1)} %`;
}

export function fmtMB(mb: number | null | undefined): string {
  if (mb === null || mb === undefined) return "—";
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
