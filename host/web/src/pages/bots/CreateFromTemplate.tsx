import { type FormEvent, useEffect, useState } from "react";
import { api, withQuery } from "../../api/client";
import type { Expert, ModelRef } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/Alerts";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { useAction, useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { ModelSelect } from "./ModelSelect";
import { TemplatePicker } from "./TemplatePicker";

const BOT_ID = "^[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}$";

/** Seconds since `busy` became true, to show that a slow creation is still going. */
function useElapsed(busy: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    setSeconds(0);
    if (!busy) return;
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.round((Date.now() - started) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, [busy]);
  return seconds;
}

/** E19: a new bot from an expert template (OpenClaw adds the agent, which takes ~20 s). */
export function CreateFromTemplate({ models, onCreated }: { models: ModelRef[]; onCreated: (id: string) => void }) {
  const { t, lang } = useI18n();
  const experts = useApi<Expert[]>(withQuery("/v1/openclaw/experts", { lang }));
  const [expertId, setExpertId] = useState<string>();
  const [botId, setBotId] = useState("");
  const [model, setModel] = useState("");
  const create = useAction();
  const elapsed = useElapsed(create.busy);
  const b = t.bots;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!expertId) return;
    const id = botId.trim();
    const reply = await create.run(
      () =>
        api.post("/v1/openclaw/bots/template", {
          expertId,
          newBotId: id,
          model: model || undefined,
          lang,
        }),
      () => b.created(id),
    );
    if (reply) {
      setBotId("");
      onCreated(id);
    }
  };

  return (
    <Card title={b.fromTemplate} className="wide" testId="create-from-template">
      <Loader state={experts}>
        {(list) => <TemplatePicker experts={list} chosen={expertId} onChoose={setExpertId} />}
      </Loader>
      <form className="form-row" onSubmit={submit}>
        <label className="field">
          <span>{b.newBotId}</span>
          <input
            name="newBotId"
            value={botId}
            onChange={(e) => setBotId(e.target.value)}
            pattern={BOT_ID}
            title={b.newBotIdHint}
            placeholder={b.newBotIdHint}
            required
          />
        </label>
        <label className="field">
          <span>{b.model}</span>
          <ModelSelect models={models} value={model} onChange={setModel} allowDefault />
        </label>
        <button type="submit" className="primary" disabled={create.busy || !expertId || !botId.trim()}>
          {b.create}
        </button>
      </form>
      {!expertId && <p className="muted small">{b.pickTemplate}</p>}
      {create.busy && (
        <p className="alert alert-muted" role="status">
          <span className="spinner" aria-hidden="true" /> {b.creating(elapsed)}
        </p>
      )}
      <ErrorNotice error={create.error} />
      <SuccessNotice message={create.notice} />
    </Card>
  );
}
