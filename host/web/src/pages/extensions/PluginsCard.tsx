import { useState } from "react";
import { ApiError, api } from "../../api/client";
import type { Plugin, PluginsList, TaskStarted } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/Alerts";
import { StateBadge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { TaskProgress } from "../../components/TaskProgress";
import { useAction, useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

/** E29–E34: OpenClaw's plugins; every change goes through its CLI (15–20 s each). */
export function PluginsCard() {
  const { t } = useI18n();
  const plugins = useApi<PluginsList>("/v1/openclaw/plugins");
  const [filter, setFilter] = useState("");
  const [updateTask, setUpdateTask] = useState<string>();
  const action = useAction();
  const x = t.extensions;

  const setEnabled = async (p: Plugin, enabled: boolean) => {
    const path = `/v1/openclaw/plugins/${enabled ? "enable" : "disable"}`;
    const call = (acceptCapabilities: boolean) =>
      api.post(path, { id: p.id, acceptCapabilities: acceptCapabilities || undefined });
    const reply = await action.run(
      async () => {
        try {
          return await call(false);
        } catch (e) {
          // A plugin that declares capabilities needs the operator's consent: Buddy answers 409
          // naming them, and the same request with `acceptCapabilities` gives it.
          const consent =
            enabled && e instanceof ApiError && e.code === 409 && e.message.includes("acceptCapabilities");
          if (consent && window.confirm(x.confirmCapabilities(e.message))) return call(true);
          throw e;
        }
      },
      (r) => r.message,
    );
    if (reply) plugins.reload();
  };

  const uninstall = async (p: Plugin) => {
    if (!window.confirm(x.confirmUninstall(p.id))) return;
    const reply = await action.run(
      () => api.del(`/v1/openclaw/plugins/${encodeURIComponent(p.id)}`),
      (r) => r.message,
    );
    if (reply) plugins.reload();
  };

  const updateAll = async () => {
    const reply = await action.run(() => api.post<TaskStarted>("/v1/openclaw/plugins/update"));
    if (reply) setUpdateTask(reply.data.taskID);
  };

  const reread = async () => {
    const reply = await action.run(
      () => api.post("/v1/openclaw/plugins/reload"),
      (r) => r.message,
    );
    if (reply) plugins.reload();
  };

  return (
    <Card
      title={x.plugins}
      className="wide"
      actions={
        <>
          <button type="button" onClick={() => void reread()} disabled={action.busy}>
            {x.reloadPlugins}
          </button>
          <button type="button" onClick={() => void updateAll()} disabled={action.busy || updateTask !== undefined}>
            {x.updateAll}
          </button>
        </>
      }
    >
      <div className="form-row">
        <label className="field inline">
          <span>{x.filter}</span>
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
      </div>
      {action.busy && (
        <p className="alert alert-muted" role="status">
          <span className="spinner" aria-hidden="true" /> {x.working}
        </p>
      )}
      <ErrorNotice error={action.error} />
      <SuccessNotice message={action.notice} />
      {updateTask && (
        <TaskProgress
          id={updateTask}
          onDone={() => {
            setUpdateTask(undefined);
            plugins.reload();
          }}
        />
      )}
      <Loader state={plugins}>
        {(data) => {
          const needle = filter.trim().toLowerCase();
          const shown = data.plugins.filter(
            (p) => !needle || `${p.id} ${p.name ?? ""} ${p.description ?? ""}`.toLowerCase().includes(needle),
          );
          if (shown.length === 0) return <p className="muted">{x.noPlugins}</p>;
          return (
            <div className="table-wrap scroll-box">
              <table className="sticky-head">
                <thead>
                  <tr>
                    <th>{x.plugins}</th>
                    <th>{x.version}</th>
                    <th>{x.origin}</th>
                    <th>{x.status}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {shown.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <strong>{p.name ?? p.id}</strong> <code className="small">{p.id}</code>
                        {p.description && <div className="muted small">{p.description}</div>}
                      </td>
                      <td>{p.version ?? t.none}</td>
                      <td>{p.origin ?? t.none}</td>
                      <td>
                        <StateBadge state={p.status ?? (p.enabled ? "enabled" : "disabled")} />
                      </td>
                      <td className="actions">
                        <button type="button" disabled={action.busy} onClick={() => void setEnabled(p, !p.enabled)}>
                          {p.enabled ? x.disable : x.enable}
                        </button>
                        {p.origin !== "bundled" && (
                          <button
                            type="button"
                            className="danger"
                            disabled={action.busy}
                            onClick={() => void uninstall(p)}
                          >
                            {x.uninstall}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Loader>
    </Card>
  );
}
