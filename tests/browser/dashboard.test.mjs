// The dashboard in a real browser against a real Buddy and a real OpenClaw gateway.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openBrowser, screenshot } from "./support/browser.mjs";
import { PENDING_MODULE, PROVIDER_KEY, startBuddy, until } from "./support/buddy.mjs";
import { startFakeProvider } from "./support/fake-provider.mjs";

let provider;
let buddy;
let browser;
let page;
const pageErrors = [];

/** A test that leaves `artifacts/<name>.png` behind when it fails (always, with SCREENSHOTS=all). */
function check(name, timeout, body) {
  it(name, { timeout }, async (t) => {
    try {
      await body();
    } catch (e) {
      const path = await screenshot(page, name).catch(() => undefined);
      if (path) t.diagnostic(`screenshot: ${path}`);
      throw e;
    }
    if (process.env.SCREENSHOTS === "all") await screenshot(page, name);
  });
}

async function open(navLabel) {
  await page.getByRole("navigation").getByRole("link", { name: navLabel, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: navLabel, exact: true }).waitFor();
}

/** Waits until a page has nothing left loading, then returns the errors it shows. */
async function settledErrors() {
  await until("the page to finish loading", async () => (await page.getByText("Loading…").count()) === 0, 60_000);
  return page.locator(".alert-error").allInnerTexts();
}

