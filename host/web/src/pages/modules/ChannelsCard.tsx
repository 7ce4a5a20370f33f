import type { Channel } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

/** Channel modules and the OpenClaw plugin each one drives. */
export function ChannelsCard() {
  const { t } = useI18n();
  const channels = useApi<Channel[]>("/v1/channels");
  const m = t.modules;
  return (
    <Card title={m.channels} className="wide">
      <Loader state={channels}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{m.channels}</th>
                  <th>{m.module}</th>
                  <th>{m.plugin}</th>
                  <th>{m.configured}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <strong>{c.displayName}</strong> <code className="small">{c.id}</code>
                    </td>
                    <td>
                      <code>{c.module}</code>
                    </td>
                    <td>
                      <code>{c.pluginId}</code>{" "}
                      {c.status?.plugin?.installed ? (
                        <Badge tone={c.status.plugin.enabled ? "ok" : "warn"}>
                          {c.status.plugin.enabled ? t.extensions.enabled : t.extensions.disabled}
                        </Badge>
                      ) : (
                        <Badge tone="muted">{m.notInstalled}</Badge>
                      )}
                    </td>
                    <td>
                      {c.status?.configured ? t.yes : t.no}
                      {c.status && c.status.accounts.length > 0 && ` · ${m.accounts(c.status.accounts.length)}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loader>
    </Card>
  );
}
