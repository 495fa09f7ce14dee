//! The HTTP test harness: every test gets its own database and its own server on a free port.
//!
//! The backend comes from `PLANTRACK_TEST_DB`:
//! - unset: SQLite, a fresh file in the temporary directory, removed (with its `-wal` and
//!   `-shm` files) when the [`TestApp`] is dropped;
//! - `postgres://…`: a fresh database `plantrack_t_<uuid>` created on that server and dropped
//!   (`WITH (FORCE)`) when the [`TestApp`] is dropped, even if the test panicked.
//!
//! Each test file uses some of the helpers only.
#![allow(dead_code)]

pub mod pages;

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_store::planning::Clock;
use plantrack_store::testing::TestDb;
use plantrack_web::AppState;
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MATCH};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

/// The problem+json media type every refusal must carry.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A running app on its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    pub client: reqwest::Client,
    /// The service the server runs on, for looking at the store directly.
    pub planning: Planning,
    server: tokio::task::JoinHandle<()>,
    db: TestDb,
    /// The uploaded documents' folder, removed with the app.
    docs: std::path::PathBuf,
    /// API tokens of the accounts made for the actors tests name, by (name, role, unit).
    tokens: tokio::sync::Mutex<std::collections::HashMap<(String, String, String), String>>,
}

/// A fresh app on a fresh database, with Vietnam's clock.
pub async fn spawn_app() -> TestApp {
    spawn_app_with_clock(Clock::vietnam()).await
}

/// The hand of a test's clock: a dated step is recorded on its own day, as an office entering
/// its work on time would (a change dated further back than the template allows is refused).
#[derive(Clone)]
pub struct Hand(std::sync::Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>>);

impl Hand {
    /// Moves the clock to 16:00 in Vietnam on `day` (YYYY-MM-DD).
    pub fn on(&self, day: &str) {
        let t =
            chrono::DateTime::parse_from_rfc3339(&format!("{day}T16:00:00+07:00")).expect("a date");
        *self.0.lock().expect("the clock") = t.with_timezone(&chrono::Utc);
    }

    /// Moves the clock `seconds` forward.
    pub fn later(&self, seconds: i64) {
        *self.0.lock().expect("the clock") += chrono::TimeDelta::seconds(seconds);
    }
}

/// A fresh app whose clock the test moves, starting on `day`.
pub async fn spawn_app_on(day: &str) -> (TestApp, Hand) {
    let hand = Hand(std::sync::Arc::new(std::sync::Mutex::new(
        chrono::Utc::now(),
    )));
    hand.on(day);
    let read = hand.0.clone();
    let app = spawn_app_with_clock(Clock::from_fn(move || *read.lock().expect("the clock"))).await;
    (app, hand)
}

/// A fresh app on a fresh database, with the given clock.
pub async fn spawn_app_with_clock(clock: Clock) -> TestApp {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.expect("migrate");
    let planning = Planning::open(&db.url, clock)
        .await
        .unwrap_or_else(|e| panic!("open the test database: {e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let addr = listener.local_addr().expect("local address");
    let docs = std::env::temp_dir().join(format!("plantrack-docs-{}", uuid::Uuid::new_v4()));
    let documents =
        plantrack_store::blobs::BlobStore::open(&docs, 5_000_000).expect("a document folder");
    let app = plantrack_web::app(AppState::new(planning.clone(), documents));
    let server = tokio::spawn(async move {
        // With the peer's address, as `plantrack serve` has it: sign-ins count per address.
        let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app).await.expect("serve");
    });
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        planning,
        server,
        db,
        docs,
        tokens: tokio::sync::Mutex::default(),
    }
}

/// A new account in the organisation `org_name` of `kind` (created on first use), and its
/// API token.
async fn account_token(
    planning: &Planning,
    kind: plantrack_domain::access::OrgKind,
    org_name: &str,
    org_unit: Option<&str>,
    display_name: &str,
    role: plantrack_domain::access::Role,
) -> String {
    let db = &planning;
    let org = match db
        .organisation_by_name(Caller::Operator, org_name)
        .await
        .expect("lookup")
    {
        Some(org) => org,
        None => db
            .create_organisation(Caller::Operator, kind, org_name, "12", org_unit)
            .await
            .expect("organisation"),
    };
    let n = db.users(Caller::Operator).await.expect("users").len();
    let user = db
        .create_user(
            Caller::Operator,
            plantrack_store::accounts::NewUser {
                username: format!("account{n}"),
                display_name: display_name.to_owned(),
                password: "mật-khẩu-thử-nghiệm-dài".into(),
                role,
                organisation_id: org.id,
            },
        )
        .await
        .expect("account");
    db.create_token(Caller::Operator, user.id, "test", chrono::Utc::now())
        .await
        .expect("token")
        .0
}

