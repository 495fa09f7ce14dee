//! `plantrack audit`: verifies the tamper-evident history (its chains and the projections
//! people read), anchors it outside the database, and checks it against an anchor.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_store::audit::AuditReport;
use plantrack_store::audit::anchor::{Anchor, AnchorFileError, AnchorProblem, Departure};
use plantrack_web::i18n::{describe_projection_problem, translate};

use super::CliError;
use super::output::outln;
use super::output::{Format, FormatArg, print_json};

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Recompute every dossier's hash chain and rebuild its row and stage spans from its
    /// events; name the first broken link and every difference, and exit non-zero on any.
    Verify(VerifyArgs),
    /// Verify, then append the history's anchor (time, digest, counts and every dossier's
    /// chain end) as one JSON line to a file kept outside the database.
    Anchor(AnchorArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Also check that the history extends the last anchor in this file (written by
    /// `audit anchor`): no dossier rolled back, gone or rewritten since.
    #[arg(long)]
    pub against: Option<PathBuf>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct AnchorArgs {
    /// The anchor file: created if missing, only ever appended to.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub format: FormatArg,
}

pub async fn run(planning: &Planning, cmd: AuditCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        AuditCmd::Verify(args) => verify(planning, args, lang).await,
        AuditCmd::Anchor(args) => anchor(planning, args, lang).await,
    }
}

/// Counts checked events on the terminal, when there is one.
fn progress(lang: Language) -> impl FnMut(u64) + Send {
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
    move |n| {
        if interactive {
            eprint!(
                "\r{}",
                translate(lang.into(), "cli-audit-progress", &[("count", n.into())])
            );
        }
    }
}

fn end_progress() {
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!();
    }
}

async fn verify(planning: &Planning, args: VerifyArgs, lang: Language) -> Result<(), CliError> {
    // The anchor file is read first: a file that cannot be used stops before the long walk.
    let anchor = args
        .against
        .as_deref()
        .map(|path| Anchor::read_last(path).map_err(|e| anchor_file_error(&e, path, lang)))
        .transpose()?;
    let mut progress = progress(lang);
    let (report, departures) = match &anchor {
        Some(anchor) => {
            let (report, departures) = planning
                .verify_against(Caller::Operator, anchor, &mut progress)
                .await?;
            (report, Some(departures))
        }
        None => (
            planning
                .verify_history(Caller::Operator, &mut progress)
                .await?,
            None,
        ),
    };
    end_progress();
    match args.format.format {
        Format::Json => print_json(&with_fields(
            &report,
            serde_json::json!({
                "anchor": anchor.as_ref().map(|a| serde_json::json!({
                    "anchored_at": a.anchored_at,
                    "digest": a.digest,
                    "dossiers": a.dossiers,
                    "events": a.events,
                })),
                "anchor_problems": departures,
            }),
        ))?,
        Format::Table => {
            print_report(&report, lang)?;
            if let (Some(anchor), Some(departures)) = (&anchor, &departures) {
                print_departures(anchor, departures, lang)?;
            }
        }
    }
    // A history that no longer extends its anchor is said first: the projections' problems
    // are then at most its consequences, and are listed above.
    if let (Some(anchor), Some(departures)) = (&anchor, &departures)
        && !departures.is_empty()
    {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-audit-anchor-error",
            &[
                ("at", anchored_at(anchor).into()),
                ("count", departures.len().into()),
                ("dossiers", dossier_list(departures).into()),
            ],
        )));
    }
    report_outcome(&report, lang)
}

async fn anchor(planning: &Planning, args: AnchorArgs, lang: Language) -> Result<(), CliError> {
    let mut progress = progress(lang);
    let (report, anchor) = planning
        .anchor_history(Caller::Operator, &mut progress)
        .await?;
    end_progress();
    if let Some(anchor) = &anchor {
        anchor
            .append_to(&args.out)
            .map_err(|e| anchor_file_error(&e, &args.out, lang))?;
    }
    match args.format.format {
        Format::Json => print_json(&with_fields(
            &report,
            serde_json::json!({
                "anchor": anchor.as_ref().map(|a| serde_json::json!({
                    "file": args.out,
                    "anchored_at": a.anchored_at,
                    "digest": a.digest,
                    "dossiers": a.dossiers,
                    "events": a.events,
                })),
            }),
        ))?,
        Format::Table => {
            print_report(&report, lang)?;
            if let Some(a) = &anchor {
                outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-audit-anchored",
                        &[
                            ("file", args.out.display().to_string().into()),
                            ("at", anchored_at(a).into()),
                            ("dossiers", a.dossiers.into()),
                            ("events", a.events.into()),
                            ("digest", a.digest.as_str().into()),
                        ]
                    )
                )?;
            }
        }
    }
    if anchor.is_none() {
        report_outcome(&report, lang)?;
        // `holds` is false whenever no anchor was made; said plainly in case it were not.
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-audit-anchor-refused",
            &[],
        )));
    }
    Ok(())
}

/// The report's JSON (the form scripts already read), with `holds` and `extra`'s fields
/// beside its own.
fn with_fields(report: &AuditReport, extra: serde_json::Value) -> serde_json::Value {
    let mut json = serde_json::to_value(report).unwrap_or_default();
    if let (Some(fields), serde_json::Value::Object(extra)) = (json.as_object_mut(), extra) {
        fields.insert("holds".into(), report.holds().into());
        fields.extend(extra);
    }
    json
}

