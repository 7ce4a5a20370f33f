import { PluginsCard } from "./PluginsCard";
import { SkillsCard } from "./SkillsCard";

export function SkillsPluginsPage() {
  return (
    <div className="grid">
      <SkillsCard />
      <PluginsCard />
    </div>
  );
}
