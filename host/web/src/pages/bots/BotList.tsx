import type { Bot } from "../../api/types";
import { Badge } from "../../components/Badge";
import { useI18n } from "../../i18n";

export function BotList({
  bots,
  selected,
  onSelect,
}: {
  bots: Bot[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { t } = useI18n();
  const b = t.bots;
  if (bots.length === 0) return <p className="muted">{b.noBots}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{b.name}</th>
            <th>{b.id}</th>
            <th>{b.model}</th>
            <th className="hide-narrow">{b.workspace}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {bots.map((bot) => (
            <tr key={bot.id} data-testid={`bot-row-${bot.id}`} className={bot.id === selected ? "selected" : undefined}>
              <td>
                {bot.emoji && <span className="emoji">{bot.emoji}</span>} {bot.name ?? bot.id}{" "}
                {bot.isDefault && <Badge tone="info">{b.isDefault}</Badge>}
              </td>
              <td>
                <code>{bot.id}</code>
              </td>
              <td>{bot.model ? <code>{bot.model}</code> : <span className="muted">{b.defaultModel}</span>}</td>
              <td className="hide-narrow small muted break">{bot.workspace ?? t.none}</td>
              <td className="actions">
                <button type="button" onClick={() => onSelect(bot.id)}>
                  {b.edit}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