impl TestApp {
    /// The documents' folder the app keeps uploads in.
    pub fn documents_folder(&self) -> &std::path::Path {
        &self.docs
    }

    /// An API token of a new account with `role` at Lai Châu's provincial People's Committee
    /// (created on first use), for the administrative endpoints.
    /// The API token of a new account of the organisation named (made if missing, as a sector
    /// department of Lai Châu).
    pub async fn organisation_token(
        &self,
        org_name: &str,
        role: plantrack_domain::access::Role,
    ) -> String {
        let name = format!("{} (test)", role.as_str());
        account_token(
            &self.planning,
            plantrack_domain::access::OrgKind::SectorDepartment,
            org_name,
            None,
            &name,
            role,
        )
        .await
    }

    pub async fn provincial_token(&self, role: plantrack_domain::access::Role) -> String {
        use plantrack_domain::access::OrgKind;
        let name = format!("{} (test)", role.as_str());
        account_token(
            &self.planning,
            OrgKind::ProvincialPc,
            "UBND tỉnh Lai Châu",
            None,
            &name,
            role,
        )
        .await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        std::fs::remove_dir_all(&self.docs).ok();
        // Close the pool politely if a runtime is still there to run it; the PostgreSQL drop
        // below forces the connections closed anyway.
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            let db = self.planning.clone();
            handle.spawn(async move { db.close().await });
        }
        // `self.db` is dropped next, which removes the database.
    }
}

/// A fixed date, `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("a valid test date")
}

/// The body of a plan registration for `unit`.
pub fn new_plan_body(unit: &str, opened_on: Option<NaiveDate>) -> Value {
    let mut body = json!({
        "plan": {
            "unit_code": unit,
            "plan_type": "commune_general",
            "name": format!("Quy hoạch chung xã {unit} (test)"),
            "horizon_year": 2035,
            "vision_year": 2050,
            "bodies": {
                "preparing": format!("UBND xã {unit}"),
                "appraising": "Sở Xây dựng",
                "approving": "UBND tỉnh"
            }
        },
        "actor": {"name": format!("UBND xã {unit}"), "role": "commune_pc"},
        "reason": "Triển khai lập quy hoạch"
    });
    if let Some(d) = opened_on {
        body["opened_on"] = json!(d);
    }
    body
}

/// A command body: `command` plus its fields, an actor and a reason.
pub fn command(kind: Value, actor: (&str, &str), reason: &str, on: Option<NaiveDate>) -> Value {
    let mut body = kind;
    body["actor"] = json!({"name": actor.0, "role": actor.1});
    body["reason"] = json!(reason);
    if let Some(d) = on {
        body["effective_on"] = json!(d);
    }
    body
}

pub fn attach(kind: &str) -> Value {
    json!({"command": "attach_document", "kind": kind, "title": format!("{kind} (test)"), "reference": format!("REF-{kind}")})
}

pub fn transition(action: &str) -> Value {
    json!({"command": "transition", "action": action})
}

pub const COMMUNE: (&str, &str) = ("UBND xã Thử Nghiệm", "commune_pc");
pub const PROVINCE_PC: (&str, &str) = ("UBND tỉnh Lai Châu", "provincial_pc");
pub const CONSULTANT: (&str, &str) = ("Công ty Tư vấn Thử Nghiệm", "consultant");

