//! `plantrack audit` as an operator runs it, against the attacks of issue 11 (item 5): edits
//! of the tables people read, a rolled-back history and a recomputed chain, and the
//! application's own database role, which cannot rewrite the history (PostgreSQL).

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

use plantrack_store::testing::TestDb;
use sqlx::{AnyPool, Executor};

fn plantrack_at(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", url, "--lang", "en"])
        .args(args)
        .output()
        .expect("run plantrack")
}

/// Runs a command that must succeed; its standard output.
fn ok(url: &str, args: &[&str]) -> String {
    let out = plantrack_at(url, args);
    assert!(
        out.status.success(),
        "plantrack {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail; its standard output and error together.
fn fails(url: &str, args: &[&str]) -> String {
    let out = plantrack_at(url, args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "plantrack {args:?} succeeded: {text}"
    );
    text
}

async fn demo() -> (TestDb, AnyPool) {
    let db = TestDb::new().await;
    ok(&db.url, &["migrate"]);
    ok(&db.url, &["demo"]);
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect(&db.url).await.unwrap();
    (db, pool)
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres")
}

/// Lifts the history's guards, as someone holding the database's owner role could.
async fn unguard(pool: &AnyPool, url: &str) {
    let sql = if is_postgres(url) {
        "ALTER TABLE dossier_events DISABLE TRIGGER USER"
    } else {
        "DROP TRIGGER dossier_events_no_update; DROP TRIGGER dossier_events_no_delete;"
    };
    pool.execute(sql).await.unwrap();
}

#[tokio::test]
async fn verify_exits_non_zero_when_what_people_read_differs_from_the_events() {
    let (db, pool) = demo().await;
    let intact = ok(&db.url, &["audit", "verify"]);
    assert!(intact.contains("History intact"), "{intact}");
    let state: String = sqlx::query_scalar("SELECT state FROM dossiers WHERE id = 3")
        .fetch_one(&pool)
        .await
        .unwrap();
    let edited_state = state.replacen("\"version\":", "\"version\":9", 1);
    pool.execute(
        format!(
            "UPDATE dossiers SET stage = CASE stage WHEN 'plan_appraisal' THEN 'plan_consultation' \
               ELSE 'plan_appraisal' END WHERE id = 1; \
             UPDATE dossiers SET status = 'completed' WHERE id = 2; \
             UPDATE dossiers SET state = '{edited_state}' WHERE id = 3; \
             UPDATE stage_spans SET stage = 'plan_appraisal' WHERE dossier_id = 4 AND seq = 1;"
        )
        .as_str(),
    )
    .await
    .unwrap();
    let out = fails(&db.url, &["audit", "verify"]);
    for named in [
        "DIFFERS: dossier 1, stage: stored plan_",
        "DIFFERS: dossier 2, status: stored completed, rebuilt from its events active",
        "DIFFERS: dossier 3, field version of the stored state (JSON)",
        "DIFFERS: dossier 4, stage span opened by event 1, stage: stored plan_appraisal",
        // The stage counts the commands keep no longer match the edited rows: the stage
        // dossier 1 left and the one dossier 2 entered (plan_consultation/active lost one and
        // gained one).
        "DIFFERS: dossiers counted in 12/commune_general/vn.commune_general@3/plan_appraisal/active: stored 1, counted from the dossiers 0",
        "6 differences between the current-state tables and the event history",
    ] {
        assert!(out.contains(named), "{named} not in: {out}");
    }
    let json = plantrack_at(&db.url, &["audit", "verify", "--format", "json"]);
    assert!(!json.status.success());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["holds"], false);
    assert_eq!(report["projection_problem_count"], 6);
    // In Vietnamese by default.
    let vi = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url, "audit", "verify"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&vi.stdout).contains("KHÁC: hồ sơ 2, tình trạng"));
}

#[tokio::test]
async fn an_anchor_finds_a_rolled_back_dossier_and_new_events_pass() {
    let (db, pool) = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("anchors.jsonl");
    let file = file.to_str().unwrap();
    let anchored = ok(&db.url, &["audit", "anchor", "--out", file]);
    assert!(anchored.contains("Anchor appended"), "{anchored}");
    ok(&db.url, &["audit", "anchor", "--out", file]);
    assert_eq!(
        std::fs::read_to_string(file).unwrap().lines().count(),
        2,
        "appended"
    );
    // The progress report prints the digest the anchor keeps.
    let line: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .last()
            .unwrap(),
    )
    .unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&ok(&db.url, &["progress", "--format", "json"])).unwrap();
    assert_eq!(report["history_digest"], line["digest"]);
    assert_eq!(
        line["heads"].as_array().unwrap().len() as u64,
        line["dossiers"].as_u64().unwrap()
    );
    let extends = ok(&db.url, &["audit", "verify", "--against", file]);
    assert!(
        extends.contains("The history extends the anchor"),
        "{extends}"
    );

    // A new event after the anchor: still extends it.
    ok(
        &db.url,
        &[
            "dossier",
            "hold",
            "5",
            "--actor",
            "UBND tỉnh",
            "--role",
            "provincial_pc",
            "--reason",
            "chờ ý kiến",
        ],
    );
    ok(&db.url, &["audit", "verify", "--against", file]);

    // Dossier 7's last event removed, its version and head rolled back to match.
    let (last, head): (i64, String) = sqlx::query_as(
        "SELECT seq, prev_hash FROM dossier_events WHERE dossier_id = 7 ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    unguard(&pool, &db.url).await;
    pool.execute(
        format!(
            "DELETE FROM dossier_events WHERE dossier_id = 7 AND seq = {last}; \
             UPDATE dossiers SET version = {}, head_hash = '{head}' WHERE id = 7;",
            last - 1
        )
        .as_str(),
    )
    .await
    .unwrap();
    let out = fails(&db.url, &["audit", "verify", "--against", file]);
    assert!(
        out.contains(&format!(
            "ROLLED BACK: dossier 7 now ends at event {}; it was anchored up to event {last}",
            last - 1
        )),
        "{out}"
    );
    assert!(out.contains("does not extend the anchor"), "{out}");
    // Without the anchor, the state the row still holds gives it away.
    let out = fails(&db.url, &["audit", "verify"]);
    assert!(out.contains("DIFFERS: dossier 7"), "{out}");
}

