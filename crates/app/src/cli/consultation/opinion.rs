//! `consultation opinion add`, `answer` and `summary`: residents' opinions and the table's
//! answers, entered by the commune.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::consultation::{OpinionSource, ResponseKind};
use plantrack_store::Planning;
use plantrack_store::consultation::{NewAnswer, NewOpinion, NewSummary, Opinion};
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::{Format, FormatArg, outln, print_json};

#[derive(Debug, Subcommand)]
pub enum OpinionCmd {
    /// Enter an opinion collected on paper, at a meeting or at the public display.
    Add {
        /// The round.
        round: i64,
        /// paper, meeting, public_display.
        #[arg(long, value_parser = parse_source)]
        source: OpinionSource,
        /// The text as submitted.
        #[arg(long)]
        text: String,
        /// The author's name (anonymous when absent).
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value = "")]
        hamlet: String,
        #[arg(long, default_value = "")]
        contact: String,
        /// Others who signed it.
        #[arg(long, default_value_t = 0)]
        cosigners: i64,
        /// The day it was received (today by default).
        #[arg(long)]
        received: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The round.
    pub round: i64,
    #[arg(long)]
    pub opinion: i64,
    /// A key of the province's topic list (land_use, roads, compensation, …).
    #[arg(long)]
    pub topic: String,
    /// accepted, explained, not_in_scope.
    #[arg(long, value_parser = parse_response)]
    pub response: ResponseKind,
    /// What changed (accepted), or why not (explained).
    #[arg(long, default_value = "")]
    pub text: String,
    /// The point of the opinion answered (the whole opinion when absent).
    #[arg(long, default_value = "")]
    pub point: String,
    #[arg(long)]
    pub on: Option<NaiveDate>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// The round.
    pub round: i64,
    #[arg(long)]
    pub topic: String,
    #[arg(long)]
    pub text: String,
    #[command(flatten)]
    pub format: FormatArg,
}

fn parse_source(s: &str) -> Result<OpinionSource, String> {
    OpinionSource::parse(s)
        .ok_or_else(|| format!("unknown source '{s}'; one of: paper, meeting, public_display"))
}

fn parse_response(s: &str) -> Result<ResponseKind, String> {
    ResponseKind::parse(s)
        .ok_or_else(|| format!("unknown response '{s}'; one of: accepted, explained, not_in_scope"))
}

fn print(o: &Opinion, key: &str, format: &FormatArg, lang: Language) -> Result<(), CliError> {
    match format.format {
        Format::Json => print_json(o),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                key,
                &[("id", o.id.into()), ("answers", o.answers.len().into())]
            )
        ),
    }
}

pub async fn run(planning: &Planning, cmd: OpinionCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        OpinionCmd::Add {
            round,
            source,
            text,
            name,
            hamlet,
            contact,
            cosigners,
            received,
            format,
        } => {
            let o = planning
                .record_opinion(
                    Caller::Operator,
                    round,
                    &NewOpinion {
                        source,
                        author_name: name,
                        hamlet,
                        contact,
                        text,
                        cosigners,
                        received_on: received,
                    },
                )
                .await?;
            print(&o, "cli-consultation-opinion-added", &format, lang)
        }
    }
}

pub async fn answer(planning: &Planning, a: AnswerArgs, lang: Language) -> Result<(), CliError> {
    let o = planning
        .answer_opinion(
            Caller::Operator,
            a.round,
            &NewAnswer {
                opinion_id: a.opinion,
                point: a.point,
                topic: a.topic,
                response: a.response,
                text: a.text,
                on: a.on,
            },
        )
        .await?;
    print(&o, "cli-consultation-answered", &a.format, lang)
}

pub async fn summary(planning: &Planning, s: SummaryArgs, lang: Language) -> Result<(), CliError> {
    let sheet = planning
        .summarise_topic(
            Caller::Operator,
            s.round,
            &NewSummary {
                topic: s.topic.clone(),
                text: s.text,
            },
        )
        .await?;
    match s.format.format {
        Format::Json => print_json(&sheet.topics),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-consultation-summarised",
                &[("topic", s.topic.into())]
            )
        ),
    }
}
