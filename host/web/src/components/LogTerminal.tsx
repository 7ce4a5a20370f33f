import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { api, withQuery } from "../api/client";

export type LogSource = "openclaw" | "gateway" | "buddy";
export type Connection = "connecting" | "open" | "closed";

/**
 * Follows one log over E48: a single-use ticket from `POST /v1/ws/ticket`, then a WebSocket
 * whose text frames are lines ending in `\r\n`, written to the terminal as they are.
 * `session` changes force a new connection (the Reconnect button).
 */
export function LogTerminal({
  source,
  tail,
  session,
  clearSignal,
  onConnection,
}: {
  source: LogSource;
  tail: number;
  session: number;
  clearSignal: number;
  onConnection: (state: Connection, error?: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [term, setTerm] = useState<Terminal>();
  const report = useRef(onConnection);
  report.current = onConnection;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const terminal = new Terminal({
      disableStdin: true,
      scrollback: 5000,
      fontSize: 13,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      theme: { background: "#0f172a", foreground: "#e2e8f0" },
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(el);
    fit.fit();
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(el);
    setTerm(terminal);
    return () => {
      observer.disconnect();
      terminal.dispose();
    };
  }, []);

  useEffect(() => {
    if (clearSignal) term?.clear();
  }, [clearSignal, term]);

  useEffect(() => {
    if (!term) return;
    let socket: WebSocket | undefined;
    let cancelled = false;
    term.reset();
    report.current("connecting");
    api
      .post<{ ticket: string }>("/v1/ws/ticket")
      .then(({ data }) => {
        if (cancelled) return;
        const scheme = window.location.protocol === "https:" ? "wss" : "ws";
        const url = withQuery(`${scheme}://${window.location.host}/v1/ws/logs`, {
          source,
          tail,
          ticket: data.ticket,
        });
        socket = new WebSocket(url);
        socket.onopen = () => report.current("open");
        socket.onmessage = (e) => {
          if (typeof e.data === "string") term.write(e.data);
        };
        socket.onclose = (e) => {
          if (!cancelled) report.current("closed", e.reason || undefined);
        };
      })
      .catch((e: unknown) => {
        if (!cancelled) report.current("closed", e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      socket?.close();
    };
  }, [term, source, tail, session]);

  return <div ref={box} className="terminal" data-testid="log-terminal" />;
}
