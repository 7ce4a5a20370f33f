import { type FormEvent, useState } from "react";
import { api } from "../../api/client";
import type { Bot } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/Alerts";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

/** E13: the name, emoji and theme OpenClaw shows for the bot. */
export function IdentityForm({ bot, onSaved }: { bot: Bot; onSaved: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(bot.name ?? bot.id);
  const [emoji, setEmoji] = useState(bot.emoji ?? "");
  const [theme, setTheme] = useState("");
  const save = useAction();
  const b = t.bots;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Empty optional fields are left out, so OpenClaw keeps what it has.
    const body = { id: bot.id, name: name.trim(), emoji: emoji.trim() || undefined, theme: theme.trim() || undefined };
    if (
      await save.run(
        () => api.post("/v1/openclaw/bots/set-identity", body),
        () => t.saved,
      )
    )
      onSaved();
  };

  return (
    <form onSubmit={submit} className="stack">
      <h3>{b.identity}</h3>
      <div className="form-row">
        <label className="field">
          <span>{b.name}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
        </label>
        <label className="field narrow">
          <span>{b.emoji}</span>
          <input value={emoji} onChange={(e) => setEmoji(e.target.value)} maxLength={16} />
        </label>
      </div>
      <label className="field">
        <span>{b.theme}</span>
        <input value={theme} onChange={(e) => setTheme(e.target.value)} maxLength={500} />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={save.busy || !name.trim()}>
          {b.saveIdentity}
        </button>
      </div>
      <ErrorNotice error={save.error} />
      <SuccessNotice message={save.notice} />
    </form>
  );
}
