import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import en from "./en";
import zh from "./zh";

export type Lang = "en" | "zh";
export type Dict = typeof en;

const dicts: Record<Lang, Dict> = { en, zh };
const STORAGE_KEY = "buddy.lang";

/** The saved choice, else the browser's first preferred language. */
function initialLang(): Lang {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "zh") return saved;
  const preferred = navigator.languages?.[0] ?? navigator.language ?? "en";
  return preferred.toLowerCase().startsWith("zh") ? "zh" : "en";
}

type I18n = { lang: Lang; t: Dict; setLang: (lang: Lang) => void };

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);

  const value = useMemo<I18n>(
    () => ({
      lang,
      t: dicts[lang],
      setLang: (next) => {
        window.localStorage.setItem(STORAGE_KEY, next);
        setLangState(next);
      },
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}

/** A state word from Buddy (`Running`, `succeeded`, `gave-up`…) in the chosen language. */
export function stateText(t: Dict, raw: string | null | undefined): string {
  if (!raw) return t.none;
  return t.states[raw.toLowerCase()] ?? raw;
}
