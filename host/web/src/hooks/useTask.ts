import { useEffect, useRef, useState } from "react";
import { ApiError, api, withQuery } from "../api/client";
import type { Task } from "../api/types";

export function isFinished(task: Task | undefined): boolean {
  return task !== undefined && task.state !== "queued" && task.state !== "running";
}

/** Follows a task (E07) once a second until it has finished; `onDone` runs once at the end. */
export function useTask(id: string | undefined, onDone?: (task: Task) => void) {
  const [task, setTask] = useState<Task>();
  const [error, setError] = useState<ApiError>();
  // Read when the task ends, so a new callback on each render does not restart the polling.
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    setTask(undefined);
    setError(undefined);
    if (!id) return;
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const t = await api.get<Task>(withQuery("/v1/tasks/status", { id }));
        if (stopped) return;
        setTask(t);
        setError(undefined);
        if (isFinished(t)) {
          done.current?.(t);
          return;
        }
      } catch (e) {
        if (stopped) return;
        setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
      }
      timer = window.setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [id]);

  return { task, error };
}
