//! The daily digest as the operator sends it (issue 13, item 6): `plantrack digest send`
//! against the demo's database, through a real SMTP server on 127.0.0.1 (the test's sink,
//! `common/smtp.rs`), read back as it received the messages: one per organisation with
//! something to act on, to its contact address, in its language, dates dd/mm/yyyy; the same
//! day again sends nothing; a mail server that cannot be reached fails the command, says so,
//! and leaves the day to be sent later.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::collections::BTreeMap;
use std::process::{Command, Output};

use base64::Engine;
use plantrack_store::testing::TestDb;
use serde_json::Value;
use smtp::{Received, SmtpSink};

/// Runs plantrack on the test database, with mail through 127.0.0.1:`port` when given (and
/// no mail settings from the environment the tests run in).
async fn run(db: &TestDb, smtp_port: Option<u16>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plantrack"));
    cmd.args(["--db", &db.url]).args(args);
    for var in [
        "PLANTRACK_SMTP_HOST",
        "PLANTRACK_SMTP_PORT",
        "PLANTRACK_SMTP_TLS",
        "PLANTRACK_SMTP_USER",
        "PLANTRACK_SMTP_PASSWORD",
        "PLANTRACK_MAIL_FROM",
        "PLANTRACK_LANG",
    ] {
        cmd.env_remove(var);
    }
    if let Some(port) = smtp_port {
        cmd.env("PLANTRACK_SMTP_HOST", "127.0.0.1")
            .env("PLANTRACK_SMTP_PORT", port.to_string())
            .env("PLANTRACK_SMTP_TLS", "none")
            .env(
                "PLANTRACK_MAIL_FROM",
                "plantrack <plantrack@laichau.example>",
            );
    }
    // The sink answers on this runtime; the command waits on a thread of its own.
    tokio::task::spawn_blocking(move || cmd.output().expect("run plantrack"))
        .await
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "plantrack failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// A header's value, unfolded and its RFC 2047 encoded words decoded.
fn header(data: &str, name: &str) -> String {
    let head = data.split("\n\n").next().unwrap();
    let mut value = None::<String>;
    for line in head.lines() {
        if let Some(v) = &mut value {
            if line.starts_with([' ', '\t']) {
                v.push_str(line);
                continue;
            }
            break;
        }
        if let Some((n, v)) = line.split_once(':')
            && n.eq_ignore_ascii_case(name)
        {
            value = Some(v.to_owned());
        }
    }
    let value = value.unwrap_or_else(|| panic!("no {name} header in {data}"));
    let mut out = String::new();
    for word in value.split_whitespace() {
        let decoded = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                let (_charset, enc, text) = (parts.next()?, parts.next()?, parts.next()?);
                match enc {
                    "b" | "B" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .ok()
                        .map(|b| String::from_utf8(b).unwrap()),
                    _ => None,
                }
            });
        // Adjacent encoded words join without the space between them.
        if let Some(d) = decoded {
            out.push_str(&d);
        } else {
            out.push(' ');
            out.push_str(word);
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain-text body (base64, as plantrack sends it).
fn body(data: &str) -> String {
    assert!(
        header(data, "Content-Transfer-Encoding").eq_ignore_ascii_case("base64"),
        "{data}"
    );
    let (_, encoded) = data.split_once("\n\n").unwrap();
    let joined: String = encoded.split_whitespace().collect();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap(),
    )
    .unwrap()
}

/// The received messages by recipient.
fn by_recipient(messages: &[Received]) -> BTreeMap<String, &Received> {
    let mut map = BTreeMap::new();
    for m in messages {
        assert_eq!(m.to.len(), 1, "one recipient per digest: {:?}", m.to);
        assert_eq!(m.from, "plantrack@laichau.example");
        assert!(
            map.insert(m.to[0].clone(), m).is_none(),
            "{} twice",
            m.to[0]
        );
    }
    map
}

fn statuses(report: &Value) -> BTreeMap<String, String> {
    report["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["organisation"].as_str().unwrap().to_owned(),
                o["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_organisation_gets_its_digest_once_a_day_in_its_language() {
    let db = TestDb::new().await;
    assert!(run(&db, None, &["migrate"]).await.status.success());
    assert!(run(&db, None, &["demo"]).await.status.success());

    // The demo's contacts; one commune switched to English from the command line, and a
    // bad address refused without changing anything.
    let listed = json(&run(&db, None, &["org", "list", "--format", "json"]).await);
    let orgs = listed["organisations"].as_array().unwrap();
    let bum_nua = orgs
        .iter()
        .find(|o| o["name"] == "UBND xã Bum Nưa")
        .unwrap();
    assert_eq!(bum_nua["contact_email"], "ubnd-03466@xa.laichau.example");
    assert_eq!(bum_nua["contact_language"], "vi");
    let set = json(
        &run(
            &db,
            None,
            &[
                "org",
                "contact",
                "UBND xã Bum Nưa",
                "--email",
                "VanPhong@BumNua.Example",
                "--language",
                "en",
                "--format",
                "json",
            ],
        )
        .await,
    );
    assert_eq!(set["contact_email"], "VanPhong@bumnua.example");
    assert_eq!(set["contact_language"], "en");
    let bad = run(
        &db,
        None,
        &[
            "org",
            "contact",
            "UBND xã Bum Nưa",
            "--email",
            "not an address",
        ],
    )
    .await;
    assert!(!bad.status.success());
    assert!(!String::from_utf8_lossy(&bad.stderr).trim().is_empty());
    let listed = json(&run(&db, None, &["org", "list", "--format", "json"]).await);
    let bum_nua = listed["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "UBND xã Bum Nưa")
        .unwrap()
        .clone();
    assert_eq!(bum_nua["contact_email"], "VanPhong@bumnua.example");

    // Without a mail server only a dry run is possible.
    let off = run(&db, None, &["digest", "send", "--on", "2025-11-29"]).await;
    assert!(!off.status.success());

    let sink = SmtpSink::start().await;
    let day = [
        "digest",
        "send",
        "--on",
        "2025-11-29",
        "--province",
        "12",
        "--format",
        "json",
    ];
    let report = json(&run(&db, Some(sink.port), &day).await);
    assert_eq!(report["day"], "2025-11-29");
    let status = statuses(&report);
    let sent: Vec<&String> = status
        .iter()
        .filter(|(_, s)| *s == "sent")
        .map(|(o, _)| o)
        .collect();
    // On 29/11/2025: the five communes late with their task dossiers, the three consultants
    // whose task is due at the end of the month, and yesterday's three replies.
    assert_eq!(sent.len(), 11, "{status:?}");
    assert!(status.values().all(|s| s == "sent" || s == "skipped"));
    assert_eq!(status["Người dân (demo)"], "skipped");
    assert_eq!(status["UBND tỉnh Lai Châu"], "skipped");
    let bum_to = report["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["organisation"] == "UBND xã Bum Tở")
        .unwrap();
    assert_eq!(bum_to["address"], "ubnd-03433@xa.laichau.example");
    assert_eq!(bum_to["counts"]["overdue"], 1);

    let messages = sink.messages();
    assert_eq!(messages.len(), 11);
    let mail = by_recipient(&messages);

    // A Vietnamese commune, late.
    let vi = mail["ubnd-03433@xa.laichau.example"];
    let subject = header(&vi.data, "Subject");
    assert!(subject.contains("29/11/2025"), "{subject}");
    assert!(subject.contains("1 quá hạn"), "{subject}");
    let text = body(&vi.data);
    assert!(text.contains("Kính gửi UBND xã Bum Tở"), "{text}");
    assert!(text.contains("Việc quá hạn (1)"), "{text}");
    assert!(
        text.contains("Hoàn thiện hồ sơ nhiệm vụ quy hoạch chung xã — hạn 28/11/2025"),
        "{text}"
    );
    // Not yet due: the plan by Q1 2026 is beyond the next 7 days.
    assert!(!text.contains("31/03/2026"), "{text}");

    // The commune switched to English.
    let en = mail["VanPhong@bumnua.example"];
    let subject = header(&en.data, "Subject");
    assert_eq!(
        subject, "[plantrack] Your organisation's work on 29/11/2025: 1 overdue, 0 due soon",
        "{subject}"
    );
    let text = body(&en.data);
    assert!(text.contains("Dear UBND xã Bum Nưa"), "{text}");
    // Saturday 29/11: past Friday's due date, but no working day late yet.
    assert!(text.contains("— due 28/11/2025, past due"), "{text}");

    // The demo's English-reading consultant: its task due at the end of the month.
    let text = body(&mail["projects@taybac-planning.example"].data);
    assert!(text.contains("Due in the next 7 days (1)"), "{text}");
    assert!(
        text.contains("Tăng cường nhân lực, bảo đảm năng lực chuyên môn cho các đồ án đang thực hiện — due 30/11/2025"),
        "{text}"
    );
    // The Indonesian-reading one.
    let text = body(&mail["kantor@songda-konsultan.example"].data);
    assert!(text.contains("tenggat 30/11/2025"), "{text}");

    // A reply of the day before: Pa Ủ reported its dossier done on 28/11.
    let text = body(&mail["ubnd-03442@xa.laichau.example"].data);
    assert!(text.contains("Phản hồi mới từ hôm qua (1)"), "{text}");
    assert!(text.contains("hoàn thành ngày 28/11/2025"), "{text}");

    // The status call of 18/11 prepared the meeting of 25/11: unanswered, it no longer
    // asks anything of the communes after it.
    assert!(!text.contains("Báo cáo tình hình"), "{text}");

    // 06/12/2025: the Department of Agriculture and Environment has four of the five
    // requests of 26/11 due within the week, and the Department of Construction, which
    // asked them, hears that Sìn Hồ's was answered the day before.
    let dec6 = [
        "digest",
        "send",
        "--on",
        "2025-12-06",
        "--province",
        "12",
        "--dry-run",
        "--format",
        "json",
    ];
    let planned = json(&run(&db, None, &dec6).await);
    let of = |name: &str| {
        planned["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["organisation"] == name)
            .unwrap_or_else(|| panic!("{name} in {planned}"))
            .clone()
    };
    let department = of("Sở Nông nghiệp và Môi trường tỉnh Lai Châu");
    assert_eq!(department["counts"]["due_soon"], 4, "{department}");
    let asker = of("Sở Xây dựng tỉnh Lai Châu");
    assert_eq!(asker["counts"]["replies"], 1, "{asker}");

    // The same day again: nothing more is sent.
    let again = json(&run(&db, Some(sink.port), &day).await);
    assert!(statuses(&again).values().all(|s| s == "skipped"));
    let already = again["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["outcome"]["outcome"] == "already_sent")
        .count();
    assert_eq!(already, 11);
    assert_eq!(sink.messages().len(), 11);

    // The mail server down: a port nobody listens on any more.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let next_day = ["digest", "send", "--on", "2025-12-01", "--format", "json"];
    let down = run(&db, Some(closed), &next_day).await;
    assert!(
        !down.status.success(),
        "a failed send must fail the command"
    );
    let stderr = String::from_utf8_lossy(&down.stderr);
    assert!(
        stderr.contains(&format!("127.0.0.1:{closed}")) && stderr.contains("không gửi được"),
        "{stderr}"
    );
    let failed: Value = serde_json::from_slice(&down.stdout).unwrap();
    assert!(statuses(&failed).values().any(|s| s == "failed"));
    assert!(
        statuses(&failed)
            .values()
            .all(|s| s == "failed" || s == "skipped")
    );

    // Once it is back, that day's digests go out: the failed ones were not marked sent.
    let retried = json(&run(&db, Some(sink.port), &next_day).await);
    let sent = statuses(&retried).values().filter(|s| *s == "sent").count();
    assert!(sent > 0);
    assert_eq!(sink.messages().len(), 11 + sent);
}

/// A `plantrack serve` process sending digests through 127.0.0.1:`smtp_port` from the start
/// (`--digest-at 00:00` is always past), stopped when dropped.
struct Server(std::process::Child);

impl Server {
    async fn start(db: &TestDb, documents: &std::path::Path, smtp_port: u16) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plantrack"));
        cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .args(["--db", &db.url, "--digest-at", "00:00"])
            .arg("--documents")
            .arg(documents)
            .env("PLANTRACK_LOG", "warn")
            .env("PLANTRACK_SMTP_HOST", "127.0.0.1")
            .env("PLANTRACK_SMTP_PORT", smtp_port.to_string())
            .env("PLANTRACK_SMTP_TLS", "none")
            .env(
                "PLANTRACK_MAIL_FROM",
                "plantrack <plantrack@laichau.example>",
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut server = Server(cmd.spawn().expect("start plantrack serve"));
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(r) = client
                .get(format!("http://127.0.0.1:{port}/healthz"))
                .send()
                .await
                && r.status().is_success()
            {
                return server;
            }
            if let Some(status) = server.0.try_wait().unwrap() {
                panic!("plantrack serve stopped: {status}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("plantrack serve did not answer within 30 s");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until the sink has received `n` messages (or 60 s have passed), then a little more
/// to see that no others follow.
async fn received(sink: &SmtpSink, n: usize) -> usize {
    for _ in 0..600 {
        if sink.messages().len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    sink.messages().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_the_days_digests_once_however_often_it_restarts() {
    let db = TestDb::new().await;
    assert!(run(&db, None, &["migrate"]).await.status.success());
    assert!(run(&db, None, &["demo"]).await.status.success());
    let documents = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start().await;

    // What today's run is to send, from a dry run (the demo's tasks as they stand today).
    let dry = json(
        &run(
            &db,
            Some(sink.port),
            &["digest", "send", "--dry-run", "--format", "json"],
        )
        .await,
    );
    let due: Vec<String> = dry["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "would_send")
        .map(|o| o["address"].as_str().unwrap().to_owned())
        .collect();
    assert!(!due.is_empty(), "{dry}");
    assert!(sink.messages().is_empty(), "a dry run sends nothing");

    let server = Server::start(&db, documents.path(), sink.port).await;
    assert_eq!(received(&sink, due.len()).await, due.len());
    let mut to: Vec<String> = sink.messages().iter().map(|m| m.to[0].clone()).collect();
    to.sort();
    let mut expected = due.clone();
    expected.sort();
    assert_eq!(to, expected);
    drop(server);

    // Restarted, and a second server beside it: today's went out already.
    let again = Server::start(&db, documents.path(), sink.port).await;
    let beside = Server::start(&db, documents.path(), sink.port).await;
    // Each has run its first round by the time it answers or soon after; give both time.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    assert_eq!(sink.messages().len(), due.len());
    let report = json(
        &run(
            &db,
            Some(sink.port),
            &["digest", "send", "--dry-run", "--format", "json"],
        )
        .await,
    );
    assert!(
        report["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["status"] != "would_send"),
        "{report}"
    );
    drop((again, beside));
}

/// Signs in through the form; the session cookie.
async fn sign_in(client: &reqwest::Client, base: &str, username: &str, password: &str) -> String {
    let resp = client
        .post(format!("{base}/login"))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), reqwest::StatusCode::SEE_OTHER);
    resp.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with("plantrack_session="))
        .unwrap()
        .to_owned()
}

async fn inbox(client: &reqwest::Client, base: &str, cookie: &str) -> String {
    let resp = client
        .get(format!("{base}/inbox"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), reqwest::StatusCode::OK);
    resp.text().await.unwrap()
}

/// The value of `name="…" value="…"` in the digest's form.
fn digest_field(html: &str, name: &str) -> String {
    let form = &html[html.find("id=\"digest-contact\"").unwrap()..];
    let marker = format!("name=\"{name}\"");
    let at = form.find(&marker).unwrap();
    let tag = &form[form[..at].rfind('<').unwrap()..];
    let tag = &tag[..tag.find('>').unwrap()];
    let start = tag.find("value=\"").unwrap() + "value=\"".len();
    tag[start..start + tag[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_commune_sets_where_its_digest_goes_from_its_inbox() {
    let (app, _hand) = common::spawn_app_on("2025-12-01").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    let password = plantrack::demo::create_demo_accounts(&app.planning)
        .await
        .unwrap()
        .password;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = &app.base;
    let commune = sign_in(&client, base, "xa-03434", &password).await;
    let page = inbox(&client, base, &commune).await;
    assert_eq!(
        digest_field(&page, "email"),
        "ubnd-03434@xa.laichau.example"
    );
    assert!(page.contains("<option value=\"vi\" lang=\"vi\" selected>"));
    let csrf = digest_field(&page, "csrf");

    let post = |form: Vec<(&'static str, String)>| {
        client
            .post(format!("{base}/inbox/contact"))
            .header(reqwest::header::COOKIE, &commune)
            .form(&form)
            .send()
    };
    let saved = post(vec![
        ("csrf", csrf.clone()),
        ("email", "vanphong@namhang.example".into()),
        ("language", "en".into()),
    ])
    .await
    .unwrap();
    assert_eq!(saved.status(), reqwest::StatusCode::SEE_OTHER);
    let page = inbox(&client, base, &commune).await;
    assert_eq!(digest_field(&page, "email"), "vanphong@namhang.example");
    assert!(page.contains("<option value=\"en\" lang=\"en\" selected>"));

    // A bad address: said on the page, nothing changed.
    let refused = post(vec![
        ("csrf", csrf.clone()),
        ("email", "vanphong at namhang".into()),
        ("language", "vi".into()),
    ])
    .await
    .unwrap();
    assert!(refused.status().is_client_error(), "{}", refused.status());
    assert!(refused.text().await.unwrap().contains("role=\"alert\""));
    let page = inbox(&client, base, &commune).await;
    assert_eq!(digest_field(&page, "email"), "vanphong@namhang.example");

    // Without the form's token: refused.
    let forged = post(vec![
        ("email", "x@y.example".into()),
        ("language", "vi".into()),
    ])
    .await
    .unwrap();
    assert!(forged.status().is_client_error());
    let contacts = app
        .planning
        .organisation_contacts(plantrack_domain::access::Caller::Operator, Some("12"))
        .await
        .unwrap();
    let contact = contacts
        .iter()
        .find(|c| c.organisation.unit_code.as_deref() == Some("03434"))
        .unwrap();
    assert_eq!(
        contact.contact_email.as_deref(),
        Some("vanphong@namhang.example")
    );
    assert_eq!(contact.contact_language, plantrack_domain::Language::En);

    // The same through the API, with the session and its CSRF token.
    let own = format!(
        "{base}/api/v1/organisations/{}/contact",
        contact.organisation.id
    );
    let read: Value = client
        .get(&own)
        .header(reqwest::header::COOKIE, &commune)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["contact_email"], "vanphong@namhang.example");
    assert_eq!(read["name"], "UBND xã Nậm Hàng");
    let put = |url: String, body: Value| {
        client
            .put(url)
            .header(reqwest::header::COOKIE, &commune)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let set = put(
        own.clone(),
        serde_json::json!({"email": "ubnd@namhang.example", "language": "id"}),
    )
    .await
    .unwrap();
    assert_eq!(set.status(), reqwest::StatusCode::OK);
    let set: Value = set.json().await.unwrap();
    assert_eq!(set["contact_language"], "id");
    let bad = put(
        own.clone(),
        serde_json::json!({"email": "ubnd@", "language": "vi"}),
    )
    .await
    .unwrap();
    assert_eq!(bad.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.headers()[reqwest::header::CONTENT_TYPE],
        common::PROBLEM_JSON
    );
    // Another organisation's: refused.
    let other = contacts
        .iter()
        .find(|c| c.organisation.unit_code.as_deref() == Some("03478"))
        .unwrap();
    let theirs = put(
        format!(
            "{base}/api/v1/organisations/{}/contact",
            other.organisation.id
        ),
        serde_json::json!({"email": "x@y.example", "language": "vi"}),
    )
    .await
    .unwrap();
    assert_eq!(theirs.status(), reqwest::StatusCode::FORBIDDEN);
    let unchanged = app
        .planning
        .organisation_contacts(plantrack_domain::access::Caller::Operator, Some("12"))
        .await
        .unwrap();
    let unchanged = unchanged
        .iter()
        .find(|c| c.organisation.id == other.organisation.id)
        .unwrap();
    assert_eq!(unchanged.contact_email, other.contact_email);
}
