import { type FormEvent, useEffect, useState } from "react";
import { api, type Paged, withQuery } from "../../api/client";
import type { AuditEvent } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { fmtMs, fmtTime } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

const PAGE_SIZE = 25;

function statusTone(code: number) {
  return code < 400 ? "ok" : code < 500 ? "warn" : "bad";
}

/** E09: every mutating request, newest first, a page at a time. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState("");
  const [actionDraft, setActionDraft] = useState("");
  const [action, setAction] = useState("");
  const [seenActions, setSeenActions] = useState<string[]>([]);
  const events = useApi<Paged<AuditEvent>>(
    withQuery("/v1/system/events", { page, page_size: PAGE_SIZE, status, action }),
    undefined,
    api.page<AuditEvent>,
  );
  const a = t.audit;

  // Buddy filters on the exact action, so offer the actions seen so far as suggestions.
  useEffect(() => {
    const items = events.data?.items ?? [];
    setSeenActions((seen) => [...new Set([...seen, ...items.map((e) => e.action)])].sort());
  }, [events.data]);

  const applyAction = (e: FormEvent) => {
    e.preventDefault();
    setAction(actionDraft.trim());
    setPage(1);
  };

  return (
    <Card
      title={a.events}
      className="wide"
      actions={
        <button type="button" onClick={events.reload} disabled={events.loading}>
          {t.refresh}
        </button>
      }
    >
      <form className="form-row" onSubmit={applyAction}>
        <label className="field inline">
          <span>{a.filterStatus}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
          >
            <option value="">{a.allStatuses}</option>
            <option value="success">{a.ok}</option>
            <option value="failed">{a.failed}</option>
          </select>
        </label>
        <label className="field inline">
          <span>{a.filterAction}</span>
          <input
            type="search"
            list="audit-actions"
            value={actionDraft}
            onChange={(e) => setActionDraft(e.target.value)}
          />
          <datalist id="audit-actions">
            {seenActions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <button type="submit">{a.apply}</button>
      </form>
      <Loader state={events}>
        {(reply) => {
          const pages = Math.max(1, Math.ceil(reply.total / PAGE_SIZE));
          return (
            <>
              {reply.items.length === 0 ? (
                <p className="muted">{a.noEvents}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>{a.time}</th>
                        <th>{a.user}</th>
                        <th>{a.action}</th>
                        <th>{a.target}</th>
                        <th>{a.status}</th>
                        <th>{a.duration}</th>
                        <th>{a.detail}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {reply.items.map((e) => (
                        <tr key={e.id}>
                          <td className="nowrap">{fmtTime(e.time, lang)}</td>
                          <td>{e.user}</td>
                          <td>
                            <code>{e.action}</code>
                          </td>
                          <td className="break">{e.target}</td>
                          <td>
                            <Badge tone={statusTone(e.code)}>{e.code}</Badge>
                          </td>
                          <td className="nowrap">{fmtMs(e.duration_ms)}</td>
                          <td className="small break">{e.detail}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <div className="pager">
                <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  {a.prev}
                </button>
                <span>{a.pageOf(page, pages, reply.total)}</span>
                <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                  {a.next}
                </button>
              </div>
            </>
          );
        }}
      </Loader>
    </Card>
  );
}