/// A dossier as the API and the store see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// `version` of the dossier in the API's view.
    pub version: u64,
    /// The API's ETag.
    pub etag: String,
    /// Events through the API.
    pub events: usize,
    /// Events straight from the store.
    pub stored_events: usize,
    pub stage: String,
    pub status: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The database the server runs on, for the command line to open too.
    pub fn db_url(&self) -> &str {
        &self.db.url
    }

    /// GETs as the administrator, who may read everything (reading scopes have their own
    /// tests).
    pub async fn get(&self, path: &str) -> Response {
        let token = self.reader_token().await;
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET reaches the server")
    }

    /// The token of an administrator account, made on first use.
    pub async fn reader_token(&self) -> String {
        use plantrack_domain::access::{OrgKind, Role};
        let key = (
            "reader".to_owned(),
            "administrator".to_owned(),
            String::new(),
        );
        let mut tokens = self.tokens.lock().await;
        if let Some(t) = tokens.get(&key) {
            return t.clone();
        }
        let secret = account_token(
            &self.planning,
            OrgKind::ProvincialPc,
            "UBND tỉnh Lai Châu",
            None,
            "Quản trị (test)",
            Role::Administrator,
        )
        .await;
        tokens.insert(key, secret.clone());
        secret
    }

    /// GET, expecting 200 and JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let resp = self.get(path).await;
        let status = resp.status();
        let body = resp.text().await.expect("body");
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    /// POSTs JSON; a plan registration is sent as the account of the `actor` the body names.
    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        let mut req = self.client.post(self.url(path)).json(body);
        if path == "/api/v1/plans" {
            let unit = body["plan"]["unit_code"]
                .as_str()
                .unwrap_or("03478")
                .to_owned();
            if let Some(token) = self.token_of(body, &unit).await {
                req = req.bearer_auth(token);
            }
        }
        req.send().await.expect("POST reaches the server")
    }

    /// The token of the account acting as the body's `actor` (`{name, role}`) on `unit`,
    /// made on first use: the server takes who acts from the account, not from the body.
    async fn token_of(&self, body: &Value, unit: &str) -> Option<String> {
        let name = body["actor"]["name"].as_str()?;
        let role = body["actor"]["role"].as_str()?;
        // Hostile names cannot be account names: such requests go unsigned.
        if [name, unit]
            .iter()
            .any(|s| s.chars().any(char::is_control) || s.trim().is_empty() || s.len() > 150)
        {
            return None;
        }
        Some(self.token_for((name, role), unit).await)
    }

    /// An account named `actor.0` playing workflow role `actor.1` where `unit` lies: a commune
    /// officer of that unit, the province's leadership or appraiser, a sector department, or
    /// the consultant firm of that name. Returns its API token.
    pub async fn token_for(&self, actor: (&str, &str), unit: &str) -> String {
        use plantrack_domain::access::{OrgKind, Role};
        // A unit that does not exist (a test of a 404) gets an account elsewhere: the server
        // must still answer "not found", not "forbidden".
        let unit = if self.planning.unit(unit).await.is_ok() {
            unit
        } else {
            "03478"
        };
        let key = (actor.0.to_owned(), actor.1.to_owned(), unit.to_owned());
        let mut tokens = self.tokens.lock().await;
        if let Some(t) = tokens.get(&key) {
            return t.clone();
        }
        let (role, kind, org_name, org_unit) = match actor.1 {
            "commune_pc" => (
                Role::CommuneOfficer,
                OrgKind::CommunePc,
                format!("UBND {unit}"),
                Some(unit),
            ),
            "provincial_pc" => (
                Role::Leadership,
                OrgKind::ProvincialPc,
                "UBND tỉnh Lai Châu".to_owned(),
                None,
            ),
            "construction_dept" => (
                Role::Appraiser,
                OrgKind::ConstructionDept,
                "Sở Xây dựng tỉnh Lai Châu".to_owned(),
                None,
            ),
            "sector_department" => (
                Role::DepartmentOfficer,
                OrgKind::SectorDepartment,
                "Sở ngành (thử)".to_owned(),
                None,
            ),
            "consultant" => (
                Role::Consultant,
                OrgKind::ConsultantFirm,
                actor.0.to_owned(),
                None,
            ),
            other => panic!("no account role plays workflow role {other}"),
        };
        let secret = account_token(&self.planning, kind, &org_name, org_unit, actor.0, role).await;
        tokens.insert(key, secret.clone());
        secret
    }

    /// Sends a command with `If-Match: "<version>"` (or none), as the account of its `actor`.
    pub async fn command(&self, dossier: i64, if_match: Option<&str>, body: &Value) -> Response {
        let unit = match self.planning.dossier(Caller::Operator, dossier).await {
            Ok(reading) => reading.place.unit_code,
            Err(_) => "03478".to_owned(),
        };
        let mut req = self
            .client
            .post(self.url(&format!("/api/v1/dossiers/{dossier}/commands")))
            .json(body);
        if let Some(token) = self.token_of(body, &unit).await {
            req = req.bearer_auth(token);
        }
        if let Some(tag) = if_match {
            req = req.header(IF_MATCH, tag);
        }
        req.send().await.expect("POST reaches the server")
    }

    /// Sends a command that must succeed; returns the new ETag and the outcome.
    pub async fn command_ok(&self, dossier: i64, if_match: &str, body: &Value) -> (String, Value) {
        let resp = self.command(dossier, Some(if_match), body).await;
        let status = resp.status();
        let etag = header(&resp, ETAG.as_str());
        let text = resp.text().await.expect("body");
        assert_eq!(status, StatusCode::OK, "command {body}: {text}");
        (etag, serde_json::from_str(&text).expect("JSON outcome"))
    }

    /// Moves a new dossier into task preparation as the commune: attaches the consultant's
    /// contract, then selects the consultant, both on `on`. Returns the last ETag and outcome.
    pub async fn select_consultant(
        &self,
        dossier: i64,
        etag: &str,
        on: Option<NaiveDate>,
    ) -> (String, Value) {
        let (etag, _) = self
            .command_ok(
                dossier,
                etag,
                &command(attach("consultant_contract"), COMMUNE, "Hợp đồng", on),
            )
            .await;
        self.command_ok(
            dossier,
            &etag,
            &command(transition("select_consultant"), COMMUNE, "Chọn", on),
        )
        .await
    }

    /// Registers a commune general plan; returns the dossier id, its ETag and the response.
    pub async fn create_plan(
        &self,
        unit: &str,
        opened_on: Option<NaiveDate>,
    ) -> (i64, String, Value) {
        let resp = self
            .post_json("/api/v1/plans", &new_plan_body(unit, opened_on))
            .await;
        let status = resp.status();
        let etag = header(&resp, ETAG.as_str());
        let text = resp.text().await.expect("body");
        assert_eq!(status, StatusCode::CREATED, "create plan: {text}");
        let body: Value = serde_json::from_str(&text).expect("JSON");
        let id = body["dossier"]["id"].as_i64().expect("dossier id");
        (id, etag, body)
    }

    /// The dossier's version, ETag, stage and event counts, through the API and the store.
    pub async fn snapshot(&self, dossier: i64) -> Snapshot {
        let resp = self.get(&format!("/api/v1/dossiers/{dossier}")).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let etag = header(&resp, ETAG.as_str());
        let view: Value = resp.json().await.expect("dossier JSON");
        let events = self
            .get_json(&format!("/api/v1/dossiers/{dossier}/events"))
            .await;
        let stored = self
            .planning
            .events(Caller::Operator, dossier, None)
            .await
            .expect("events from the store");
        Snapshot {
            version: view["version"].as_u64().expect("version"),
            etag,
            events: events.as_array().expect("event array").len(),
            stored_events: stored.len(),
            stage: view["stage"].as_str().expect("stage").to_owned(),
            status: view["status"].as_str().expect("status").to_owned(),
        }
    }

    /// Loads the Lai Châu demo into this app's database.
    pub async fn load_demo(&self) {
        plantrack::demo::load(&self.planning, &mut |_| {})
            .await
            .expect("load the demo");
    }

    /// Imports Lai Châu's units (no boundaries, no lineage): enough to register plans.
    pub async fn seed_units(&self) {
        let text = include_str!("../../../../data/laichau_units_2025.json");
        let import = plantrack_gis::read_units_str("laichau_units_2025.json", text, &mut |_, _| {})
            .expect("read the unit list");
        self.planning
            .import_units(Caller::Operator, &import)
            .await
            .expect("import the unit list");
    }
}

