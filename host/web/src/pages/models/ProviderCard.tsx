import { api } from "../../api/client";
import type { Provider } from "../../api/types";
import { ErrorNotice } from "../../components/Alerts";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { ModelTestButton } from "./ModelTestButton";

function KeyView({ provider }: { provider: Provider }) {
  const { t } = useI18n();
  if (typeof provider.apiKey === "string") return <code>{provider.apiKey}</code>;
  if (provider.apiKey) return <span className="muted">{t.models.secretRef}</span>;
  return <span className="muted">{t.models.noKey}</span>;
}

/** One provider from E20 (the key comes masked) with its models, a default switch and the probe. */
export function ProviderCard({ provider, onChanged }: { provider: Provider; onChanged: () => void }) {
  const { t } = useI18n();
  const setDefault = useAction();
  const m = t.models;

  const makeDefault = async (ref: string) => {
    if (await setDefault.run(() => api.post("/v1/openclaw/models/set-default", { model: ref }))) onChanged();
  };

  return (
    <Card title={provider.name} className="wide" testId={`provider-${provider.name}`}>
      <dl className="kv">
        <dt>{m.baseUrl}</dt>
        <dd className="break">
          <code>{provider.baseUrl}</code>
        </dd>
        <dt>{m.api}</dt>
        <dd>{provider.api ?? t.none}</dd>
        <dt>{m.apiKey}</dt>
        <dd>
          <KeyView provider={provider} />
        </dd>
        {provider.timeoutSeconds !== undefined && (
          <>
            <dt>{m.timeout}</dt>
            <dd>{provider.timeoutSeconds} s</dd>
          </>
        )}
      </dl>
      <ErrorNotice error={setDefault.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{m.id}</th>
              <th>{m.name}</th>
              <th>{m.usedBy}</th>
              <th>{m.test}</th>
            </tr>
          </thead>
          <tbody>
            {provider.models.map((model) => (
              <tr key={model.id}>
                <td>
                  <code>{model.id}</code>{" "}
                  {model.isDefault ? (
                    <Badge tone="info">{m.isDefault}</Badge>
                  ) : (
                    <button
                      type="button"
                      className="link"
                      disabled={setDefault.busy}
                      onClick={() => void makeDefault(model.ref)}
                    >
                      {m.setDefault}
                    </button>
                  )}
                </td>
                <td>{model.name}</td>
                <td>{model.usedBy.length ? model.usedBy.join(", ") : t.none}</td>
                <td>
                  <ModelTestButton provider={provider.name} modelId={model.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
