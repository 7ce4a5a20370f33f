import { type FormEvent, useState } from "react";
import { api } from "../../api/client";
import type { Bot, ModelRef } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/Alerts";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { ModelSelect } from "./ModelSelect";

/** E14: which configured model the bot uses. */
export function ModelForm({ bot, models, onSaved }: { bot: Bot; models: ModelRef[]; onSaved: () => void }) {
  const { t } = useI18n();
  const [model, setModel] = useState(bot.model ?? models.find((m) => m.isDefault)?.id ?? "");
  const save = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (
      await save.run(
        () => api.post("/v1/openclaw/bots/set-model", { id: bot.id, model }),
        () => t.saved,
      )
    ) {
      onSaved();
    }
  };

  return (
    <form onSubmit={submit} className="stack">
      <h3>{t.bots.model}</h3>
      <div className="form-row">
        <label className="field">
          <span>{t.bots.model}</span>
          <ModelSelect models={models} value={model} onChange={setModel} allowDefault={false} />
        </label>
        <button type="submit" className="primary" disabled={save.busy || !model || model === bot.model}>
          {t.bots.setModel}
        </button>
      </div>
      <ErrorNotice error={save.error} />
      <SuccessNotice message={save.notice} />
    </form>
  );
}
