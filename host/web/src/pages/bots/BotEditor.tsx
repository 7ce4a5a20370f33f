import { api } from "../../api/client";
import type { Bot, ModelRef } from "../../api/types";
import { ErrorNotice } from "../../components/Alerts";
import { Card } from "../../components/Card";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { IdentityForm } from "./IdentityForm";
import { ModelForm } from "./ModelForm";
import { WorkspaceFileEditor } from "./WorkspaceFileEditor";

export function BotEditor({
  bot,
  models,
  onChanged,
  onClose,
  onDeleted,
}: {
  bot: Bot;
  models: ModelRef[];
  onChanged: () => void;
  onClose: () => void;
  onDeleted: (id: string) => void;
}) {
  const { t } = useI18n();
  const remove = useAction();
  const b = t.bots;

  const deleteBot = async () => {
    if (!window.confirm(b.confirmDelete(bot.id))) return;
    if (await remove.run(() => api.post("/v1/openclaw/bots/delete", { id: bot.id }))) onDeleted(bot.id);
  };

  return (
    <Card
      title={b.editing(bot.id)}
      className="wide"
      testId="bot-editor"
      actions={
        <button type="button" onClick={onClose}>
          {t.close}
        </button>
      }
    >
      <div className="columns">
        <IdentityForm key={`identity-${bot.id}`} bot={bot} onSaved={onChanged} />
        <ModelForm key={`model-${bot.id}`} bot={bot} models={models} onSaved={onChanged} />
      </div>
      <WorkspaceFileEditor botId={bot.id} />
      {!bot.isDefault && (
        <div className="danger-zone">
          <button type="button" className="danger" disabled={remove.busy} onClick={() => void deleteBot()}>
            {remove.busy ? b.deleting : b.deleteBot}
          </button>
          <ErrorNotice error={remove.error} />
        </div>
      )}
    </Card>
  );
}
