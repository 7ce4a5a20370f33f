import type { ReactNode } from "react";
import type { Loaded } from "../hooks/useApi";
import { useI18n } from "../i18n";
import { ErrorNotice } from "./Alerts";

/** Shows the error or "loading" of a GET, else its data; stale data stays shown on a refresh error. */
export function Loader<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <ErrorNotice error={state.error} />
      {state.data !== undefined ? children(state.data) : state.loading && <p className="muted">{t.loading}</p>}
    </>
  );
}
