//! Channel routes served by any loaded channel module — `/v1/channels`, its status, install and
//! login (JSON or SSE) — and the WeChat paths E45–E47, which are the same routes for the
//! channel `openclaw-weixin`.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::envelope::{ApiResult, accepted, ok};
use super::extract::Path;
use super::middleware::audit::AuditTarget;
use super::tasks::TaskStarted;
use crate::app_state::AppState;
use crate::error::ApiError;
use crate::state::channel_logins::Snapshot;
use buddy_runtime::types::CapError;

/// The WeChat channel's id in OpenClaw.
pub const WECHAT: &str = "openclaw-weixin";
/// How long a JSON login request waits for the first QR code.
const FIRST_QR_WAIT: Duration = Duration::from_secs(30);

fn cap_error(channel: &str, e: CapError) -> ApiError {
    match e {
        CapError::Denied(m) => ApiError::Forbidden(m),
        CapError::Invalid(m) => ApiError::Unprocessable(m),
        CapError::NotFound(m) => ApiError::NotFound(m),
        CapError::Timeout(m) => ApiError::UpstreamTimeout(format!("channel {channel:?}: {m}")),
        CapError::Failed(m) => ApiError::Upstream(format!("channel {channel:?}: {m}")),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(channel: &str, text: String) -> Result<T, ApiError> {
    serde_json::from_str(&text)
        .map_err(|e| ApiError::Internal(format!("channel {channel:?} returned invalid JSON: {e}")))
}

/// A channel's status as its module reports it (the channel world's `config-status`, never a
/// secret). The fields every channel answers are typed; a module's own (`appId`, `lastSyncAt`
/// for WeChat…) pass through beside them.
#[derive(Debug, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelStatus {
    /// Whether openclaw.json has a section for the channel.
    #[serde(default)]
    pub configured: bool,
    /// The section's `enabled`, when it says.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The channel's plugin, as OpenClaw's plugin list reports it.
    #[serde(default)]
    pub plugin: Option<ChannelPlugin>,
    /// The configured accounts, secrets masked.
    #[serde(default)]
    pub accounts: Vec<Map<String, Value>>,
    #[serde(flatten)]
    pub more: Map<String, Value>,
}

/// A channel's plugin.
#[derive(Debug, Serialize, serde::Deserialize, JsonSchema)]
pub struct ChannelPlugin {
    /// Whether OpenClaw knows the plugin (bundled plugins always are).
    #[serde(default)]
    pub installed: bool,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(flatten)]
    pub more: Map<String, Value>,
}

/// One channel in `GET /v1/channels`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelEntry {
    id: String,
    display_name: String,
    plugin_id: String,
    plugin_package: String,
    qr_login: bool,
    /// The module serving the channel.
    module: String,
    /// The module's status; null when it could not be read (`error` says why).
    status: Option<ChannelStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// The login running now, if any.
    login: Option<Snapshot>,
}

/// The reply to a cancelled login.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LoginCancelled {
    channel: String,
    cancelled: bool,
}

async fn status_of(app: &AppState, channel: &str) -> Result<ChannelStatus, ApiError> {
    let (module, _) = app.modules.channel(channel).await?;
    let text = app.modules.config_status(&module).await?.map_err(|e| cap_error(channel, e))?;
    parse_json(channel, text)
}

/// `GET /v1/channels`.
pub async fn get_channels(State(app): State<AppState>) -> ApiResult<Vec<ChannelEntry>> {
    let mut out = Vec::new();
    for (module, info) in app.modules.channels().await {
        let (status, error) = match status_of(&app, &info.id).await {
            Ok(status) => (Some(status), None),
            Err(e) => (None, Some(e.to_string())),
        };
        out.push(ChannelEntry {
            login: app.logins.active(&info.id).map(|s| s.state.borrow().clone()),
            id: info.id,
            display_name: info.display_name,
            plugin_id: info.plugin_id,
            plugin_package: info.plugin_package,
            qr_login: info.qr_login,
            module: module.name().to_string(),
            status,
            error,
        });
    }
    Ok(ok(out))
}

