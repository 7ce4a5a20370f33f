import { type FormEvent, useState } from "react";
import { api } from "../api/client";
import { ErrorNotice } from "../components/Alerts";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useAction } from "../hooks/useApi";
import { useI18n } from "../i18n";

export function LoginPage({ expired, onLoggedIn }: { expired: boolean; onLoggedIn: () => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState("");
  const login = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await login.run(() => api.post("/login", { token: token.trim() }));
    if (ok) onLoggedIn();
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={submit}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>{t.appName}</span>
        </div>
        <h1>{t.login.title}</h1>
        <p className="muted">{t.login.intro}</p>
        {expired && !login.error && <p className="alert alert-muted">{t.sessionExpired}</p>}
        <label className="field">
          <span>{t.login.token}</span>
          <input
            type="password"
            name="token"
            autoComplete="current-password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            required
            autoFocus
          />
        </label>
        <ErrorNotice error={login.error} />
        <div className="row spread">
          <LanguageSwitch />
          <button type="submit" className="primary" disabled={login.busy || !token.trim()}>
            {t.login.submit}
          </button>
        </div>
      </form>
    </div>
  );
}
