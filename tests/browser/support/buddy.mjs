// Starts a real Buddy against a fresh, hand-written OpenClaw home, and stops both again.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const BUDDY_BIN = process.env.BUDDY_BIN ?? new URL("../../../target/debug/openclaw-buddy", import.meta.url).pathname;
const ROOT = new URL("../../../", import.meta.url).pathname;

/** The SDK's example module, as the Rust tests build it: installed, it waits for approval. */
export const PENDING_MODULE = "hello";

async function installPendingModule(data) {
  const dir = join(data, "modules", PENDING_MODULE);
  await mkdir(dir, { recursive: true });
  await copyFile(join(ROOT, "sdk/examples/hello/module.toml"), join(dir, "module.toml"));
  await copyFile(join(ROOT, "target/guests/wasm32-wasip2/release/hello.wasm"), join(dir, "module.wasm"));
}

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function until(what, check, timeoutMs, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

/** The smallest openclaw.json the gateway starts with: one agent, one provider. */
function openclawConfig({ gatewayPort, gatewayToken, logFile, providerUrl }) {
  return {
    meta: { lastTouchedVersion: "2026.9.6" },
    gateway: {
      mode: "local",
      port: gatewayPort,
      bind: "loopback",
      auth: { mode: "token", token: gatewayToken },
    },
    // A log of this install's own, so the test can append to the file the dashboard follows.
    logging: { file: logFile },
    agents: {
      defaults: { model: { primary: "fakeai/fake-model" } },
      entries: { main: { name: "main" } },
    },
    models: {
      mode: "merge",
      providers: {
        fakeai: {
          baseUrl: providerUrl,
          api: "openai-completions",
          apiKey: PROVIDER_KEY,
          models: [{ id: "fake-model", name: "Fake Model" }],
        },
      },
    },
  };
}

// Samples every 2 s so the health chart has points; no self-healing, so the only gateway
// starts and stops are the ones the test asks for; the gateway goes down with Buddy.
const BUDDY_TOML = `
[gateway]
stop_on_exit = true

[monitor]
interval_ms = 2000

[heal]
enabled = false
`;

/** The provider's key, which the dashboard must only ever show masked. */
export const PROVIDER_KEY = "sk-browser-test-key-0123456789";

/** Buddy on a free port; `providerUrl` is the base URL of the one model provider. */
export async function startBuddy({ providerUrl }) {
  const root = await mkdtemp(join(tmpdir(), "buddy-browser-"));
  const home = join(root, "home");
  const state = join(home, ".openclaw");
  const data = join(root, "data");
  const logFile = join(root, "openclaw.log");
  await Promise.all([mkdir(state, { recursive: true }), mkdir(data, { recursive: true })]);

  const [port, gatewayPort] = [await freePort(), await freePort()];
  const token = randomBytes(24).toString("hex");
  const config = openclawConfig({
    gatewayPort,
    gatewayToken: randomBytes(16).toString("hex"),
    logFile,
    providerUrl,
  });
  await writeFile(join(state, "openclaw.json"), JSON.stringify(config, null, 2));
  await writeFile(logFile, "");
  const buddyToml = join(root, "buddy.toml");
  await writeFile(buddyToml, BUDDY_TOML);
  await installPendingModule(data);

  const output = [];
  const child = spawn(
    BUDDY_BIN,
    [
      "serve",
      "--config",
      buddyToml,
      "--listen",
      `127.0.0.1:${port}`,
      "--data-dir",
      data,
      "--openclaw-state-dir",
      state,
    ],
    {
      env: { ...process.env, HOME: home, BUDDY_TOKEN: token, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => output.push(chunk));
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const url = `http://127.0.0.1:${port}`;
  const buddy = {
    url,
    token,
    logFile,
    /** OpenClaw's state directory (where the gateway finds canvas documents, say). */
    state,
    /** What Buddy printed so far (for failure messages). */
    output: () => output.join(""),
    /** An authenticated GET beside the browser: Buddy's own answer to compare the page with. */
    async get(path) {
      const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
      return response.json();
    },
    /** Like `get`, with the HTTP status: `{status, body}`. */
    async getWithStatus(path) {
      const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: await response.json() };
    },
    async stop() {
      // The gateway's pid, to be sure it does not outlive the test if Buddy could not stop it.
      const status = await buddy.get("/v1/openclaw/status").catch(() => undefined);
      const gatewayPid = status?.data?.pid;
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        // An unref'd timer: once Buddy has exited, nothing is left to keep the test process alive.
        const timeout = sleep(30_000, false, { ref: false });
        const stopped = await Promise.race([exited.then(() => true), timeout]);
        if (!stopped) {
          child.kill("SIGKILL");
          await exited;
        }
      }
      if (gatewayPid) {
        await until("the gateway to exit", () => !isAlive(gatewayPid), 30_000).catch(() => {
          process.kill(gatewayPid, "SIGKILL");
        });
      }
      await rm(root, { recursive: true, force: true });
    },
  };

  const died = exited.then((code) => {
    throw new Error(`Buddy exited with ${code}:\n${buddy.output()}`);
  });
  try {
    await Promise.race([until("Buddy to answer /health", async () => (await fetch(`${url}/health`)).ok, 60_000), died]);
    // Buddy listens before its modules finish loading (their routes answer 503 until then).
    await Promise.race([
      until("Buddy's modules to load", async () => (await buddy.get("/v1/modules")).runtime?.loading === false, 180_000),
      died,
    ]);
  } catch (e) {
    await buddy.stop();
    throw e;
  }
  return buddy;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
