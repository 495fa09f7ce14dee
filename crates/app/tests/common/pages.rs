//! The pages as a browser without JavaScript reads them: signing in through the form, a page
//! with the session's cookie, a page's text and a form's fields.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};

/// Signs in through the form; the session cookie.
pub async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    username: &str,
    password: &str,
) -> String {
    let resp = client
        .post(format!("{base}/login"))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::SEE_OTHER,
        "signing in as {username}"
    );
    resp.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with("plantrack_session="))
        .unwrap()
        .to_owned()
}

pub async fn page(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    path: &str,
) -> (StatusCode, String) {
    let resp = client
        .get(format!("{base}{path}"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    (resp.status(), resp.text().await.unwrap())
}

/// The text of a page's main part, tags removed and spaces folded.
pub fn text(html: &str) -> String {
    let main = &html[html.find("<main").unwrap_or(0)..];
    let mut out = String::new();
    let mut in_tag = false;
    for ch in main.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first value of `name="…" value="…"` after `from` in the page.
pub fn field(html: &str, from: &str, name: &str) -> String {
    let at = html
        .find(from)
        .unwrap_or_else(|| panic!("{from} not in the page"));
    let rest = &html[at..];
    let marker = format!("name=\"{name}\" value=\"");
    let start = rest.find(&marker).unwrap() + marker.len();
    rest[start..start + rest[start..].find('"').unwrap()].to_owned()
}

/// The app with the Lai Châu demo loaded and its clock on `day`, the demo accounts' password,
/// and a client that does not follow redirects (a form's answer is read as sent).
pub async fn demo_app_on(day: &str) -> (super::TestApp, super::Hand, String, reqwest::Client) {
    let (app, hand) = super::spawn_app_on(day).await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .expect("load the demo");
    let password = plantrack::demo::create_demo_accounts(&app.planning)
        .await
        .expect("create the demo accounts")
        .password;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    (app, hand, password, client)
}
