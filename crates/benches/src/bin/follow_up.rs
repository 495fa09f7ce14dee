//! The follow-up loop at national scale (issue 13): the directive tracker and an inbox page
//! (goal ≤ 20 ms server time each) and a province's overdue tasks (goal ≤ 5 ms), on the core
//! benchmark's national data set with, in every province, 10 review meetings a fortnight
//! apart, each giving one directive to every commune of the campaign (done by itself when the
//! commune's dossier leaves the task-preparation stage) and one to the province's seven
//! sector departments (two in three of them reported done).
//!
//! Pages go through the whole router in this process, as `pages` does (sessions, CSRF,
//! compression, templates); the overdue list is timed at the store's use case and at the API.
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin follow_up -- --backend both
//! ```

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use chrono::{Days, NaiveDate};
use clap::{Parser, ValueEnum};
use plantrack_benches::generator::{self, GenConfig};
use plantrack_benches::{Summary, ms, with_database};
use plantrack_domain::access::{Caller, OrgKind, Role};
use plantrack_domain::follow_up::{Addressees, MeetingKind, MeetingState, TaskResolution};
use plantrack_domain::plan::PlanType;
use plantrack_domain::unit::UnitKind;
use plantrack_domain::workflow::Template;
use plantrack_store::Planning;
use plantrack_store::accounts::NewUser;
use plantrack_store::follow_up::{NewDirective, NewMeeting, TaskQuery, TaskUpdate};
use plantrack_store::planning::Clock;
use serde_json::{Value, json};
use sqlx::Connection;
use tower::ServiceExt;

#[derive(Clone, Copy, ValueEnum)]
enum BackendArg {
    Sqlite,
    Postgres,
    Both,
}

#[derive(Parser)]
struct Args {
    #[arg(long, value_enum, default_value = "sqlite")]
    backend: BackendArg,
    #[arg(
        long,
        env = "PLANTRACK_BENCH_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pg_url: String,
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vn_units_2025.json"))]
    units: std::path::PathBuf,
    #[arg(long, default_value_t = 200)]
    runs: usize,
    #[arg(long, default_value_t = 20)]
    warmup: usize,
    /// Review meetings per province.
    #[arg(long, default_value_t = 10)]
    meetings: u64,
    #[arg(long, default_value_t = 20_250_701)]
    seed: u64,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The sector departments each province gets.
const DEPARTMENTS: [&str; 7] = [
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Xây dựng",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
];

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    let backends: &[&str] = match args.backend {
        BackendArg::Sqlite => &["sqlite"],
        BackendArg::Postgres => &["postgres"],
        BackendArg::Both => &["sqlite", "postgres"],
    };
    let mut results = Vec::new();
    for backend in backends {
        let name = format!("plantrack_follow_up_{}", uuid::Uuid::new_v4().simple());
        let url = if *backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
            with_database(&args.pg_url, &name)
        } else {
            let path = std::env::temp_dir().join(format!("{name}.db"));
            format!("sqlite://{}", path.display())
        };
        let outcome = run(backend, &url, &args).await;
        if *backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await?;
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            for suffix in ["", "-wal", "-shm"] {
                std::fs::remove_file(format!("{path}{suffix}")).ok();
            }
        }
        results.push(outcome?);
    }
    println!(
        "\n{:<10} {:<40} {:>9} {:>9} {:>9} {:>9}",
        "backend", "measure", "median ms", "p95 ms", "p99 ms", "rows"
    );
    for r in &results {
        for row in r["measures"].as_array().into_iter().flatten() {
            println!(
                "{:<10} {:<40} {:>9.2} {:>9.2} {:>9.2} {:>9}",
                r["backend"].as_str().unwrap_or(""),
                row["name"].as_str().unwrap_or(""),
                row["median_ms"].as_f64().unwrap_or(0.0),
                row["p95_ms"].as_f64().unwrap_or(0.0),
                row["p99_ms"].as_f64().unwrap_or(0.0),
                row["rows"]
            );
        }
    }
    for r in &results {
        println!("{r}");
    }
    Ok(())
}

