//! `plantrack serve`: the web application and the JSON API, optionally with the demo.

use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_gis::archive::ArchiveLimits;
use plantrack_store::Planning;
use plantrack_store::planning::DossierQuery;
use plantrack_web::i18n::translate;

use super::CliError;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Load the Lai Châu demo first if the database holds no plans.
    #[arg(long)]
    pub demo: bool,
    /// The demo's "today" (YYYY-MM-DD), every page's default date: by default 15/12/2025,
    /// three weeks after the meeting the demo reproduces. Record times stay real.
    #[arg(long, requires = "demo", value_parser = parse_day)]
    pub demo_today: Option<chrono::NaiveDate>,
    /// Where uploaded documents are kept (content-addressed): a folder (shared by every
    /// server when there are several), or an S3-compatible bucket, s3://bucket/prefix, reached
    /// with AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
    /// AWS_ALLOW_HTTP=true for an endpoint without TLS.
    #[arg(
        long,
        env = "PLANTRACK_DOCUMENTS",
        default_value = "plantrack-documents"
    )]
    pub documents: String,
    /// The largest document accepted, in MB.
    #[arg(long, env = "PLANTRACK_MAX_UPLOAD_MB", default_value_t = 50)]
    pub max_upload_mb: u64,
    /// The most an uploaded archive (a zipped Shapefile map or layer) may unpack to, in MiB;
    /// it may also unpack to at most 20 times its own size. Beyond either it is refused
    /// (413) and nothing of it is kept.
    #[arg(long, env = "PLANTRACK_MAX_UNPACKED_MB", default_value_t = ArchiveLimits::DEFAULT_MB)]
    pub max_unpacked_mb: u64,
    /// A base-map tile URL for the dashboard map, e.g. https://tile.example.org/{z}/{x}/{y}.png
    /// (off by default: the map needs no internet).
    #[arg(long, env = "PLANTRACK_MAP_TILES")]
    pub map_tiles: Option<String>,
    /// Proxies (addresses or CIDR blocks, comma-separated, e.g. 10.0.0.0/8,::1) whose
    /// X-Forwarded-For names the client. None by default: sign-ins are counted per address,
    /// and a client could otherwise choose its own.
    #[arg(
        long,
        env = "PLANTRACK_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = plantrack_web::client::parse_trusted_proxy
    )]
    pub trusted_proxies: Vec<plantrack_web::client::IpNet>,
    /// Sign-ins checked or waiting at once; beyond them a sign-in is refused at once (503 with
    /// Retry-After) rather than queued. Default: 5 per core. Each check needs 19 MiB while it
    /// runs, and checks run one per core, whatever this says.
    #[arg(long, env = "PLANTRACK_MAX_SIGN_INS", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_sign_ins: Option<u32>,
    /// Opinions one client address may send an hour through a consultation's public page
    /// (counted in the database, so every server counts alike). Raise it for a load test.
    #[arg(long, env = "PLANTRACK_PUBLIC_OPINIONS_PER_HOUR", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub public_opinions_per_hour: u32,
    /// When each organisation's daily digest is mailed, Vietnam's time (HH:MM); only when a
    /// mail server is configured (PLANTRACK_SMTP_HOST).
    #[arg(long, env = "PLANTRACK_DIGEST_AT", default_value = "07:00", value_parser = parse_hour)]
    pub digest_at: chrono::NaiveTime,
    #[command(flatten)]
    pub mail: crate::digest::mail::MailArgs,
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date such as 2025-12-15"))
}

fn parse_hour(s: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| format!("'{s}' is not a time such as 07:00"))
}

/// The demo's default "today": three weeks after the meeting it reproduces (25/11/2025).
fn demo_default_today() -> chrono::NaiveDate {
    crate::demo::script::Script::lai_chau().meeting_date + chrono::Days::new(20)
}

