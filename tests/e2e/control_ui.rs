//! The Control UI listener (issue 11, gateway content never runs with Buddy's origin): E04's
//! single-use link opens a session of the listener's own on another port; Buddy's token and
//! login cookie open nothing there, its session opens nothing of Buddy's API, a logout ends it,
//! and what reaches the gateway carries the gateway's credential and none of Buddy's cookies.
//! A recording stand-in plays the gateway here; the browser tests open the real Control UI.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, HeaderValue, header};
use buddy_tests::{OpenClawHome, Options, TestApp};
use serde_json::Value;

/// Requests the stand-in gateway saw: (path and query, headers).
type Seen = Arc<Mutex<Vec<(String, HeaderMap)>>>;

/// A "gateway" that records each request and answers a page setting three cookies.
async fn recording_gateway() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri, headers: HeaderMap| {
        let log = log.clone();
        async move {
            log.lock().expect("lock").push((uri.to_string(), headers));
            let mut h = HeaderMap::new();
            for c in ["guardian_token=forged; Path=/", "buddy_control_ui=forged; Path=/", "gateway_pref=dark; Path=/"] {
                h.append(header::SET_COOKIE, HeaderValue::from_static(c));
            }
            (h, "<!doctype html><title>gateway page</title>")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// E04's link for `request`: (the listener's base URL, the link without its fragment, fragment).
async fn link(request: reqwest::RequestBuilder) -> (String, String, String) {
    let body: Value = request.send().await.expect("E04").json().await.expect("json");
    let url = body["data"]["controlUiUrl"].as_str().unwrap_or_else(|| panic!("controlUiUrl in {body}")).to_string();
    let (link, fragment) =
        url.split_once('#').map(|(l, f)| (l.to_string(), format!("#{f}"))).unwrap_or((url, String::new()));
    let base = link.split("/__buddy/").next().expect("base").to_string();
    (base, link, fragment)
}

/// Opens `link`; the `buddy_control_ui=…` pair it sets.
async fn hand_over(link: &str) -> String {
    let resp = client().get(link).send().await.expect("handover");
    assert_eq!(resp.status(), 303, "{link}");
    assert_eq!(resp.headers()[header::LOCATION], "/");
    let cookie = resp.headers()[header::SET_COOKIE].to_str().expect("ascii").to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    cookie.split(';').next().expect("pair").to_string()
}

async fn status(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.expect("send").status().as_u16()
}

#[tokio::test]
async fn the_control_ui_listener_admits_only_its_own_sessions_and_keeps_buddys_cookies_from_the_gateway() {
    let (gateway, seen) = recording_gateway().await;
    let options = Options { configure: Some(Box::new(move |c| c.gateway_url = Some(gateway))), ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let (base, link_url, fragment) =
        link(app.client.get(format!("{}/v1/openclaw/dashboard-url", app.base)).bearer_auth(&app.token)).await;
    assert_ne!(base, app.base, "another port: another origin");
    assert_eq!(fragment, format!("#token={}", app.home.gateway_token), "the gateway token stays in the fragment");

    // Nothing of Buddy's opens the listener: no credential, the token, a login cookie.
    let c = client();
    assert_eq!(status(c.get(format!("{base}/"))).await, 401);
    assert_eq!(status(c.get(format!("{base}/")).bearer_auth(&app.token)).await, 401);
    let login = app.login().await.0;
    assert_eq!(status(c.get(format!("{base}/")).header(header::COOKIE, &login)).await, 401);
    assert_eq!(status(c.get(format!("{base}/__buddy/control-ui?code=forged"))).await, 403);
    assert!(seen.lock().expect("lock").is_empty(), "nothing reached the gateway");

    // The link works once; its session reaches the gateway, with the gateway's credential only.
    let session = hand_over(&link_url).await;
    assert_eq!(status(c.get(&link_url)).await, 403, "a link works once");
    let resp = c
        .get(format!("{base}/chat/main?x=1"))
        .header(header::COOKIE, format!("{session}; {login}; gateway_pref=light"))
        .send()
        .await
        .expect("through");
    assert_eq!(resp.status(), 200);
    let set: Vec<&str> = resp.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    assert_eq!(set, ["gateway_pref=dark; Path=/"], "the gateway cannot set Buddy's cookies");
    assert_eq!(resp.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(resp.text().await.expect("body"), "<!doctype html><title>gateway page</title>");
    let (path, headers) = seen.lock().expect("lock").pop().expect("one request");
    assert_eq!(path, "/chat/main?x=1");
    assert_eq!(headers[header::AUTHORIZATION], format!("Bearer {}", app.home.gateway_token).as_str());
    assert!(headers.get(header::COOKIE).is_none(), "no cookie crosses: {headers:?}");

    // The listener's session opens nothing of Buddy's API.
    assert_eq!(
        status(c.get(format!("{}/v1/openclaw/dashboard-url", app.base)).header(header::COOKIE, &session)).await,
        401
    );
    app.stop().await;
}

#[tokio::test]
async fn a_logout_ends_the_control_ui_session_it_opened() {
    let (gateway, _seen) = recording_gateway().await;
    let options = Options { configure: Some(Box::new(move |c| c.gateway_url = Some(gateway))), ..Default::default() };
    let app = TestApp::start_with(OpenClawHome::new(), options).await;
    let login = app.login().await.0;
    let origin = app.base.clone();
    let (base, link_url, _) =
        link(client().get(format!("{}/v1/openclaw/dashboard-url", app.base)).header(header::COOKIE, &login)).await;
    let session = hand_over(&link_url).await;
    let c = client();
    assert_eq!(status(c.get(format!("{base}/")).header(header::COOKIE, &session)).await, 200);

    let resp = c
        .post(format!("{}/logout", app.base))
        .header(header::COOKIE, &login)
        .header(header::ORIGIN, origin)
        .send()
        .await
        .expect("logout");
    assert_eq!(resp.status(), 200);
    assert_eq!(status(c.get(format!("{base}/")).header(header::COOKIE, &session)).await, 401, "gone with the login");

    // A link minted for a login that has ended opens nothing either.
    let login = app.login().await.0;
    let (_, link_url, _) =
        link(client().get(format!("{}/v1/openclaw/dashboard-url", app.base)).header(header::COOKIE, &login)).await;
    let resp = c
        .post(format!("{}/logout", app.base))
        .header(header::COOKIE, &login)
        .header(header::ORIGIN, app.base.as_str())
        .send()
        .await
        .expect("logout");
    assert_eq!(resp.status(), 200);
    assert_eq!(status(c.get(&link_url)).await, 403);
    app.stop().await;
}
