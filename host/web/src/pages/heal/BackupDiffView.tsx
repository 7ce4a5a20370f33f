import type { BackupDiff, DiffChange } from "../../api/types";
import { Loader } from "../../components/Loader";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v, null, 2);
}

function Change({ change }: { change: DiffChange }) {
  return (
    <tr className={`diff-${change.kind}`}>
      <td>
        <code className="break">{change.path}</code>
      </td>
      <td>
        <span className={`diff-kind diff-kind-${change.kind}`}>{change.kind}</span>
      </td>
      <td>{change.kind !== "added" && <pre className="diff-old">{show(change.old)}</pre>}</td>
      <td>{change.kind !== "removed" && <pre className="diff-new">{show(change.new)}</pre>}</td>
    </tr>
  );
}

/** E44: a backup against the current config, as the analyzer module sees it. */
export function BackupDiffView({ name }: { name: string }) {
  const { t } = useI18n();
  const diff = useApi<BackupDiff>(`/v1/heal/backups/${encodeURIComponent(name)}/diff`);
  const h = t.heal;
  return (
    <div className="diff" data-testid="backup-diff">
      <h3>
        {h.diffTitle(name)} {diff.data && <span className="muted small">({h.analyzer(diff.data.analyzer)})</span>}
      </h3>
      <Loader state={diff}>
        {(d) =>
          d.changes.length === 0 ? (
            <p className="muted">{h.noChanges}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{h.path}</th>
                    <th>{h.kind}</th>
                    <th>{h.old}</th>
                    <th>{h.new}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.changes.map((c, i) => (
                    <Change key={`${c.path}-${i}`} change={c} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loader>
    </div>
  );
}