pub async fn run(mut planning: Planning, args: ServeArgs, lang: Language) -> Result<(), CliError> {
    let ServeArgs {
        addr,
        demo,
        demo_today,
        documents,
        max_upload_mb,
        max_unpacked_mb,
        map_tiles,
        trusted_proxies,
        max_sign_ins,
        public_opinions_per_hour,
        digest_at,
        mail,
    } = args;
    planning.public_limits.opinions_per_hour = public_opinions_per_hour;
    // A mail setting that is wrong stops the start: digests silently not sent would be found
    // out only when a deadline is missed.
    let mailer = crate::digest::mail::Mailer::from_args(&mail).map_err(|e| {
        CliError::Usage(translate(
            lang.into(),
            "cli-digest-bad-mail",
            &[("error", e.describe(lang).into())],
        ))
    })?;
    planning.archive_limits = ArchiveLimits::from_mb(max_unpacked_mb);
    if demo {
        planning.clock = plantrack_store::planning::Clock::anchored(
            demo_today.unwrap_or_else(demo_default_today),
        );
    }
    // First, before any password is hashed (the demo's accounts are).
    if let Some(n) = max_sign_ins {
        plantrack_store::accounts::set_sign_in_limit(n as usize);
    }
    let (admitted, workers) = plantrack_store::accounts::sign_in_limits();
    tracing::debug!(admitted, workers, trusted_proxies = ?trusted_proxies, "sign-in limits");
    let documents =
        super::documents::open(&documents, max_upload_mb.saturating_mul(1_000_000), lang).await?;
    tracing::debug!(documents = %documents.location(), "document store");
    sweep(&planning, &documents, lang).await;
    let mut state = plantrack_web::AppState::new(planning, documents);
    state.map_tiles = map_tiles.filter(|t| !t.trim().is_empty());
    state.trusted_proxies = trusted_proxies.into();
    serve(state, &addr, demo, (mailer, digest_at), lang).await
}

/// Removes what a killed server left in the document store, and says so in one line. A
/// sweep that fails is logged and the server starts all the same: the leftovers wait.
async fn sweep(planning: &Planning, documents: &plantrack_store::blobs::BlobStore, lang: Language) {
    match planning
        .sweep_documents(documents, std::time::SystemTime::now())
        .await
    {
        Ok(swept) => {
            tracing::info!(
                partial_uploads = swept.partial_uploads,
                unreferenced_files = swept.unreferenced_files,
                bytes = swept.bytes(),
                "document store swept"
            );
            eprintln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-serve-swept",
                    &[
                        ("partial", swept.partial_uploads.into()),
                        ("unreferenced", swept.unreferenced_files.into()),
                        (
                            "size",
                            plantrack_web::format::file_size(swept.bytes(), lang.into()).into()
                        ),
                    ]
                )
            );
        }
        Err(e) => tracing::warn!(error = %e, "the document store could not be swept"),
    }
}

async fn serve(
    state: plantrack_web::AppState,
    addr: &str,
    demo: bool,
    (mailer, digest_at): (Option<crate::digest::mail::Mailer>, chrono::NaiveTime),
    lang: Language,
) -> Result<(), CliError> {
    let planning = &state.planning;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let address = listener.local_addr()?.to_string();
    if demo {
        let (_, plans) = planning
            .dossiers(
                Caller::Operator,
                DossierQuery {
                    limit: 1,
                    ..Default::default()
                },
            )
            .await?;
        if plans == 0 {
            tracing::debug!("loading the Lai Châu demo");
            let summary =
                crate::demo::load(planning, &mut |step| tracing::debug!("demo: {step}")).await?;
            // The plans in consultation get their generated land-use maps, which need the
            // document store (the side-by-side table of the appraisal compares them).
            let started = std::time::Instant::now();
            let maps = crate::demo::maps::attach(planning, &state.documents, "12").await?;
            tracing::debug!(
                maps,
                ms = started.elapsed().as_millis(),
                "demo maps attached"
            );
            tracing::debug!(
                plans = summary.plans,
                events = summary.events,
                "demo loaded"
            );
        }
        let password = if planning.users(Caller::Operator).await?.is_empty() {
            Some(crate::demo::create_demo_accounts(planning).await?.password)
        } else {
            None
        };
        let users = planning.users(Caller::Operator).await?;
        let banner = super::demo_banner::text(
            lang,
            &address,
            &users,
            password.as_deref(),
            planning.today(),
        );
        // First on stdout, before anything else a newcomer would have to read past.
        println!("{banner}");
        tracing::warn!("running in DEMO MODE: demo data and demo accounts");
    }
    // After the demo is loaded, so that a first round sent at once has its tasks.
    if let Some(mailer) = mailer {
        tracing::info!(server = %mailer.server, at = %digest_at, "daily digests on");
        crate::digest::notices::spawn(planning.clone(), mailer.clone());
        crate::digest::schedule::spawn(planning.clone(), mailer, digest_at);
    } else {
        tracing::info!("daily digests off: no PLANTRACK_SMTP_HOST");
    }
    tracing::info!("plantrack listening on http://{address}");
    if !demo {
        eprintln!(
            "{}",
            translate(lang.into(), "cli-serve-open", &[("addr", address.into())])
        );
    }
    plantrack_web::serve(listener, state).await?;
    Ok(())
}
