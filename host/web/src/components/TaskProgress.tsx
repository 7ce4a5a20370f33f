import type { Task } from "../api/types";
import { fmtMs, fmtTime } from "../format";
import { isFinished, useTask } from "../hooks/useTask";
import { useI18n } from "../i18n";
import { ErrorNotice } from "./Alerts";
import { StateBadge } from "./Badge";

/** A task followed until it finishes: its state, its progress messages and its outcome. */
export function TaskProgress({ id, onDone }: { id: string; onDone?: (task: Task) => void }) {
  const { lang } = useI18n();
  const { task, error } = useTask(id, onDone);
  const state = task?.state ?? "queued";
  return (
    <div className="task" data-testid="task" data-task-id={id} data-state={state}>
      <div className="task-head">
        <span className="task-kind">{task?.kind ?? id}</span>
        {!isFinished(task) && <span className="spinner" aria-hidden="true" />}
        <StateBadge state={state} />
        {task?.durationMs != null && <span className="muted">{fmtMs(task.durationMs)}</span>}
      </div>
      <ErrorNotice error={error} />
      {task && task.progress.length > 0 && (
        <ol className="task-progress">
          {task.progress.map((p, i) => (
            <li key={i}>
              <time className="muted">{fmtTime(p.time, lang)}</time> {p.message}
            </li>
          ))}
        </ol>
      )}
      {task?.error && <p className="alert alert-error">{task.error}</p>}
    </div>
  );
}
