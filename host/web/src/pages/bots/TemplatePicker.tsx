import { useState } from "react";
import type { Expert } from "../../api/types";
import { useI18n } from "../../i18n";

/** Expert templates as cards, narrowed by category; one can be chosen. */
export function TemplatePicker({
  experts,
  chosen,
  onChoose,
}: {
  experts: Expert[];
  chosen: string | undefined;
  onChoose: (id: string) => void;
}) {
  const { t } = useI18n();
  const [category, setCategory] = useState("");
  const categories = [...new Set(experts.map((e) => e.category))].sort();
  const shown = category ? experts.filter((e) => e.category === category) : experts;

  return (
    <div className="template-picker">
      <label className="field inline">
        <span>{t.bots.category}</span>
        <select value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t.bots.allCategories}</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <div className="templates" role="radiogroup" aria-label={t.bots.fromTemplate}>
        {shown.map((e) => (
          <button
            key={e.id}
            type="button"
            role="radio"
            aria-checked={e.id === chosen}
            className={`template ${e.id === chosen ? "chosen" : ""}`}
            data-testid={`template-${e.id}`}
            onClick={() => onChoose(e.id)}
          >
            <span className="template-title">
              {e.emoji && <span className="emoji">{e.emoji}</span>} {e.name}
            </span>
            <span className="template-category">{e.category}</span>
            <span className="template-desc">{e.description}</span>
            {e.skills.length > 0 && (
              <span className="template-skills">
                {t.bots.skills}: {e.skills.join(", ")}
              </span>
            )}
          </button>
        ))}
      </div>
    </div>
  );
}
