import { useState } from "react";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { type Connection, type LogSource, LogTerminal } from "../../components/LogTerminal";
import { useI18n } from "../../i18n";

const TAILS = [50, 200, 1000];

/** E48 in a terminal: pick a log, see its last lines, then follow it live. */
export function LogsPage() {
  const { t } = useI18n();
  const [source, setSource] = useState<LogSource>("openclaw");
  const [tail, setTail] = useState(200);
  const [session, setSession] = useState(0);
  const [clearSignal, setClearSignal] = useState(0);
  const [connection, setConnection] = useState<{ state: Connection; error?: string }>({ state: "connecting" });
  const l = t.logs;
  const labels: Record<LogSource, string> = {
    openclaw: l.sourceOpenclaw,
    gateway: l.sourceGateway,
    buddy: l.sourceBuddy,
  };

  return (
    <Card
      title={labels[source]}
      className="wide logs-card"
      actions={
        <>
          <Badge tone={connection.state === "open" ? "ok" : connection.state === "closed" ? "bad" : "warn"}>
            <span data-testid="log-connection" data-state={connection.state}>
              {l[connection.state]}
            </span>
          </Badge>
          <button type="button" onClick={() => setClearSignal((n) => n + 1)}>
            {l.clear}
          </button>
          <button type="button" onClick={() => setSession((n) => n + 1)}>
            {l.reconnect}
          </button>
        </>
      }
    >
      <div className="form-row">
        <label className="field inline">
          <span>{l.source}</span>
          <select value={source} onChange={(e) => setSource(e.target.value as LogSource)} data-testid="log-source">
            {(Object.keys(labels) as LogSource[]).map((s) => (
              <option key={s} value={s}>
                {labels[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>{l.tail}</span>
          <select value={tail} onChange={(e) => setTail(Number(e.target.value))}>
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {connection.error && <p className="muted small">{connection.error}</p>}
      <LogTerminal
        source={source}
        tail={tail}
        session={session}
        clearSignal={clearSignal}
        onConnection={(state, error) => setConnection({ state, error })}
      />
    </Card>
  );
}
