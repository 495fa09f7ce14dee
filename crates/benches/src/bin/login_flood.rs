//! A sign-in flood against a real `plantrack serve` (issue 12, item 1): `--requests`
//! concurrent `POST /api/v1/session` with made-up usernames, `--rounds` times, and the
//! server's peak resident memory (VmHWM of its /proc/<pid>/status) against the goal
//! (≤ 150 MiB; it reached 4 GiB at 128 before the sign-in gate).
//!
//! The server runs on a fresh database (a SQLite file in the temp dir, or a new PostgreSQL
//! database dropped afterwards) with `--trusted-proxies 127.0.0.1` and every request claims a
//! random client in `X-Forwarded-For`: the worst case for memory, since no per-address limit
//! stops such a flood before its hashes. `--same-address` sends them all from 127.0.0.1
//! instead (the address limit then answers most of the admitted ones with 429).
//!
//! ```text
//! cargo build --release -p plantrack
//! cargo run --release -p plantrack-benches --bin login_flood
//! ```
//!
//! Options: `--backend sqlite|postgres`, `--pg-url URL` (`PLANTRACK_BENCH_PG_URL`),
//! `--plantrack PATH` (default: the `plantrack` beside this binary), `--requests 500`,
//! `--rounds 3`, `--max-sign-ins N` (passed to `serve`), `--same-address`. It reports; it
//! does not fail when the goal is missed.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use plantrack_benches::with_database;
use plantrack_store::Planning;
use sqlx::Connection;

/// The goal: the server's peak resident memory under the flood.
const GOAL_MIB: f64 = 150.0;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BackendArg {
    Sqlite,
    Postgres,
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
    /// The `plantrack` binary to run (default: beside this one, in the same target folder).
    #[arg(long)]
    plantrack: Option<std::path::PathBuf>,
    #[arg(long, default_value_t = 500)]
    requests: usize,
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    #[arg(long)]
    max_sign_ins: Option<u32>,
    #[arg(long)]
    same_address: bool,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The server process, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A field of /proc/<pid>/status in MiB (VmHWM: the peak resident set; VmRSS: now).
fn status_mib(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| (kb / 1024.0 * 10.0).round() / 10.0)
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    let plantrack = match &args.plantrack {
        Some(p) => p.clone(),
        None => std::env::current_exe()?.with_file_name("plantrack"),
    };
    if !plantrack.exists() {
        return Err(format!(
            "{} not found: build it first (cargo build --release -p plantrack) or pass --plantrack",
            plantrack.display()
        )
        .into());
    }
    let name = format!("plantrack_flood_{}", uuid::Uuid::new_v4().simple());
    let documents = std::env::temp_dir().join(&name);
    let url = if args.backend == BackendArg::Postgres {
        let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        with_database(&args.pg_url, &name)
    } else {
        format!("sqlite://{}.db", documents.display())
    };
    let outcome = run(&args, &plantrack, &url, &documents).await;
    if args.backend == BackendArg::Postgres {
        let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
    } else {
        for suffix in [".db", ".db-wal", ".db-shm"] {
            std::fs::remove_file(format!("{}{suffix}", documents.display())).ok();
        }
    }
    std::fs::remove_dir_all(&documents).ok();
    outcome
}

async fn run(
    args: &Args,
    plantrack: &std::path::Path,
    url: &str,
    documents: &std::path::Path,
) -> Result<(), BoxError> {
    Planning::migrate(url).await?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut command = Command::new(plantrack);
    command
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db", url])
        .arg("--documents")
        .arg(documents)
        .args(["--lang", "en", "--trusted-proxies", "127.0.0.1"])
        // Every refused sign-in is logged as a warning: not the measure here.
        .env("PLANTRACK_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(n) = args.max_sign_ins {
        command.args(["--max-sign-ins", &n.to_string()]);
    }
    let mut server = Server(command.spawn()?);
    let pid = server.0.id();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.requests)
        .build()?;
    let started = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            break;
        }
        if let Some(status) = server.0.try_wait()? {
            return Err(format!("plantrack serve stopped: {status}").into());
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err("plantrack serve did not answer within 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let at_start = status_mib(pid, "VmHWM:");
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut without_retry_after = 0;
    let mut walls = Vec::new();
    for round in 0..args.rounds {
        let wall = Instant::now();
        let tasks: Vec<_> = (0..args.requests)
            .map(|i| {
                let client = client.clone();
                let url = format!("{base}/api/v1/session");
                let forwarded = format!("10.{}.{}.{}", round % 250, i / 250 % 250, i % 250 + 1);
                let same_address = args.same_address;
                tokio::spawn(async move {
                    let id = uuid::Uuid::new_v4().simple().to_string();
                    let mut request = client.post(url).json(&serde_json::json!({
                        "username": format!("flood-{}", &id[..12]),
                        "password": format!("not the password {id}"),
                    }));
                    if !same_address {
                        request = request.header("x-forwarded-for", forwarded);
                    }
                    let response = request.send().await?;
                    let retry_after = response.headers().contains_key("retry-after");
                    Ok::<_, reqwest::Error>((response.status().as_u16(), retry_after))
                })
            })
            .collect();
        for task in tasks {
            match task.await? {
                Ok((status, retry_after)) => {
                    *statuses.entry(status).or_default() += 1;
                    if matches!(status, 429 | 503) && !retry_after {
                        without_retry_after += 1;
                    }
                }
                Err(e) => {
                    eprintln!("request failed: {e}");
                    *statuses.entry(0).or_default() += 1;
                }
            }
        }
        walls.push(wall.elapsed());
    }
    let peak = status_mib(pid, "VmHWM:");
    let after = status_mib(pid, "VmRSS:");
    let total = args.requests * args.rounds;
    println!(
        "login flood on {}: {} rounds of {} concurrent sign-ins ({}), server pid {pid}",
        if url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        args.rounds,
        args.requests,
        if args.same_address {
            "all from 127.0.0.1"
        } else {
            "each from its own forwarded address"
        }
    );
    for (status, n) in &statuses {
        let label = match status {
            0 => "no answer".to_owned(),
            s => s.to_string(),
        };
        println!("  {label:>9}: {n:>5} of {total}");
    }
    println!("  429/503 without Retry-After: {without_retry_after}");
    println!(
        "  rounds took {}",
        walls
            .iter()
            .map(|w| format!("{:.2} s", w.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  server memory: peak {peak} MiB (after start {at_start} MiB, now {after} MiB); goal ≤ {GOAL_MIB} MiB: {}",
        if peak <= GOAL_MIB { "met" } else { "NOT met" }
    );
    println!(
        "{}",
        serde_json::json!({
            "bench": "login_flood",
            "backend": if url.starts_with("postgres") { "postgres" } else { "sqlite" },
            "requests": args.requests, "rounds": args.rounds,
            "statuses": statuses.iter().map(|(k, v)| (k.to_string(), *v)).collect::<BTreeMap<_, _>>(),
            "without_retry_after": without_retry_after,
            "peak_mib": peak, "start_mib": at_start, "after_mib": after,
        })
    );
    drop(server);
    Ok(())
}
