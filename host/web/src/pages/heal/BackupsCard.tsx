import { useState } from "react";
import type { Backup } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { fmtBytes, fmtTime } from "../../format";
import { useApi } from "../../hooks/useApi";
import { useI18n } from "../../i18n";
import { BackupDiffView } from "./BackupDiffView";

/** E43: validated config backups; each can be compared with the current config. */
export function BackupsCard() {
  const { t, lang } = useI18n();
  const backups = useApi<Backup[]>("/v1/heal/backups");
  const [open, setOpen] = useState<string>();
  const h = t.heal;
  return (
    <Card
      title={h.backups}
      className="wide"
      actions={
        <button type="button" onClick={backups.reload}>
          {t.refresh}
        </button>
      }
    >
      <Loader state={backups}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{h.noBackups}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{h.name}</th>
                    <th>{h.time}</th>
                    <th>{h.size}</th>
                    <th>{h.valid}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((b) => (
                    <tr key={b.name} className={b.name === open ? "selected" : undefined}>
                      <td>
                        <code className="break">{b.name}</code>
                      </td>
                      <td className="nowrap">{fmtTime(b.time, lang)}</td>
                      <td className="nowrap">{fmtBytes(b.size)}</td>
                      <td>
                        <Badge tone={b.valid ? "ok" : "bad"}>{b.valid ? t.yes : t.no}</Badge>
                      </td>
                      <td className="actions">
                        <button type="button" onClick={() => setOpen(b.name === open ? undefined : b.name)}>
                          {b.name === open ? t.close : h.diff}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loader>
      {open && <BackupDiffView key={open} name={open} />}
    </Card>
  );
}
