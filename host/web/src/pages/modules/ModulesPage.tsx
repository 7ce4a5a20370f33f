import type { ModuleInfo } from "../../api/types";
import { Loader } from "../../components/Loader";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { ChannelsCard } from "./ChannelsCard";
import { ModuleCard } from "./ModuleCard";

export function ModulesPage() {
  const { t } = useI18n();
  const modules = useApi<ModuleInfo[]>("/v1/modules");
  return (
    <div className="grid">
      <Loader state={modules}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t.modules.noModules}</p>
          ) : (
            list.map((m) => <ModuleCard key={m.name} module={m} onReloaded={modules.reload} />)
          )
        }
      </Loader>
      <ChannelsCard />
    </div>
  );
}
