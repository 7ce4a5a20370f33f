// Every Buddy reply is the envelope {code, message, data}; the session is the HttpOnly cookie
// set by POST /login, which same-origin fetches send by themselves.

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  /** The route is not in this Buddy (an older build): the page says "not available". */
  get unavailable(): boolean {
    return this.code === 404 && this.message.startsWith("no route for");
  }
}

type Envelope<T> = { code: number; message: string; data: T };

const unauthorizedListeners = new Set<() => void>();

/** Called whenever a request is refused for lack of a session (the cookie expired). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ data: T; message: string; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, e instanceof Error ? e.message : String(e));
  }
  let envelope: Envelope<T>;
  try {
    envelope = (await response.json()) as Envelope<T>;
  } catch {
    throw new ApiError(response.status, `${response.status} ${response.statusText}`);
  }
  if (!response.ok) {
    if (response.status === 401 && path !== "/login") {
      unauthorizedListeners.forEach((l) => l());
    }
    throw new ApiError(envelope.code ?? response.status, envelope.message || response.statusText);
  }
  return { data: envelope.data, message: envelope.message, headers: response.headers };
}

/** A page of a list route: its items, and the total the route gives in `X-Total-Count`. */
export type Paged<T> = { items: T[]; total: number };

export const api = {
  get: <T>(path: string) => request<T>("GET", path).then((r) => r.data),
  /** GETs a paginated list: `data` is the page's array, the total is in `X-Total-Count`. */
  page: <T>(path: string): Promise<Paged<T>> =>
    request<T[]>("GET", path).then((r) => ({
      items: r.data,
      total: Number(r.headers.get("x-total-count") ?? r.data.length),
    })),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  del: <T>(path: string) => request<T>("DELETE", path),
};

/** Builds `path?k=v&…`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
