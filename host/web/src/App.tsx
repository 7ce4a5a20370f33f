import { type ComponentType, lazy, Suspense, useEffect, useState } from "react";
import { api, onUnauthorized } from "./api/client";
import { Layout, PAGES, type Page } from "./components/Layout";
import { useHashRoute } from "./hooks/useHashRoute";
import { AuditPage } from "./pages/audit/AuditPage";
import { BotsPage } from "./pages/bots/BotsPage";
import { SkillsPluginsPage } from "./pages/extensions/SkillsPluginsPage";
import { LoginPage } from "./pages/LoginPage";
import { ModelsPage } from "./pages/models/ModelsPage";
import { ModulesPage } from "./pages/modules/ModulesPage";
import { OverviewPage } from "./pages/overview/OverviewPage";

// The terminal and the markdown renderer are most of the code: load them with their pages.
const LogsPage = lazy(() => import("./pages/logs/LogsPage").then((m) => ({ default: m.LogsPage })));
const HealPage = lazy(() => import("./pages/heal/HealPage").then((m) => ({ default: m.HealPage })));

const VIEWS: Record<Page, ComponentType> = {
  overview: OverviewPage,
  bots: BotsPage,
  models: ModelsPage,
  extensions: SkillsPluginsPage,
  modules: ModulesPage,
  heal: HealPage,
  audit: AuditPage,
  logs: LogsPage,
};

type Session = "checking" | "in" | "out" | "expired";

export function App() {
  const route = useHashRoute();
  const [session, setSession] = useState<Session>("checking");

  // The cookie is HttpOnly, so the only way to know whether it is still good is to use it.
  useEffect(() => {
    api
      .get("/v1/tasks/status?limit=1")
      .then(() => setSession("in"))
      .catch((e: { code?: number }) => setSession(e.code === 401 ? "out" : "in"));
    return onUnauthorized(() => setSession((s) => (s === "in" ? "expired" : s)));
  }, []);

  if (session === "checking") return null;
  if (session !== "in") {
    return <LoginPage expired={session === "expired"} onLoggedIn={() => setSession("in")} />;
  }
  const page: Page = (PAGES as readonly string[]).includes(route) ? (route as Page) : "overview";
  const View = VIEWS[page];
  // The server revokes the session at once; the login page follows whatever it answered.
  const logout = () => {
    api
      .post("/logout")
      .catch(() => undefined)
      .finally(() => setSession("out"));
  };
  return (
    <Layout page={page} onLogout={logout}>
      <Suspense fallback={null}>
        <View />
      </Suspense>
    </Layout>
  );
}
