import { type Lang, useI18n } from "../i18n";

const LABELS: Record<Lang, string> = { en: "English", zh: "中文" };

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang-switch">
      <span className="sr-only">{t.language}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t.language}>
        {(Object.keys(LABELS) as Lang[]).map((l) => (
          <option key={l} value={l}>
            {LABELS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