/// A response header as text ("" when absent).
pub fn header(resp: &Response, name: &str) -> String {
    resp.headers()
        .get(name)
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .unwrap_or_default()
}

/// Checks a refusal: its status, the problem+json media type, a `urn:plantrack:problem:` type
/// (the given code when one is given) and a body consistent with the status. Returns the body.
pub async fn expect_problem(resp: Response, status: StatusCode, code: Option<&str>) -> Value {
    let got = resp.status();
    let content_type = header(&resp, CONTENT_TYPE.as_str());
    let text = resp.text().await.expect("body");
    assert_eq!(got, status, "status (body: {text})");
    assert!(
        content_type.starts_with(PROBLEM_JSON),
        "content-type {content_type:?} for {status} (body: {text})"
    );
    let body: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("problem body is not JSON ({e}): {text}"));
    let kind = body["type"].as_str().expect("problem type");
    assert!(
        kind.starts_with("urn:plantrack:problem:"),
        "problem type {kind:?}"
    );
    if let Some(code) = code {
        assert_eq!(
            kind,
            format!("urn:plantrack:problem:{code}"),
            "body: {text}"
        );
    }
    assert_eq!(body["status"].as_u64(), Some(u64::from(status.as_u16())));
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "problem without a title: {text}"
    );
    body
}

/// A small valid PDF: one empty page, with a correct cross-reference table and `note` (ASCII,
/// no parentheses) as its title, so that each call can make different bytes.
pub fn minimal_pdf(note: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned(),
        format!("<< /Title ({note}) >>"),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}
