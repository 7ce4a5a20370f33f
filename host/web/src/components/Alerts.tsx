import type { ApiError } from "../api/client";
import { useI18n } from "../i18n";

/** An error from Buddy's envelope, or "not available" for a route this Buddy lacks. */
export function ErrorNotice({ error }: { error: ApiError | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error.unavailable) return <p className="alert alert-muted">{t.notAvailable}</p>;
  return (
    <p className="alert alert-error" role="alert">
      <strong>{t.errorCode(error.code)}:</strong> {error.message}
    </p>
  );
}

export function SuccessNotice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="alert alert-ok" role="status">
      {message}
    </p>
  );
}