async fn run(backend: &str, url: &str, args: &Args) -> Result<Value, BoxError> {
    let cfg = GenConfig {
        seed: args.seed,
        ..GenConfig::default()
    };
    let today: NaiveDate = cfg.end;
    // The meetings are replayed on their own days; the measures read on `today`.
    let day = Arc::new(Mutex::new(today));
    let read = Arc::clone(&day);
    let clock = Clock::from_fn(move || {
        let d = *read.lock().unwrap_or_else(PoisonError::into_inner);
        d.and_hms_opt(5, 0, 0).unwrap_or_default().and_utc()
    });
    let set_day = |d: NaiveDate| *day.lock().unwrap_or_else(PoisonError::into_inner) = d;
    Planning::migrate(url).await?;
    let planning = Planning::open(url, clock).await?;
    eprintln!("== {backend}: loading the national set");
    let import = plantrack_gis::read_units_file(&args.units, &mut |_, _| {})?;
    planning.import_units(Caller::Operator, &import).await?;
    let templates = planning.templates();
    let lookup = |key: &str| -> Arc<Template> {
        templates
            .iter()
            .find(|t| t.key == key)
            .cloned()
            .unwrap_or_else(|| panic!("template {key}"))
    };
    let units: Vec<_> = import.units.iter().map(|u| u.unit.clone()).collect();
    let set = generator::national_set(&units, &lookup, planning.national_calendar().as_ref(), &cfg);
    planning
        .bulk_load(Caller::Operator, &set, 250, &mut |_, _| {})
        .await?;

    eprintln!(
        "   organisations: one per commune, {} departments per province",
        DEPARTMENTS.len()
    );
    let started = Instant::now();
    let provinces: Vec<_> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Province)
        .collect();
    let mut commune_org = None;
    for u in units.iter().filter(|u| u.kind != UnitKind::Province) {
        let Some(province) = u.parent_code.as_deref() else {
            continue;
        };
        let org = planning
            .create_organisation(
                Caller::Operator,
                OrgKind::CommunePc,
                &format!("UBND {} ({})", u.full_name, u.code),
                province,
                Some(&u.code),
            )
            .await?;
        if province == "12" && commune_org.is_none() {
            commune_org = Some(org.id);
        }
    }
    for p in &provinces {
        for d in DEPARTMENTS {
            planning
                .create_organisation(
                    Caller::Operator,
                    OrgKind::SectorDepartment,
                    &format!("{d} ({})", p.full_name),
                    &p.code,
                    None,
                )
                .await?;
        }
    }
    eprintln!("   … in {:.1} s", started.elapsed().as_secs_f64());

    eprintln!("   {} meetings per province", args.meetings);
    let started = Instant::now();
    let mut tasks_given = 0usize;
    let mut reported = 0usize;
    for k in (1..=args.meetings).rev() {
        let held_on = today - Days::new(14 * k);
        set_day(held_on);
        for p in &provinces {
            let meeting = planning
                .create_meeting(
                    Caller::Operator,
                    &NewMeeting {
                        province: Some(p.code.clone()),
                        title: format!("Giao ban tiến độ lập quy hoạch chung xã, kỳ {k}"),
                        held_on,
                        starts_at: "08:00".into(),
                        kind: MeetingKind::Hybrid,
                        venue: "Hội trường UBND tỉnh".into(),
                        chair: "Phó Chủ tịch UBND tỉnh".into(),
                        plan_type: PlanType::CommuneGeneral,
                        connected_units: 0,
                    },
                )
                .await?;
            for to in [MeetingState::Scheduled, MeetingState::InProgress] {
                planning
                    .change_meeting_state(Caller::Operator, meeting.id, to, "benchmark")
                    .await?;
            }
            let directive =
                |text: &str, due: &str, addressees: Addressees, stage: Option<&str>| NewDirective {
                    meeting_id: meeting.id,
                    conclusion_id: None,
                    text: text.into(),
                    issuer: None,
                    notice_number: format!("{k}/TB-UBND"),
                    notice_date: Some(held_on),
                    due: due.into(),
                    addressees,
                    done_when_left: stage.map(str::to_owned),
                };
            let (_, communes) = planning
                .issue_directive(
                    Caller::Operator,
                    &directive(
                        "Hoàn thiện hồ sơ nhiệm vụ quy hoạch chung xã",
                        "trong 10 ngày làm việc",
                        Addressees::CampaignCommunes,
                        Some("task_preparation"),
                    ),
                )
                .await?;
            let (_, departments) = planning
                .issue_directive(
                    Caller::Operator,
                    &directive(
                        "Cung cấp thông tin chuyên ngành cho các xã",
                        "trong 15 ngày làm việc",
                        Addressees::Departments,
                        None,
                    ),
                )
                .await?;
            tasks_given += communes.len() + departments.len();
            planning
                .change_meeting_state(
                    Caller::Operator,
                    meeting.id,
                    MeetingState::Closed,
                    "benchmark",
                )
                .await?;
            // Two departments in three report, a week after the meeting.
            set_day(held_on + Days::new(7));
            for t in departments.iter().filter(|t| t.id % 3 != 0) {
                planning
                    .update_task(
                        Caller::Operator,
                        t.id,
                        &TaskUpdate {
                            resolution: TaskResolution::Done,
                            on: None,
                            evidence: "Công văn cung cấp số liệu".into(),
                            explanation: String::new(),
                            expected_version: Some(t.version),
                        },
                    )
                    .await?;
                reported += 1;
            }
            set_day(held_on);
        }
    }
    set_day(today);
    planning.analyze().await?;
    eprintln!(
        "   {tasks_given} tasks given, {reported} reported, in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Lai Châu's leadership reads the tracker; one of its communes reads its inbox.
    let session = |username: &'static str, role: Role, org: i64| {
        let planning = planning.clone();
        async move {
            let user = planning
                .create_user(
                    Caller::Operator,
                    NewUser {
                        username: username.into(),
                        display_name: username.into(),
                        password: "a long benchmark password".into(),
                        role,
                        organisation_id: org,
                    },
                )
                .await?;
            let (secret, _) = planning.create_session(user.id, chrono::Utc::now()).await?;
            Ok::<_, BoxError>(format!("{}={secret}", plantrack_web::auth::SESSION_COOKIE))
        }
    };
    let leadership = planning
        .create_organisation(
            Caller::Operator,
            OrgKind::ProvincialPc,
            "UBND tỉnh Lai Châu",
            "12",
            None,
        )
        .await?;
    let leader = session("lanhdao", Role::Leadership, leadership.id).await?;
    let commune = session(
        "xa-lai-chau",
        Role::CommuneOfficer,
        commune_org.ok_or("no commune in Lai Châu")?,
    )
    .await?;

    let documents = plantrack_store::blobs::BlobStore::open(
        std::env::temp_dir().join(format!("plantrack-bench-docs-{}", uuid::Uuid::new_v4())),
        1_000_000,
    )?;
    let app = plantrack_web::app(plantrack_web::AppState::new(planning.clone(), documents));
    let mut measures = Vec::new();
    for (name, path, cookie) in [
        ("directive tracker /tasks (Lai Châu)", "/tasks", &leader),
        ("inbox /inbox (a Lai Châu commune)", "/inbox", &commune),
        (
            "overdue tasks, API (Lai Châu)",
            "/api/v1/tasks?overdue=true",
            &leader,
        ),
    ] {
        let mut times = Vec::with_capacity(args.runs);
        let mut bytes = 0;
        for i in 0..args.warmup + args.runs {
            let (t, b) = fetch(&app, path, cookie).await?;
            if i >= args.warmup {
                times.push(t);
            }
            bytes = b;
        }
        measures.push(measure(name, &times, &json!(bytes)));
    }
    // The overdue list at the store's door, as the dashboard and the CLI read it.
    let overdue = TaskQuery {
        province: Some("12".into()),
        overdue: true,
        ..TaskQuery::default()
    };
    let mut times = Vec::with_capacity(args.runs);
    let mut rows = 0;
    for i in 0..args.warmup + args.runs {
        let started = Instant::now();
        let late = planning.tasks(Caller::Operator, &overdue).await?;
        if i >= args.warmup {
            times.push(started.elapsed());
        }
        rows = late.len();
    }
    measures.push(measure(
        "overdue tasks, use case (Lai Châu)",
        &times,
        &json!(rows),
    ));
    let all = planning
        .tasks(
            Caller::Operator,
            &TaskQuery {
                province: Some("12".into()),
                ..TaskQuery::default()
            },
        )
        .await?
        .len();
    planning.close().await;
    Ok(json!({
        "backend": backend,
        "tasks_given": tasks_given,
        "tasks_reported": reported,
        "lai_chau_tasks": all,
        "measures": measures,
    }))
}

fn measure(name: &str, times: &[Duration], rows: &Value) -> Value {
    let s = Summary::of(times);
    let mut sorted = times.to_vec();
    sorted.sort();
    let p99 = sorted
        .get((sorted.len() * 99).div_ceil(100).saturating_sub(1))
        .copied()
        .unwrap_or_default();
    eprintln!(
        "   {name}: median {:.2} ms, p95 {:.2} ms ({rows})",
        s.map_or(0.0, |s| ms(s.median)),
        s.map_or(0.0, |s| ms(s.p95))
    );
    json!({
        "name": name,
        "median_ms": s.map_or(0.0, |s| ms(s.median)),
        "p95_ms": s.map_or(0.0, |s| ms(s.p95)),
        "p99_ms": ms(p99),
        "rows": rows,
    })
}

async fn fetch(
    app: &axum::Router,
    path: &str,
    cookie: &str,
) -> Result<(Duration, usize), BoxError> {
    let req = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())?;
    let started = Instant::now();
    let response = app.clone().oneshot(req).await?;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    let elapsed = started.elapsed();
    if !status.is_success() {
        return Err(format!("{path}: {status}").into());
    }
    Ok((elapsed, body.len()))
}
