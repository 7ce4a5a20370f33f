import { useState } from "react";
import { api, withQuery } from "../../api/client";
import type { BotsModels, Skill, SkillRemoved, SkillsList } from "../../api/types";
import { ErrorNotice, SuccessNotice } from "../../components/Alerts";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { Loader } from "../../components/Loader";
import { useAction, useApi } from "../../hooks/useApi";
import { stateText, useI18n } from "../../i18n";

// Only skills installed into OpenClaw's managed folder are deleted; E27 disables the others.
const MANAGED = "openclaw-managed";

function missingText(skill: Skill): string {
  const m = skill.missing ?? {};
  return [...(m.bins ?? []), ...(m.anyBins ?? []), ...(m.env ?? []), ...(m.config ?? []), ...(m.os ?? [])].join(", ");
}

/** E26–E28: one agent's skills, with remove (or disable) and re-read. */
export function SkillsCard() {
  const { t } = useI18n();
  const roster = useApi<BotsModels>("/v1/openclaw/bots-models");
  // Empty until chosen: the skills module then lists OpenClaw's default agent.
  const [agent, setAgent] = useState("");
  const defaultAgent = roster.data?.data.bots.find((b) => b.isDefault)?.id ?? "";
  const skills = useApi<SkillsList>(withQuery("/v1/openclaw/skills", { agent }));
  const [filter, setFilter] = useState("");
  const [onlyEligible, setOnlyEligible] = useState(false);
  const action = useAction();
  const x = t.extensions;

  const remove = async (name: string) => {
    if (!window.confirm(x.confirmRemoveSkill(name))) return;
    const reply = await action.run(
      () =>
        api.del<SkillRemoved>(
          withQuery(`/v1/openclaw/skills/${encodeURIComponent(name)}`, { agent }),
        ),
      (r) => x.skillRemoved(r.data.name, stateText(t, r.data.action)),
    );
    if (reply) skills.reload();
  };

  const reload = async () => {
    if (await action.run(() => api.post("/v1/openclaw/skills/reload"))) skills.reload();
  };

  return (
    <Card
      title={x.skills}
      className="wide"
      actions={
        <button type="button" onClick={() => void reload()} disabled={action.busy || skills.loading}>
          {x.reloadSkills}
        </button>
      }
    >
      <div className="form-row">
        <label className="field inline">
          <span>{x.agent}</span>
          <select value={agent || defaultAgent} onChange={(e) => setAgent(e.target.value)}>
            {!roster.data && <option value="">{t.loading}</option>}
            {roster.data?.data.bots.map((b) => (
              <option key={b.id} value={b.id}>
                {b.id}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>{x.filter}</span>
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={onlyEligible} onChange={(e) => setOnlyEligible(e.target.checked)} />
          {x.onlyEligible}
        </label>
      </div>
      <ErrorNotice error={action.error} />
      <SuccessNotice message={action.notice} />
      <Loader state={skills}>
        {(data) => {
          const needle = filter.trim().toLowerCase();
          const shown = data.skills.filter(
            (s) =>
              (!onlyEligible || (s.eligible && !s.disabled)) &&
              (!needle || `${s.name} ${s.description ?? ""}`.toLowerCase().includes(needle)),
          );
          return (
            <>
              <p className="muted small">{x.count(shown.length, data.skills.length)}</p>
              {shown.length === 0 ? (
                <p className="muted">{x.noSkills}</p>
              ) : (
                <ul className="item-list scroll-box">
                  {shown.map((s) => (
                    <li key={s.name}>
                      <div className="item-main">
                        <div className="item-title">
                          {s.emoji && <span className="emoji">{s.emoji}</span>} <strong>{s.name}</strong>{" "}
                          {s.disabled ? (
                            <Badge tone="warn">{x.disabled}</Badge>
                          ) : s.eligible ? (
                            <Badge tone="ok">{x.eligible}</Badge>
                          ) : (
                            <Badge tone="muted">{x.notEligible}</Badge>
                          )}{" "}
                          <span className="muted small">{s.source}</span>
                        </div>
                        {s.description && <div className="small">{s.description}</div>}
                        {!s.eligible && missingText(s) && (
                          <div className="muted small">
                            {x.missing}: {missingText(s)}
                          </div>
                        )}
                      </div>
                      {!s.disabled && s.name !== null && (
                        <button
                          type="button"
                          className="danger"
                          disabled={action.busy}
                          onClick={() => void remove(s.name ?? "")}
                        >
                          {s.source === MANAGED ? x.removeSkill : x.disableSkill}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Loader>
    </Card>
  );
}
