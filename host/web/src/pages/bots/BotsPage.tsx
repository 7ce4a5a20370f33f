import { useState } from "react";
import type { BotsModels } from "../../api/types";
import { SuccessNotice } from "../../components/Alerts";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { BotEditor } from "./BotEditor";
import { BotList } from "./BotList";
import { CreateFromTemplate } from "./CreateFromTemplate";

export function BotsPage() {
  const { t } = useI18n();
  const roster = useApi<BotsModels>("/v1/openclaw/bots-models");
  const [selected, setSelected] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const bot = roster.data?.data.bots.find((b) => b.id === selected);
  const models = roster.data?.data.models ?? [];

  return (
    <div className="grid">
      <Card
        title={t.bots.list}
        className="wide"
        testId="bot-list"
        actions={
          <button type="button" onClick={roster.reload} disabled={roster.loading}>
            {t.refresh}
          </button>
        }
      >
        <SuccessNotice message={notice} />
        <Loader state={roster}>
          {(data) => (
            <BotList
              bots={data.data.bots}
              selected={selected}
              onSelect={(id) => {
                setNotice(undefined);
                setSelected(id);
              }}
            />
          )}
        </Loader>
      </Card>
      {bot && (
        <BotEditor
          key={bot.id}
          bot={bot}
          models={models}
          onChanged={roster.reload}
          onClose={() => setSelected(undefined)}
          onDeleted={(id) => {
            setSelected(undefined);
            setNotice(t.bots.deleted(id));
            roster.reload();
          }}
        />
      )}
      <CreateFromTemplate models={models} onCreated={roster.reload} />
    </div>
  );
}
