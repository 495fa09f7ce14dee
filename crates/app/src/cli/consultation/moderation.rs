//! `consultation moderation`: the queue of opinions sent through a round's public page, and
//! the officer's decisions — publish the redacted copy plantrack proposes (`accept`), publish
//! an edited copy (`publish --text`), or reject with a reason. A refusal exits non-zero.

use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_store::consultation::public::{Moderation, ModerationItem};
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::{Format, FormatArg, outln, print_json};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ModerationArgs {
    #[command(subcommand)]
    pub cmd: Option<ModerationCmd>,
    /// The round whose queue to list.
    #[arg(required = true)]
    pub round: Option<i64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Subcommand)]
pub enum ModerationCmd {
    /// Publish the copy plantrack proposes, its redactions accepted.
    Accept {
        /// The opinion.
        opinion: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Publish a copy edited by the officer.
    Publish {
        /// The opinion.
        opinion: i64,
        /// The copy to publish.
        #[arg(long)]
        text: String,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Keep an opinion off the page and out of the table, saying why.
    Reject {
        /// The opinion.
        opinion: i64,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn print_item(i: &ModerationItem, format: &FormatArg, lang: Language) -> Result<(), CliError> {
    match format.format {
        Format::Json => print_json(i),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-moderation-decided",
                &[
                    ("id", i.opinion.id.into()),
                    ("state", i.state.as_str().into())
                ]
            )
        ),
    }
}

pub async fn run(planning: &Planning, a: ModerationArgs, lang: Language) -> Result<(), CliError> {
    let decide = |opinion: i64, m: Moderation| async move {
        planning
            .moderate_public_opinion(Caller::Operator, opinion, &m)
            .await
    };
    match a.cmd {
        Some(ModerationCmd::Accept { opinion, format }) => {
            let i = decide(opinion, Moderation::Publish { text: None }).await?;
            print_item(&i, &format, lang)
        }
        Some(ModerationCmd::Publish {
            opinion,
            text,
            format,
        }) => {
            let i = decide(opinion, Moderation::Publish { text: Some(text) }).await?;
            print_item(&i, &format, lang)
        }
        Some(ModerationCmd::Reject {
            opinion,
            reason,
            format,
        }) => {
            let i = decide(opinion, Moderation::Reject { reason }).await?;
            print_item(&i, &format, lang)
        }
        None => {
            let round = a.round.unwrap_or_default();
            let items = planning.moderation_queue(Caller::Operator, round).await?;
            match a.format.format {
                Format::Json => print_json(&serde_json::json!({ "items": items })),
                Format::Table => {
                    let l = lang.into();
                    outln!(
                        "{}",
                        translate(
                            l,
                            "cli-moderation-summary",
                            &[("round", round.into()), ("count", items.len().into())]
                        )
                    )?;
                    for i in &items {
                        outln!()?;
                        outln!(
                            "#{} [{}{}] {}",
                            i.opinion.id,
                            i.state.as_str(),
                            if i.hidden { ", hidden" } else { "" },
                            one_line(&i.opinion.text)
                        )?;
                        outln!(
                            "  {}",
                            translate(
                                l,
                                "cli-moderation-proposed",
                                &[("text", one_line(&i.proposed_text).into())]
                            )
                        )?;
                        if let Some(copy) = &i.redacted_text {
                            outln!(
                                "  {}",
                                translate(
                                    l,
                                    "cli-moderation-published",
                                    &[
                                        ("text", one_line(copy).into()),
                                        ("by", i.redacted_by.clone().unwrap_or_default().into())
                                    ]
                                )
                            )?;
                        }
                        if !i.reject_reason.is_empty() {
                            outln!(
                                "  {}",
                                translate(
                                    l,
                                    "cli-moderation-rejected",
                                    &[("reason", i.reject_reason.clone().into())]
                                )
                            )?;
                        }
                    }
                    Ok(())
                }
            }
        }
    }
}
