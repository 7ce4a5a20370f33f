import { GatewayCard } from "./GatewayCard";
import { HealthHistoryCard } from "./HealthHistoryCard";
import { RecentHealsCard } from "./RecentHealsCard";
import { SystemCard } from "./SystemCard";

export function OverviewPage() {
  return (
    <div className="grid">
      <GatewayCard />
      <SystemCard />
      <HealthHistoryCard />
      <RecentHealsCard />
    </div>
  );
}
