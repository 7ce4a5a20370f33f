import { useState } from "react";
import { BackupsCard } from "./BackupsCard";
import { HealEventsCard } from "./HealEventsCard";
import { HealReportsCard } from "./HealReportsCard";

export function HealPage() {
  const [report, setReport] = useState<number>();
  return (
    <div className="grid">
      <HealEventsCard
        onShowReport={(id) => {
          setReport(id);
          document.getElementById("heal-reports")?.scrollIntoView({ behavior: "smooth" });
        }}
      />
      <div id="heal-reports" className="wide">
        <HealReportsCard openId={report} onOpen={setReport} />
      </div>
      <BackupsCard />
    </div>
  );
}