fn check_id(id: &str) -> Result<(), ApiError> {
    super::validate::id("id", id)
}

/// `GET /v1/channels/{id}/status`.
pub async fn get_channel_status(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<ChannelStatus> {
    check_id(&id)?;
    Ok(ok(status_of(&app, &id).await?))
}

/// `GET /v1/wechat/config/status` (E46).
pub async fn get_wechat_status(State(app): State<AppState>) -> ApiResult<ChannelStatus> {
    Ok(ok(status_of(&app, WECHAT).await?))
}

async fn install(app: AppState, id: String) -> Result<Response, ApiError> {
    let (module, _) = app.modules.channel(&id).await?;
    let worker = app.clone();
    let channel = id.clone();
    let task = app
        .tasks
        .spawn(crate::tasks::Lane::Channels, "channel-install", &id, move |task| async move {
            task.progress(format!("installing the plugin of channel {channel}")).await;
            let result = worker
                .modules
                .install(&module)
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| cap_error(&channel, e).to_string())?;
            worker.openclaw.cli_cache.invalidate(&["plugins"]);
            serde_json::from_str(&result).map_err(|e| format!("invalid JSON from the channel module: {e}"))
        })
        .await?;
    let mut response = accepted(TaskStarted { task_id: task }).into_response();
    response.extensions_mut().insert(AuditTarget(format!("channel:{id}")));
    Ok(response)
}

/// `POST /v1/channels/{id}/install`.
pub async fn post_channel_install(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    check_id(&id)?;
    install(app, id).await
}

/// `POST /v1/wechat/install` (E47).
pub async fn post_wechat_install(State(app): State<AppState>) -> Result<Response, ApiError> {
    install(app, WECHAT.into()).await
}

fn wants_sse(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/event-stream"))
}

async fn login(app: AppState, id: String, headers: HeaderMap) -> Result<Response, ApiError> {
    // A channel that does not log in by QR code says how it does, through `login-command`.
    let (module, _) = app.modules.channel(&id).await?;
    let session = crate::channels::login::start(&app, module, &id).await?;
    let mut rx = session.state.clone();
    if wants_sse(&headers) {
        // The current state at once (a QR code waiting to be scanned must reach the client
        // now), then one `status` event per change, until the login ends.
        let stream = futures_util::stream::unfold((rx, true, false), |(mut rx, first, ended)| async move {
            if ended || (!first && rx.changed().await.is_err()) {
                return None;
            }
            let snap: Snapshot = rx.borrow_and_update().clone();
            let event =
                Event::default().event("status").json_data(&snap).unwrap_or_else(|_| Event::default().data("{}"));
            Some((Ok::<_, Infallible>(event), (rx, false, snap.done)))
        });
        return Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response());
    }
    // JSON: wait (briefly) for the QR code or an outcome; the process lives on either way.
    let _ = tokio::time::timeout(FIRST_QR_WAIT, async {
        while rx.borrow().status == "pending" && rx.changed().await.is_ok() {}
    })
    .await;
    let snap = rx.borrow().clone();
    Ok(ok(snap).into_response())
}

/// `GET /v1/channels/{id}/login` (JSON, or SSE with `Accept: text/event-stream`).
pub async fn get_channel_login(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_id(&id)?;
    login(app, id, headers).await
}

/// `GET /v1/wechat/qrcode` (E45).
pub async fn get_wechat_qrcode(State(app): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    login(app, WECHAT.into(), headers).await
}

/// `DELETE /v1/channels/{id}/login`: cancels a running login.
pub async fn delete_channel_login(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<LoginCancelled> {
    check_id(&id)?;
    if !app.logins.cancel(&id) {
        return Err(ApiError::NotFound(format!("no login of channel {id:?} is running")));
    }
    Ok(ok(LoginCancelled { channel: id, cancelled: true }))
}
