import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api/client";

export type Loaded<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
};

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, e instanceof Error ? e.message : String(e));
}

/**
 * GETs `path` (nothing when null), again whenever it changes, on `reload()`, and every
 * `refreshMs` when given. A reply to an older request never overwrites a newer one.
 */
export function useApi<T>(
  path: string | null,
  refreshMs?: number,
  fetcher: (path: string) => Promise<T> = api.get<T>,
): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const latest = useRef(0);

  const load = useCallback(() => {
    if (path === null) return;
    const seq = ++latest.current;
    setLoading(true);
    fetcher(path)
      .then((d) => {
        if (seq !== latest.current) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (seq === latest.current) setError(asApiError(e));
      })
      .finally(() => {
        if (seq === latest.current) setLoading(false);
      });
    // The fetcher is a module-level function (api.get, api.page): it never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);

  useEffect(() => {
    load();
    if (!refreshMs || path === null) return;
    const timer = window.setInterval(load, refreshMs);
    return () => window.clearInterval(timer);
  }, [load, refreshMs, path]);

  // Forget replies still in flight when the component goes away.
  useEffect(() => () => void latest.current++, []);

  return { data, error, loading, reload: load };
}

/** Runs one mutating call at a time and keeps its error or success message for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();

  const run = useCallback(async <R>(call: () => Promise<R>, success?: (r: R) => string | undefined) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const r = await call();
      setNotice(success?.(r));
      return r;
    } catch (e) {
      setError(asApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  const clear = useCallback(() => {
    setError(undefined);
    setNotice(undefined);
  }, []);

  return { busy, error, notice, run, clear };
}