fn anchored_at(anchor: &Anchor) -> String {
    plantrack_web::format::timestamp(anchor.anchored_at)
}

fn dossier_list(departures: &[AnchorProblem]) -> String {
    departures
        .iter()
        .map(|d| d.dossier_id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn anchor_file_error(e: &AnchorFileError, path: &std::path::Path, lang: Language) -> CliError {
    let file = path.display().to_string();
    let message = match e {
        AnchorFileError::Io(why) => translate(
            lang.into(),
            "cli-anchor-file-io",
            &[("file", file.into()), ("error", why.as_str().into())],
        ),
        AnchorFileError::Empty => translate(
            lang.into(),
            "cli-anchor-file-empty",
            &[("file", file.into())],
        ),
        AnchorFileError::Malformed { line, why } => translate(
            lang.into(),
            "cli-anchor-file-malformed",
            &[
                ("file", file.into()),
                ("line", (*line).into()),
                ("error", why.as_str().into()),
            ],
        ),
        AnchorFileError::Inconsistent { line } => translate(
            lang.into(),
            "cli-anchor-file-inconsistent",
            &[("file", file.into()), ("line", (*line).into())],
        ),
    };
    CliError::Usage(message)
}

/// The chains' state and every projection difference, in the reader's words.
fn print_report(report: &AuditReport, lang: Language) -> Result<(), CliError> {
    match &report.first_broken {
        None => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-audit-intact",
                &[
                    ("dossiers", report.dossiers.into()),
                    ("events", report.events.into()),
                    ("digest", report.digest.as_str().into()),
                ]
            )
        )?,
        Some(link) => {
            let mut args = vec![
                ("dossier", link.dossier_id.into()),
                ("seq", link.seq.into()),
                ("problem", link.problem.as_str().into()),
            ];
            let key = match link.event_id {
                Some(row) => {
                    args.push(("row", row.into()));
                    "cli-audit-broken-row"
                }
                None => "cli-audit-broken",
            };
            outln!("{}", translate(lang.into(), key, &args))?;
        }
    }
    match &report.follow_up_broken {
        None => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-audit-follow-up-intact",
                &[("events", report.follow_up_events.into())]
            )
        )?,
        Some(b) => outln!("{}", follow_up_break(lang, b))?,
    }
    for problem in &report.projection_problems {
        outln!("{}", describe_projection_problem(lang.into(), problem))?;
    }
    let unlisted = report.projection_problem_count - report.projection_problems.len() as u64;
    if unlisted > 0 {
        outln!(
            "{}",
            translate(
                lang.into(),
                "cli-audit-projection-more",
                &[("count", unlisted.into())]
            )
        )?;
    }
    Ok(())
}

fn print_departures(
    anchor: &Anchor,
    departures: &[AnchorProblem],
    lang: Language,
) -> Result<(), CliError> {
    if departures.is_empty() {
        return outln!(
            "{}",
            translate(
                lang.into(),
                "cli-audit-anchor-extends",
                &[
                    ("at", anchored_at(anchor).into()),
                    ("dossiers", anchor.dossiers.into()),
                    ("digest", anchor.digest.as_str().into()),
                ]
            )
        );
    }
    for d in departures {
        let mut args = vec![
            ("dossier", d.dossier_id.into()),
            ("seq", d.anchored_seq.into()),
        ];
        let key = match d.departure {
            Departure::Gone => "cli-audit-anchor-gone",
            Departure::Shorter { now } => {
                args.push(("now", now.into()));
                "cli-audit-anchor-shorter"
            }
            Departure::Rewritten => "cli-audit-anchor-rewritten",
        };
        outln!("{}", translate(lang.into(), key, &args))?;
    }
    Ok(())
}

/// Where a province's follow-up chain breaks, in the reader's words.
fn follow_up_break(
    lang: Language,
    b: &plantrack_store::follow_up::events::BrokenFollowUp,
) -> String {
    use plantrack_store::follow_up::events::FollowUpProblem;
    let key = match b.problem {
        FollowUpProblem::Missing => "cli-audit-follow-up-missing",
        FollowUpProblem::Unlinked => "cli-audit-follow-up-unlinked",
        FollowUpProblem::Changed => "cli-audit-follow-up-changed",
    };
    translate(
        lang.into(),
        key,
        &[
            ("province", b.province_code.as_str().into()),
            ("seq", b.seq.into()),
        ],
    )
}

/// Fails with what the report found: a broken chain first, else the projection count.
fn report_outcome(report: &AuditReport, lang: Language) -> Result<(), CliError> {
    if let Some(link) = &report.first_broken {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-audit-broken-error",
            &[
                ("dossier", link.dossier_id.into()),
                ("seq", link.seq.into()),
            ],
        )));
    }
    if let Some(b) = &report.follow_up_broken {
        return Err(CliError::Usage(follow_up_break(lang, b)));
    }
    if report.projection_problem_count > 0 {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-audit-projection-error",
            &[("count", report.projection_problem_count.into())],
        )));
    }
    Ok(())
}
