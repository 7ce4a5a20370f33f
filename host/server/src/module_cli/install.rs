//! `module install`: uploads a module through `POST /v1/modules` (Buddy checks and compiles it
//! before writing anything) and, with `--approve`, approves exactly the digest it answered — so
//! what starts is what was uploaded, even if the folder changes meanwhile.

use base64::Engine as _;
use reqwest::Method;
use serde_json::json;

use super::client::Client;
use super::{InstallArgs, files};

pub async fn run(args: &InstallArgs) -> anyhow::Result<()> {
    let module = files::read(&args.paths)?;
    let client = Client::new(&args.api)?;
    let body = json!({
        "manifest": module.manifest,
        "wasm": base64::engine::general_purpose::STANDARD.encode(&module.wasm),
        "replace": args.replace,
    });
    let installed = client.call(Method::POST, "/v1/modules", Some(&body)).await?;
    let mut report = installed["data"].clone();
    let name = report["name"].as_str().unwrap_or_default().to_string();
    if args.approve && report["status"] == "pending" {
        let approval = json!({ "digest": report["digest"] });
        report =
            client.call(Method::POST, &format!("/v1/modules/{name}/approve"), Some(&approval)).await?["data"].clone();
    }
    let mut out = format!("module {name}: {}", report["status"].as_str().unwrap_or("unknown"));
    if let Some(digest) = report["digest"].as_str() {
        out.push_str(&format!(" ({digest})"));
    }
    out.push('\n');
    for r in report["routes"].as_array().into_iter().flatten() {
        out.push_str(&format!("route {} {}\n", r["method"].as_str().unwrap_or(""), r["path"].as_str().unwrap_or("")));
    }
    if report["status"] == "pending" {
        out.push_str(&format!(
            "waiting for an operator's approval: review GET /v1/modules, then POST /v1/modules/{name}/approve (or install again with --approve)\n"
        ));
    }
    if let Some(error) = report["error"].as_str() {
        out.push_str(&format!("error: {error}\n"));
    }
    super::print(&out);
    if report["status"] == "failed" {
        anyhow::bail!("module {name} failed to load");
    }
    Ok(())
}
