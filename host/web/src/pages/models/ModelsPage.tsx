import type { BotsModels, ModelsConfig, Provider } from "../../api/types";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { ProviderCard } from "./ProviderCard";

/**
 * Providers from E20 when this Buddy has it; otherwise the models E10 knows, grouped by
 * provider, without provider details but still with the probe.
 */
function fromRoster(roster: BotsModels): Provider[] {
  const byName = new Map<string, Provider>();
  for (const m of roster.data.models) {
    const p = byName.get(m.provider) ?? {
      name: m.provider,
      baseUrl: "—",
      apiKey: null,
      hasApiKey: false,
      models: [],
    };
    const id = m.id.startsWith(`${m.provider}/`) ? m.id.slice(m.provider.length + 1) : m.id;
    p.models.push({ id, name: m.name ?? id, ref: m.id, isDefault: m.isDefault, usedBy: [] });
    byName.set(m.provider, p);
  }
  return [...byName.values()];
}

export function ModelsPage() {
  const { t } = useI18n();
  const config = useApi<ModelsConfig>("/v1/openclaw/models/config");
  const fallback = config.error?.unavailable === true;
  const roster = useApi<BotsModels>(fallback ? "/v1/openclaw/bots-models" : null);

  if (fallback) {
    return (
      <div className="grid">
        <p className="alert alert-muted wide">{t.models.fallbackNote}</p>
        <Loader state={roster}>
          {(r) => fromRoster(r).map((p) => <ProviderCard key={p.name} provider={p} onChanged={roster.reload} />)}
        </Loader>
      </div>
    );
  }

  return (
    <div className="grid">
      <Loader state={config}>
        {(c) =>
          c.providers.length === 0 ? (
            <Card title={t.models.providers} className="wide">
              <p className="muted">{t.models.noProviders}</p>
            </Card>
          ) : (
            <>
              <p className="wide">
                {t.models.defaultModel}: <code>{c.defaultModel ?? t.none}</code>
              </p>
              {c.providers.map((p) => (
                <ProviderCard key={p.name} provider={p} onChanged={config.reload} />
              ))}
            </>
          )
        }
      </Loader>
    </div>
  );
}
