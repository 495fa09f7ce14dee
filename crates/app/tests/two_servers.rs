//! Two `plantrack serve` processes on loopback behind one PostgreSQL database, as behind a
//! load balancer (issue 12, item 8): a session begun on one is honoured by the other, a layer
//! import started on one is followed to its end on the other, sign-in failures counted on
//! one (per account, per address, sparing the owner's known address) hold back the other, and a document uploaded through one is downloaded through
//! the other — from a shared folder, and from an S3 bucket (moto's server, when installed).
//!
//! PostgreSQL only (several processes share a database server, not a SQLite file): it runs
//! under `PLANTRACK_TEST_DB=postgres://…`, as `.ci/run` sets, and says it skipped otherwise.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_store::planning::{Clock, DossierQuery};
use plantrack_store::testing::{MotoServer, TestDb};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A `plantrack serve` process, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    /// Starts the binary on a free loopback port and waits until it answers.
    async fn start(db_url: &str, documents: &str, env: &[(&str, String)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_plantrack"));
        command
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .args(["--db", db_url, "--documents", documents, "--lang", "en"])
            .env("PLANTRACK_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut server = Server {
            child: command.spawn().expect("start plantrack serve"),
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(r) = client.get(server.url("/healthz")).send().await
                && r.status().is_success()
            {
                return server;
            }
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("plantrack serve stopped: {status}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("plantrack serve did not answer on port {port} within 30 s");
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The test's PostgreSQL database with the Lai Châu demo and its accounts; their password.
async fn demo_database() -> Option<(TestDb, String)> {
    match std::env::var("PLANTRACK_TEST_DB") {
        Ok(url) if url.starts_with("postgres") => {}
        _ => {
            eprintln!(
                "SKIPPED: two servers share a PostgreSQL database; set PLANTRACK_TEST_DB=postgres://…"
            );
            return None;
        }
    }
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.expect("migrate");
    let planning = Planning::open(&db.url, Clock::vietnam()).await.unwrap();
    plantrack::demo::load(&planning, &mut |_| {})
        .await
        .expect("load the demo");
    let accounts = plantrack::demo::create_demo_accounts(&planning)
        .await
        .expect("the demo accounts");
    Some((db, accounts.password))
}

/// Signs in through `server`; returns the session cookie and its CSRF token.
async fn sign_in(server: &Server, username: &str, password: &str) -> (String, String) {
    let resp = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{username} signs in");
    let cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let body: Value = resp.json().await.unwrap();
    let csrf = body["csrf_token"]
        .as_str()
        .expect("a CSRF token")
        .to_owned();
    (cookie, csrf)
}

/// A multipart body of text fields and one file; its content type.
fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = format!("two-servers-{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A layer of `n` small squares in Lai Châu, as GeoJSON.
fn layer(n: usize) -> String {
    let features: Vec<Value> = (0..n)
        .map(|i| {
            let lon = 103.0 + (i % 100) as f64 * 0.002;
            let lat = 22.0 + (i / 100) as f64 * 0.002;
            json!({"type": "Feature", "id": format!("QP-{i}"), "properties": {"category": "defence_security"},
                "geometry": {"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.001, lat], [lon + 0.001, lat + 0.001], [lon, lat]]]}})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// Uploads a PDF to one of the commune's dossiers through `up`, downloads it through `down`.
async fn a_document_travels(db: &TestDb, up: &Server, down: &Server, password: &str) {
    let planning = Planning::open(&db.url, Clock::vietnam()).await.unwrap();
    let (list, _) = planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                unit: Some("03390".into()),
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let id = list[0].dossier_id;
    let version = planning
        .dossier(Caller::Operator, id)
        .await
        .unwrap()
        .state
        .version;
    let (cookie, csrf) = sign_in(up, "xa-03390", password).await;
    let pdf = format!("%PDF-1.7\nBiên bản họp dân {}\n", uuid::Uuid::new_v4()).into_bytes();
    let version = version.to_string();
    let (content_type, body) = multipart(
        &[
            ("version", &version),
            ("kind", "task_draft"),
            ("title", "Biên bản họp dân"),
        ],
        ("bien-ban.pdf", &pdf),
    );
    let client = reqwest::Client::new();
    let uploaded = client
        .post(up.url(&format!("/api/v1/dossiers/{id}/documents")))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::OK, "the upload is attached");
    let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&pdf));
    let downloaded = client
        .get(down.url(&format!("/api/v1/dossiers/{id}/documents/{sha256}")))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        downloaded.status(),
        StatusCode::OK,
        "the other server has it"
    );
    assert_eq!(downloaded.bytes().await.unwrap().as_ref(), pdf.as_slice());
}

#[tokio::test]
async fn two_servers_share_sessions_imports_locks_and_documents() {
    let Some((db, password)) = demo_database().await else {
        return;
    };
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap().to_owned();
    let proxy = [("PLANTRACK_TRUSTED_PROXIES", "127.0.0.1".to_owned())];
    let (a, b) = tokio::join!(
        Server::start(&db.url, &folder, &proxy),
        Server::start(&db.url, &folder, &proxy)
    );
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // A session begun on A is honoured by B; ended on B, A refuses it too.
    let (cookie, csrf) = sign_in(&a, "quansu", &password).await;
    let on_b: Value = client
        .get(b.url("/api/v1/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(on_b["principal"]["username"], "quansu", "{on_b}");
    assert_eq!(
        on_b["csrf_token"],
        csrf.as_str(),
        "the same CSRF token on B"
    );

    // A layer import started on A: its page on B shows it running or done, then done.
    let content = layer(3_000);
    let (content_type, body) = multipart(
        &[
            ("key", "quoc-phong"),
            ("name", "Đất quốc phòng"),
            ("publish", "1"),
        ],
        ("quoc-phong.geojson", content.as_bytes()),
    );
    let started = client
        .post(a.url("/layers"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let at = started.headers()["location"].to_str().unwrap().to_owned();
    assert!(at.starts_with("/layers/imports/"), "{at}");
    let mut states = Vec::new();
    let finished = loop {
        let page = client
            .get(b.url(&at))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK, "B shows the import A runs");
        let html = page.text().await.unwrap();
        let state = html
            .split("data-state=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        if states.last() != Some(&state) {
            states.push(state.clone());
        }
        if state != "running" {
            break html;
        }
        assert!(states.len() < 600, "the import did not end");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(
        states.last().map(String::as_str),
        Some("done"),
        "{finished}"
    );
    assert!(
        finished.contains("v1") && finished.contains("3000"),
        "{finished}"
    );
    // Another account sees no import of someone else's, on either server.
    let (other_cookie, _) = sign_in(&b, "xa-03390", &password).await;
    for server in [&a, &b] {
        let page = client
            .get(server.url(&at))
            .header("cookie", &other_cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
    }

    // The sign-in throttle is the database's, as a load balancer in front of both sees it
    // (both trust it, 127.0.0.1, to name the client in X-Forwarded-For). The owner of
    // `lanhdao` signs in through A from the office; an attacker elsewhere then fails five
    // times through A: B refuses the account to the attacker and to any other new address,
    // even with the right password, and says when to come back — but lets its owner in from
    // the office, where the attacker's failures do not reach.
    let attempt = |server: &Server, from: &str, username: &str, password: &str| {
        client
            .post(server.url("/api/v1/session"))
            .header("x-forwarded-for", from)
            .header("accept-language", "vi")
            .json(&json!({"username": username, "password": password}))
            .send()
    };
    let office = "198.51.100.2";
    let attacker = "203.0.113.5";
    let ok = attempt(&a, office, "lanhdao", &password).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    for _ in 0..5 {
        let failed = attempt(&a, attacker, "lanhdao", "not the password at all")
            .await
            .unwrap();
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    }
    for from in [attacker, "192.0.2.77"] {
        let refused = attempt(&b, from, "lanhdao", &password).await.unwrap();
        assert_eq!(
            refused.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "from {from}"
        );
        let wait: u64 = refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((14 * 60..=15 * 60).contains(&wait), "{wait}");
    }
    let owner = attempt(&b, office, "lanhdao", &password).await.unwrap();
    assert_eq!(owner.status(), StatusCode::OK);

    // One address guessing at many accounts is counted across both servers: its twentieth
    // failure, half through each, blocks it on both.
    let sprayer = "203.0.113.9";
    for i in 0..20 {
        let server = if i % 2 == 0 { &a } else { &b };
        let failed = attempt(server, sprayer, &format!("khong-co-{i}"), "mua xuan 2025!")
            .await
            .unwrap();
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for server in [&a, &b] {
        let refused = attempt(server, sprayer, "quansu", &password).await.unwrap();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    }

    // Signing out on B ends the session on A.
    let out = client
        .delete(b.url("/api/v1/session"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let gone = client
        .get(a.url("/api/v1/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);

    // A document uploaded through A is downloaded through B (the shared folder).
    a_document_travels(&db, &a, &b, &password).await;
}

#[tokio::test]
async fn two_servers_share_documents_in_an_s3_bucket() {
    let Some((db, password)) = demo_database().await else {
        return;
    };
    let Some(moto) = MotoServer::start().await else {
        eprintln!("SKIPPED: moto_server is not installed (pip install 'moto[server]')");
        return;
    };
    moto.create_bucket("plantrack").await;
    let env: Vec<(&str, String)> = moto
        .settings()
        .into_iter()
        .map(|(k, v)| {
            let name = match k {
                "aws_endpoint_url" => "AWS_ENDPOINT_URL",
                "aws_access_key_id" => "AWS_ACCESS_KEY_ID",
                "aws_secret_access_key" => "AWS_SECRET_ACCESS_KEY",
                "aws_region" => "AWS_REGION",
                _ => "AWS_ALLOW_HTTP",
            };
            (name, v)
        })
        .collect();
    let (a, b) = tokio::join!(
        Server::start(&db.url, "s3://plantrack/lai-chau", &env),
        Server::start(&db.url, "s3://plantrack/lai-chau", &env)
    );
    a_document_travels(&db, &a, &b, &password).await;
    let stored = plantrack_store::blobs::BlobStore::s3_with(
        "s3://plantrack/lai-chau",
        moto.settings(),
        1_000_000,
    )
    .unwrap()
    .list()
    .await
    .unwrap();
    assert_eq!(stored.len(), 1, "the document is in the bucket: {stored:?}");

    // A bucket that does not exist stops a server at start, saying which.
    let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", &db.url])
        .args(["--documents", "s3://no-such-bucket/x", "--lang", "vi"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("PLANTRACK_LOG", "error")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Không dùng được kho tài liệu s3://no-such-bucket/x"),
        "{said}"
    );
}
