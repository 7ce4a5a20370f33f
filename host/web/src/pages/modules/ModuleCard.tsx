import { api } from "../../api/client";
import type { ModuleInfo } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/Alerts";
import { Badge, StateBadge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { JsonBlock } from "../../components/JsonBlock";
import { fmtTime } from "../../format";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

/** Grants with nothing in them (empty lists, false) say nothing; only the real ones are shown. */
function realGrants(grants: Record<string, unknown> | null): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(grants ?? {}).filter(([, v]) => v !== false && !(Array.isArray(v) && v.length === 0)),
  );
}

export function ModuleCard({ module, onReloaded }: { module: ModuleInfo; onReloaded: () => void }) {
  const { t, lang } = useI18n();
  const reload = useAction();
  const approve = useAction();
  const m = t.modules;
  const grants = realGrants(module.grants);
  const pending = module.status === "pending";

  // The digest shown is the one approved: a module that changed meanwhile is refused (409).
  const doApprove = async () => {
    if (
      await approve.run(
        () =>
          api.post(`/v1/modules/${encodeURIComponent(module.name)}/approve`, {
            digest: module.digest ?? undefined,
          }),
        () => m.approved(module.name),
      )
    ) {
      onReloaded();
    }
  };

  const doReload = async () => {
    if (
      await reload.run(
        () => api.post(`/v1/modules/${encodeURIComponent(module.name)}/reload`),
        () => m.reloaded(module.name),
      )
    ) {
      onReloaded();
    }
  };

  return (
    <Card
      title={
        <>
          {module.name} <StateBadge state={module.status} />
        </>
      }
      testId={`module-${module.name}`}
      actions={
        <>
          {pending && (
            <button
              type="button"
              className="primary"
              data-testid={`approve-${module.name}`}
              onClick={() => void doApprove()}
              disabled={approve.busy}
            >
              {m.approve}
            </button>
          )}
          <button type="button" onClick={() => void doReload()} disabled={reload.busy}>
            {m.reload}
          </button>
        </>
      }
    >
      {pending && (
        <div className="alert alert-warning" data-testid={`pending-${module.name}`}>
          <p>{m.pending}</p>
          <dl className="kv">
            <dt>{m.digest}</dt>
            <dd>
              <code>{module.digest ?? t.none}</code>
            </dd>
            {module.approval && (
              <>
                <dt>{m.previousApproval}</dt>
                <dd>
                  <code>{module.approval.digest}</code>
                </dd>
              </>
            )}
          </dl>
          <strong>{m.requestedGrants}</strong>
          <JsonBlock value={realGrants(module.requestedGrants ?? null)} />
        </div>
      )}
      <dl className="kv">
        <dt>{m.version}</dt>
        <dd>{module.version ?? t.none}</dd>
        <dt>{m.world}</dt>
        <dd>
          <code>{module.world ?? t.none}</code>
        </dd>
        <dt>{m.wit}</dt>
        <dd>{module.witVersion ?? t.none}</dd>
        {module.source && (
          <>
            <dt>{m.source}</dt>
            <dd>{module.source}</dd>
          </>
        )}
        {module.loadedAt && (
          <>
            <dt>{m.loadedAt}</dt>
            <dd>{fmtTime(module.loadedAt, lang)}</dd>
          </>
        )}
        {module.limits && (
          <>
            <dt>{m.limits}</dt>
            <dd>
              {module.limits.cpu_ms !== undefined && `CPU ${module.limits.cpu_ms} ms`}
              {module.limits.memory_mb !== undefined && ` · ${module.limits.memory_mb} MB`}
            </dd>
          </>
        )}
        <dt>{m.capabilities}</dt>
        <dd>
          {module.capabilities.length
            ? module.capabilities.map((c) => (
                <Badge key={c} tone="muted">
                  {c}
                </Badge>
              ))
            : t.none}
        </dd>
      </dl>
      {module.error && (
        <p className="alert alert-error">
          <strong>{m.loadError}:</strong> {module.error}
        </p>
      )}
      {module.routes.length > 0 && (
        <details>
          <summary>
            {m.routes} ({module.routes.length})
          </summary>
          <ul className="plain-list small">
            {module.routes.map((r) => (
              <li key={`${r.method} ${r.path}`}>
                <code>
                  {r.method} {r.path}
                </code>
                {r.summary && <span className="muted"> — {r.summary}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {Object.keys(grants).length > 0 && (
        <details>
          <summary>{m.grants}</summary>
          <JsonBlock value={grants} />
        </details>
      )}
      <ErrorNotice error={reload.error ?? approve.error} />
      <SuccessNotice message={reload.notice ?? approve.notice} />
    </Card>
  );
}
