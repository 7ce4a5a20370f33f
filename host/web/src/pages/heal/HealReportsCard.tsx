import type { HealReport } from "../../api/types";
import { StateBadge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { Markdown } from "../../components/Markdown";
import { fmtTime } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

/** E42: the analyzer's markdown reports; one is open at a time. */
export function HealReportsCard({ openId, onOpen }: { openId: number | undefined; onOpen: (id: number) => void }) {
  const { t, lang } = useI18n();
  const reports = useApi<HealReport[]>("/v1/heal/reports?limit=50");
  const h = t.heal;
  return (
    <Card title={h.reports} className="wide" testId="heal-reports">
      <Loader state={reports}>
        {(list) => {
          if (list.length === 0) return <p className="muted">{h.noReports}</p>;
          const open = list.find((r) => r.id === openId) ?? list[0];
          return (
            <div className="split">
              <ul className="pick-list">
                {list.map((r) => (
                  <li key={r.id}>
                    <button type="button" aria-pressed={r.id === open.id} onClick={() => onOpen(r.id)}>
                      <span>{fmtTime(r.time, lang)}</span> <StateBadge state={r.outcome} />
                    </button>
                  </li>
                ))}
              </ul>
              <article className="report">
                <Markdown source={open.report} />
              </article>
            </div>
          );
        }}
      </Loader>
    </Card>
  );
}
