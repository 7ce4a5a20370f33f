import type { ModelRef } from "../../api/types";
import { useI18n } from "../../i18n";

/** A model reference (`provider/model`), or "" for the default model. */
export function ModelSelect({
  models,
  value,
  onChange,
  allowDefault,
}: {
  models: ModelRef[];
  value: string;
  onChange: (model: string) => void;
  allowDefault: boolean;
}) {
  const { t } = useI18n();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {allowDefault && <option value="">{t.bots.defaultModel}</option>}
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {m.id}
          {m.name && m.name !== m.id ? ` (${m.name})` : ""}
        </option>
      ))}
    </select>
  );
}