describe("dashboard", () => {
  before(
    async () => {
      provider = await startFakeProvider();
      buddy = await startBuddy({ providerUrl: provider.baseUrl });
      browser = await openBrowser();
      page = browser.page;
      page.setDefaultTimeout(30_000);
      page.on("pageerror", (e) => pageErrors.push(e.message));
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      await browser?.close();
      await buddy?.stop();
      await provider?.close();
    },
    { timeout: 120_000 },
  );

  check("logs in with the token", 60_000, async () => {
    await page.goto(`${buddy.url}/`);
    const token = page.getByLabel("Token");
    await token.fill("not-the-token-at-all");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").filter({ hasText: "401" }).waitFor();

    await token.fill(buddy.token);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
  });

  check("shows the gateway status and health history on the overview", 60_000, async () => {
    const reply = await buddy.get("/v1/openclaw/status");
    assert.equal(reply.code, 200, JSON.stringify(reply));
    await page.locator(`[data-testid=gateway-status][data-status=${reply.data.status}]`).waitFor();
    // Buddy samples every 2 s here, so the chart appears after the first samples.
    await until(
      "the health chart",
      async () => {
        await page.getByRole("button", { name: "24 h" }).click();
        return page.getByRole("img", { name: "Health history" }).isVisible();
      },
      30_000,
      2000,
    );
  });

  check("switches between English and Chinese", 30_000, async () => {
    await page.getByRole("combobox", { name: "Language" }).selectOption("zh");
    await page.getByRole("heading", { level: 1, name: "概览" }).waitFor();
    await page.getByRole("combobox", { name: "语言" }).selectOption("en");
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  });

  check("creates a bot from an expert template", 240_000, async () => {
    await open("Bots");
    await page.getByTestId("bot-row-main").waitFor();
    await page.getByTestId("template-code-reviewer").click();
    const id = `reviewer-${Date.now().toString(36)}`;
    await page.getByLabel("New bot ID").fill(id);
    await page.getByRole("button", { name: "Create bot" }).click();
    // OpenClaw's `agents add` takes about 20 s.
    await page
      .getByRole("status")
      .filter({ hasText: `Bot ${id} created.` })
      .waitFor({ timeout: 200_000 });
    const row = page.getByTestId(`bot-row-${id}`);
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(id));

    // Its editor loads the SOUL.md the template wrote.
    await row.getByRole("button", { name: "Edit" }).click();
    const soul = page.getByTestId("bot-editor").getByRole("textbox", { name: "SOUL.md" });
    await until("SOUL.md to load", async () => (await soul.inputValue()).trim().length > 0, 30_000);
  });

  check("shows providers with masked keys and measures the time to first token", 60_000, async () => {
    await open("Models & providers");
    const card = page.getByTestId("provider-fakeai");
    await card.waitFor();
    const text = await card.innerText();
    assert.ok(!text.includes(PROVIDER_KEY), "the API key is shown in full");
    assert.match(text, /sk-…/);

    await card.getByRole("button", { name: "Test", exact: true }).click();
    const result = card.getByTestId("probe-result");
    await result.waitFor();
    assert.match(await result.innerText(), /^ok\b.*First token \d+ ms/s);
  });

  check("follows a log line into the live logs", 90_000, async () => {
    await open("Live logs");
    await page.locator("[data-testid=log-connection][data-state=open]").waitFor();
    const line = `buddy-browser-test ${randomUUID()}`;
    await appendFile(buddy.logFile, `${line}\n`);
    await page.locator(".xterm-rows").filter({ hasText: line }).waitFor({ timeout: 30_000 });
  });

  check("restarts the gateway from the overview and follows the task to the end", 300_000, async () => {
    await open("Overview");
    const restart = page.getByRole("button", { name: "Restart", exact: true });
    await until("the Restart button", () => restart.isEnabled(), 30_000);
    await restart.click();
    const task = page.getByTestId("task");
    await task.waitFor();
    // The real gateway needs 20–30 s to answer /readyz again.
    const state = await until(
      "the restart task to finish",
      async () => {
        const s = await task.getAttribute("data-state");
        return ["succeeded", "failed", "interrupted"].includes(s) && s;
      },
      240_000,
      500,
    );
    assert.equal(state, "succeeded", await task.innerText());
    await page.locator("[data-testid=gateway-status][data-status=Running]").waitFor({ timeout: 30_000 });
  });

  check("opens the Control UI through Buddy on an origin of its own, where gateway pages cannot read Buddy's API", 120_000, async () => {
    // A canvas document, as an agent may write one, that tries to read Buddy's API with the
    // operator's cookie: at Buddy's origin, and at its own (which the listener sends to the gateway).
    const probe = `cv_buddy_probe_${randomUUID().slice(0, 8)}`;
    await mkdir(join(buddy.state, "canvas", "documents", probe), { recursive: true });
    await writeFile(
      join(buddy.state, "canvas", "documents", probe, "index.html"),
      `<!doctype html><title>probing</title><script>
      (async () => {
        const out = {};
        for (const [name, url] of [["buddy", ${JSON.stringify(`${buddy.url}/v1/openclaw/dashboard-url`)}], ["own", "/v1/openclaw/dashboard-url"]]) {
          try {
            const r = await fetch(url, { credentials: "include" });
            const text = await r.text();
            out[name] = text.includes("tokenIncluded") ? "read Buddy's API" : "answered without Buddy's data: " + r.status;
          } catch (e) {
            out[name] = "blocked";
          }
        }
        document.title = "probe " + JSON.stringify(out);
      })();
      </script>`,
    );

    await open("Overview");
    const frames = [];
    const opened = page.context().waitForEvent("page");
    page.context().once("page", (ui) => ui.on("websocket", (ws) => ws.on("framereceived", (f) => frames.push(String(f.payload)))));
    await page.getByRole("button", { name: "Open Control UI" }).click();
    const ui = await opened;
    try {
      await until("the Control UI's hello from the gateway", () => frames.some((f) => f.includes('"hello-ok"')), 60_000, 250);
      const origin = new URL(ui.url()).origin;
      assert.notEqual(origin, new URL(buddy.url).origin, "the Control UI runs on an origin of its own");
      assert.match(await ui.title(), /OpenClaw/);

      // Its session opens nothing of Buddy's API, and Buddy's login opens nothing there.
      const session = (await page.context().cookies(origin)).find((c) => c.name === "buddy_control_ui");
      assert.ok(session?.httpOnly, "the Control UI session is an HttpOnly cookie");
      const withSession = await fetch(`${buddy.url}/v1/openclaw/dashboard-url`, { headers: { cookie: `buddy_control_ui=${session.value}` } });
      assert.equal(withSession.status, 401);
      const login = (await page.context().cookies(buddy.url)).find((c) => c.name === "guardian_token");
      const withLogin = await fetch(`${origin}/`, { headers: { cookie: `guardian_token=${login.value}` } });
      assert.equal(withLogin.status, 401);

      await ui.goto(`${origin}/__openclaw__/canvas/documents/${probe}/index.html`);
      const title = await until("the canvas probe's verdict", async () => {
        const t = await ui.title();
        return t.startsWith("probe ") && t;
      }, 30_000);
      const verdict = JSON.parse(title.slice("probe ".length));
      assert.equal(verdict.buddy, "blocked", title);
      assert.match(verdict.own, /^answered without Buddy's data/, title);
    } finally {
      await ui.close();
    }
  });

  check("shows a pending module with its digest and grants, and approves it", 60_000, async () => {
    const before = await buddy.getWithStatus("/v1/hello/greet?name=Ada");
    assert.equal(before.status, 503, JSON.stringify(before.body));
    const listed = (await buddy.get("/v1/modules")).data.find((m) => m.name === PENDING_MODULE);
    assert.equal(listed.status, "pending", JSON.stringify(listed));

    await open("Modules");
    const pending = page.getByTestId(`pending-${PENDING_MODULE}`);
    await pending.waitFor();
    const text = await pending.innerText();
    assert.ok(text.includes(listed.digest), `the digest is shown: ${text}`);
    assert.match(text, /"kv": true/, "the requested grants are shown");

    await page.getByTestId(`approve-${PENDING_MODULE}`).click();
    await page.getByRole("status").filter({ hasText: `Module ${PENDING_MODULE} approved.` }).waitFor();
    await pending.waitFor({ state: "detached" });
    const after = await buddy.getWithStatus("/v1/hello/greet?name=Ada");
    assert.equal(after.status, 200, JSON.stringify(after.body));
    assert.equal(after.body.data.greeting, "Hello, Ada!");
    const approved = (await buddy.get("/v1/modules")).data.find((m) => m.name === PENDING_MODULE);
    assert.equal(approved.trust.kind, "approved", JSON.stringify(approved));
    assert.equal(approved.digest, listed.digest, "the approved module is the one reviewed");
  });

  check("opens every page without an error", 180_000, async () => {
    for (const label of ["Skills & plugins", "Modules", "Self-healing", "Audit log", "Bots"]) {
      await open(label);
      assert.deepEqual(await settledErrors(), [], `errors on ${label}`);
    }
    assert.deepEqual(pageErrors, [], "uncaught errors in the page");
  });

  check("logs out, and the session it ends opens nothing any more", 60_000, async () => {
    const login = (await page.context().cookies(buddy.url)).find((c) => c.name === "guardian_token");
    assert.ok(login, "logged in with a session cookie");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("button", { name: "Log in" }).waitFor();
    const after = await fetch(`${buddy.url}/v1/openclaw/status`, { headers: { cookie: `guardian_token=${login.value}` } });
    assert.equal(after.status, 401, "the session was revoked, not only forgotten by the browser");
  });
});
