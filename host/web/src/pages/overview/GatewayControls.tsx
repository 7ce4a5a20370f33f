import { useEffect, useState } from "react";
import { api, withQuery } from "../../api/client";
import type { Task, TaskStarted } from "../../api/types";
import { ErrorNotice } from "../../components/Alerts";
import { TaskProgress } from "../../components/TaskProgress";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

type Action = "start" | "stop" | "restart";

/** Start/stop/restart (E40); the task is followed (E07) until the gateway is verified. */
export function GatewayControls({ onFinished }: { onFinished: () => void }) {
  const { t } = useI18n();
  const [taskId, setTaskId] = useState<string>();
  const [running, setRunning] = useState(false);
  const action = useAction();

  // A lifecycle task started elsewhere (or before a reload) is shown and blocks new requests.
  useEffect(() => {
    api
      .get<Task[]>(withQuery("/v1/tasks/status", { state: "running", limit: 20 }))
      .then((tasks) => {
        const current = tasks.find((task) => task.kind.startsWith("gateway-"));
        if (current) {
          setTaskId(current.id);
          setRunning(true);
        }
      })
      .catch(() => undefined);
  }, []);

  const trigger = async (a: Action) => {
    if (a === "stop" && !window.confirm(t.overview.confirmStop)) return;
    const reply = await action.run(() => api.post<TaskStarted>(`/v1/gateway/${a}`));
    if (reply) {
      setTaskId(reply.data.taskID);
      setRunning(true);
    }
  };

  return (
    <div className="gateway-controls">
      <div className="row">
        {(["start", "stop", "restart"] as Action[]).map((a) => (
          <button
            key={a}
            type="button"
            className={a === "stop" ? "danger" : a === "restart" ? "primary" : undefined}
            disabled={running || action.busy}
            onClick={() => void trigger(a)}
          >
            {t.overview[a]}
          </button>
        ))}
      </div>
      <ErrorNotice error={action.error} />
      {taskId && (
        <TaskProgress
          id={taskId}
          onDone={() => {
            setRunning(false);
            onFinished();
          }}
        />
      )}
    </div>
  );
}
