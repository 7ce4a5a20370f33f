//! Every reply is the envelope, including axum's own rejections.

use buddy_tests::{TestApp, assert_envelope};
use reqwest::Method;

#[tokio::test]
async fn bad_json_unknown_route_wrong_method_and_oversize_body_get_the_envelope() {
    let app = TestApp::start().await;
    let send = |m: Method, path: &str| app.anonymous(m, path).bearer_auth(&app.token);
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            app.anonymous(Method::POST, "/login").header("content-type", "application/json").body("{not json"),
            400,
            "invalid JSON",
        ),
        (app.anonymous(Method::POST, "/login").header("content-type", "application/json").body("{}"), 400, "token"),
        (
            app.anonymous(Method::POST, "/login").header("content-type", "application/json").body(r#"{"token": 5}"#),
            400,
            "token",
        ),
        (app.anonymous(Method::POST, "/login").body(r#"{"token":"x"}"#), 415, "Content-Type"),
        (send(Method::GET, "/v1/no/such/route"), 404, "no route"),
        (send(Method::DELETE, "/v1/system/info"), 405, "not allowed"),
        (send(Method::GET, "/v1/system/events?page=0"), 400, "page"),
        (send(Method::GET, "/v1/system/events?page_size=9999"), 400, "page_size"),
        (send(Method::GET, "/v1/system/events?since=yesterday"), 400, "since"),
        (send(Method::GET, "/v1/system/events?bogus=1"), 400, "bogus"),
        (send(Method::GET, "/v1/openclaw/bots-models?refresh=maybe"), 400, "refresh"),
        (send(Method::POST, "/v1/modules/..%2Fetc/reload"), 400, "name"),
        (send(Method::POST, "/v1/modules/nosuch/reload"), 404, "nosuch"),
        (
            app.anonymous(Method::POST, "/login")
                .header("content-type", "application/json")
                .body(format!(r#"{{"token":"{}"}}"#, "x".repeat(2 * 1024 * 1024))),
            413,
            "too large",
        ),
    ];
    for (i, (req, status, needle)) in cases.into_iter().enumerate() {
        let resp = req.send().await.expect("send");
        let got = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap_or_else(|e| panic!("case {i}: body is not JSON: {e}"));
        assert_eq!(got, status, "case {i}: {body}");
        let message = assert_envelope(status, &body);
        assert!(message.contains(needle), "case {i}: message {message:?} should mention {needle:?}");
    }
    app.stop().await;
}
