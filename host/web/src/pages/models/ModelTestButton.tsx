import { useState } from "react";
import { api } from "../../api/client";
import type { ProbeResult } from "../../api/types";
import { ErrorNotice } from "../../components/Alerts";
import { Badge } from "../../components/Badge";
import { fmtMs } from "../../format";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

/** E25: Buddy streams one short completion from the provider and reports time to first token. */
export function ModelTestButton({ provider, modelId }: { provider: string; modelId: string }) {
  const { t } = useI18n();
  const [result, setResult] = useState<ProbeResult>();
  const probe = useAction();
  const m = t.models;

  const test = async () => {
    setResult(undefined);
    const reply = await probe.run(() =>
      api.post<ProbeResult>("/v1/openclaw/models/test-direct", { providerName: provider, modelId }),
    );
    if (reply) setResult(reply.data);
  };

  return (
    <div className="probe">
      <button type="button" onClick={() => void test()} disabled={probe.busy}>
        {probe.busy ? m.testing : m.test}
      </button>
      {result && (
        <span className="probe-result" data-testid="probe-result">
          <Badge tone={result.status === "success" ? "ok" : "bad"}>
            {result.status === "success" ? m.ok : m.failed}
            {result.http_status ? ` ${result.http_status}` : ""}
          </Badge>{" "}
          {m.ttft} {fmtMs(result.latency)} · {m.total} {fmtMs(result.total_ms)}
          {result.error && <span className="probe-error"> · {result.error}</span>}
        </span>
      )}
      <ErrorNotice error={probe.error} />
    </div>
  );
}
