//! `module list`: `GET /v1/modules` as a table (or as the JSON it answers).

use reqwest::Method;

use super::ListArgs;
use super::client::Client;

pub async fn run(args: &ListArgs) -> anyhow::Result<()> {
    let reply = Client::new(&args.api)?.call(Method::GET, "/v1/modules", None).await?;
    if args.json {
        super::print(&format!("{}\n", serde_json::to_string_pretty(&reply)?));
        return Ok(());
    }
    let rows: Vec<[String; 6]> = reply["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let text = |k: &str| m[k].as_str().unwrap_or("-").to_string();
            let where_ = m["prefix"].as_str().map(str::to_string).unwrap_or_else(|| text("world"));
            [
                text("name"),
                text("version"),
                text("status"),
                text("source"),
                where_,
                m["routes"].as_array().map_or(0, Vec::len).to_string(),
            ]
        })
        .collect();
    let header = ["NAME", "VERSION", "STATUS", "SOURCE", "PREFIX/WORLD", "ROUTES"].map(str::to_string);
    let widths: Vec<usize> =
        (0..6).map(|i| rows.iter().chain([&header]).map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in [&header].into_iter().chain(&rows) {
        let cells: Vec<String> = row.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    super::print(&out);
    Ok(())
}
