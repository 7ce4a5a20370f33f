import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { LanguageSwitch } from "./LanguageSwitch";

export const PAGES = ["overview", "bots", "models", "extensions", "modules", "heal", "audit", "logs"] as const;
export type Page = (typeof PAGES)[number];

export function Layout({ page, onLogout, children }: { page: Page; onLogout: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>{t.appName}</span>
        </div>
        <nav>
          {PAGES.map((p) => (
            <a
              key={p}
              href={`#/${p}`}
              className={p === page ? "active" : undefined}
              aria-current={p === page ? "page" : undefined}
            >
              {t.nav[p]}
            </a>
          ))}
        </nav>
        <div className="sidebar-foot">
          <LanguageSwitch />
          <button type="button" className="button" onClick={onLogout}>
            {t.logout}
          </button>
        </div>
      </aside>
      <main className="content">
        <h1>{t.nav[page]}</h1>
        {children}
      </main>
    </div>
  );
}
