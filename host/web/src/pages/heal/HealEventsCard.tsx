import type { HealEvent } from "../../api/types";
import { StateBadge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { fmtMs, fmtTime } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

function Lines({ value }: { value: unknown }) {
  const lines = Array.isArray(value) ? value.map(String) : value == null ? [] : [JSON.stringify(value)];
  return (
    <ul className="plain-list small">
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

/** E41: what each heal saw, did and achieved. */
export function HealEventsCard({ onShowReport }: { onShowReport: (id: number) => void }) {
  const { t, lang } = useI18n();
  const events = useApi<HealEvent[]>("/v1/heal/events?limit=100", 30000);
  const h = t.heal;
  return (
    <Card
      title={h.events}
      className="wide"
      actions={
        <button type="button" onClick={events.reload}>
          {t.refresh}
        </button>
      }
    >
      <Loader state={events}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{h.noEvents}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{h.time}</th>
                    <th>{h.trigger}</th>
                    <th>{h.actions}</th>
                    <th>{h.outcome}</th>
                    <th>{h.duration}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((e) => (
                    <tr key={e.id}>
                      <td className="nowrap">{fmtTime(e.time, lang)}</td>
                      <td>
                        {e.trigger}
                        <details>
                          <summary className="small">{h.evidence}</summary>
                          <Lines value={e.evidence} />
                        </details>
                      </td>
                      <td>
                        <Lines value={e.actions} />
                      </td>
                      <td>
                        <StateBadge state={e.outcome} />{" "}
                        {e.verified && <span className="muted small">{h.verified}</span>}
                        {e.hasReport && (
                          <div>
                            <button type="button" className="link" onClick={() => onShowReport(e.id)}>
                              {h.report}
                            </button>
                          </div>
                        )}
                      </td>
                      <td className="nowrap">{fmtMs(e.duration_ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loader>
    </Card>
  );
}