#[tokio::test]
async fn a_bad_anchor_file_is_refused_in_the_users_language() {
    let (db, _pool) = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.jsonl");
    let out = fails(
        &db.url,
        &["audit", "verify", "--against", missing.to_str().unwrap()],
    );
    assert!(
        out.contains("cannot read or write the anchor file"),
        "{out}"
    );
    let garbage = dir.path().join("garbage.jsonl");
    std::fs::write(&garbage, "{\"format\":1}\n").unwrap();
    let out = fails(
        &db.url,
        &["audit", "verify", "--against", garbage.to_str().unwrap()],
    );
    assert!(out.contains("line 1 of the anchor file"), "{out}");
}

/// A login role on the test's server, dropped (with its grants) when the test ends.
struct LoginRole {
    name: String,
    owner_url: String,
}

impl Drop for LoginRole {
    fn drop(&mut self) {
        let (name, url) = (self.name.clone(), self.owner_url.clone());
        // Drop may run while a panic unwinds: a thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                sqlx::any::install_default_drivers();
                let pool = AnyPool::connect(&url).await?;
                pool.execute(format!("DROP OWNED BY \"{name}\"; DROP ROLE \"{name}\"").as_str())
                    .await?;
                pool.close().await;
                Ok::<_, sqlx::Error>(())
            })
        })
        .join();
    }
}

/// `url` with the user (and password) replaced.
fn as_user(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.split_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{user}:{password}@{host}")
}

#[tokio::test]
async fn the_app_connects_as_a_role_that_cannot_rewrite_the_history() {
    let (db, pool) = demo().await;
    if !is_postgres(&db.url) {
        // SQLite has no roles: the option is refused, saying why, and nothing is changed.
        let out = fails(&db.url, &["migrate", "--app-role", "plantrack_app"]);
        assert!(out.contains("PostgreSQL"), "{out}");
        return;
    }
    let name = format!("plantrack_app_{}", uuid::Uuid::new_v4().simple());
    pool.execute(format!("CREATE ROLE \"{name}\" LOGIN PASSWORD 'app-secret'").as_str())
        .await
        .unwrap();
    let _role = LoginRole {
        name: name.clone(),
        owner_url: db.url.clone(),
    };
    // A bad name and a superuser are refused.
    let out = fails(&db.url, &["migrate", "--app-role", "App; DROP"]);
    assert!(out.contains("app_role"), "{out}");
    fails(&db.url, &["migrate", "--app-role", "postgres"]);
    let granted = ok(&db.url, &["migrate", "--app-role", &name]);
    assert!(granted.contains(&name), "{granted}");

    let app_url = as_user(&db.url, &name, "app-secret");
    // The application works as the role: it reads, acts on a dossier, verifies.
    ok(&app_url, &["progress", "--format", "json"]);
    ok(
        &app_url,
        &[
            "dossier",
            "hold",
            "5",
            "--actor",
            "UBND tỉnh",
            "--role",
            "provincial_pc",
            "--reason",
            "chờ ý kiến",
        ],
    );
    ok(&app_url, &["audit", "verify"]);
    // Even starting the server's migration step works, with nothing to apply.
    ok(&app_url, &["migrate"]);

    // But it cannot change or remove the history, nor switch its guards off.
    let app = AnyPool::connect(&app_url).await.unwrap();
    for sql in [
        "UPDATE dossier_events SET reason = 'x' WHERE dossier_id = 1",
        "DELETE FROM dossier_events WHERE dossier_id = 1",
        "TRUNCATE dossier_events CASCADE",
        "ALTER TABLE dossier_events DISABLE TRIGGER dossier_events_append_only",
        "ALTER TABLE dossier_events DISABLE TRIGGER USER",
        "DROP TRIGGER dossier_events_append_only ON dossier_events",
        "DELETE FROM _sqlx_migrations",
    ] {
        let refused = app.execute(sql).await;
        assert!(refused.is_err(), "the app role may: {sql}");
    }
    app.close().await;
    ok(&db.url, &["audit", "verify"]);
}
