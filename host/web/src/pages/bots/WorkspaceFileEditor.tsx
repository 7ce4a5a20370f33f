import { useEffect, useState } from "react";
import { ApiError, api, withQuery } from "../../api/client";
import { ErrorNotice, SuccessNotice } from "../../components/Alerts";
import { useAction } from "../../hooks/useApi";
import { useI18n } from "../../i18n";

const FILES = ["SOUL.md", "IDENTITY.md", "AGENTS.md", "USER.md", "TOOLS.md"] as const;

/** E16/E17: the bot's workspace files, one at a time, in a plain text editor. */
export function WorkspaceFileEditor({ botId }: { botId: string }) {
  const { t } = useI18n();
  const [name, setName] = useState<(typeof FILES)[number]>("SOUL.md");
  const [content, setContent] = useState("");
  const [loaded, setLoaded] = useState<string>();
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<ApiError>();
  const save = useAction();
  const { clear } = save;

  useEffect(() => {
    let current = true;
    setLoaded(undefined);
    setMissing(false);
    setLoadError(undefined);
    clear();
    api
      .get<{ content: string }>(withQuery("/v1/openclaw/bots/file", { id: botId, name }))
      .then((d) => {
        if (!current) return;
        setContent(d.content);
        setLoaded(d.content);
      })
      .catch((e: ApiError) => {
        if (!current) return;
        // A 404 for a file (not a missing route) means the file is not written yet.
        if (e.code === 404 && !e.unavailable) {
          setMissing(true);
          setContent("");
          setLoaded("");
        } else {
          setLoadError(e);
        }
      });
    return () => {
      current = false;
    };
  }, [botId, name, clear]);

  const submit = async () => {
    const reply = await save.run(
      () => api.post("/v1/openclaw/bots/file", { id: botId, name, content }),
      () => t.saved,
    );
    if (reply) {
      setLoaded(content);
      setMissing(false);
    }
  };

  return (
    <div className="stack">
      <h3>{t.bots.files}</h3>
      <div className="tabs" role="tablist">
        {FILES.map((f) => (
          <button key={f} type="button" role="tab" aria-selected={f === name} onClick={() => setName(f)}>
            {f}
          </button>
        ))}
      </div>
      <ErrorNotice error={loadError} />
      {loaded !== undefined && (
        <>
          {missing && <p className="muted small">{t.bots.fileMissing}</p>}
          <textarea
            className="editor"
            aria-label={name}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            spellCheck={false}
            rows={16}
          />
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={save.busy || content === loaded}
              onClick={() => void submit()}
            >
              {t.bots.saveFile(name)}
            </button>
          </div>
        </>
      )}
      {loaded === undefined && !loadError && <p className="muted">{t.loading}</p>}
      <ErrorNotice error={save.error} />
      <SuccessNotice message={save.notice} />
    </div>
  );
}
