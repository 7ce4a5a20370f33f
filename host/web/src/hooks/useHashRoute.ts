import { useEffect, useState } from "react";

// Buddy serves only `/` and `/assets/*`, so pages live in the hash: `/#/bots`.
function current(): string {
  return window.location.hash.replace(/^#\/?/, "").split("?")[0] || "overview";
}

export function useHashRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
