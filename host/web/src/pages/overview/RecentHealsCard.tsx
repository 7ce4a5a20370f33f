import type { HealEvent } from "../../api/types";
import { StateBadge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { fmtTime } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

export function RecentHealsCard() {
  const { t, lang } = useI18n();
  const events = useApi<HealEvent[]>("/v1/heal/events?limit=5", 30000);
  return (
    <Card title={t.overview.recentHeals} actions={<a href="#/heal">{t.overview.allHeals}</a>}>
      <Loader state={events}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t.overview.noHeals}</p>
          ) : (
            <ul className="plain-list">
              {list.map((e) => (
                <li key={e.id}>
                  <StateBadge state={e.outcome} /> <span>{e.trigger}</span>
                  <div className="muted small">{fmtTime(e.time, lang)}</div>
                </li>
              ))}
            </ul>
          )
        }
      </Loader>
    </Card>
  );
}
