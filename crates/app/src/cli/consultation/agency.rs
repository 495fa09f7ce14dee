//! `consultation agency add|consult|extend|reply|remove`: the register of agencies consulted.

use chrono::NaiveDate;
use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::consultation::ReplyPosition;
use plantrack_store::Planning;
use plantrack_store::consultation::{Consultee, Extension, NewConsultee, NewReply, Reconsultation};
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::table::opt_date;
use crate::cli::output::{Format, FormatArg, outln, print_json};

#[derive(Debug, Subcommand)]
pub enum AgencyCmd {
    /// Add a body to a round's register: an organisation (its id) or a named outside body.
    Add {
        /// The round.
        round: i64,
        #[arg(long, conflicts_with = "name")]
        organisation: Option<i64>,
        /// An outside body's name.
        #[arg(long)]
        name: Option<String>,
        /// Listed, but not required to reply.
        #[arg(long)]
        not_required: bool,
        /// The day the dossier was sent to it (not consulted yet when absent).
        #[arg(long)]
        consulted: Option<NaiveDate>,
        /// Its deadline (15 days after it was consulted by default; never sooner).
        #[arg(long)]
        deadline: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Consult a body (again, after a revision): a new deadline; the old replies are kept.
    Consult {
        /// The consultee.
        id: i64,
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long)]
        deadline: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Give a body that has not replied a later deadline.
    Extend {
        id: i64,
        #[arg(long)]
        deadline: NaiveDate,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record a body's reply from its letter (recorded on its behalf).
    Reply {
        id: i64,
        /// agrees, agrees_with_comments, disagrees.
        #[arg(long, value_parser = parse_position)]
        position: ReplyPosition,
        #[arg(long, default_value = "")]
        text: String,
        /// The letter's number or a link.
        #[arg(long, default_value = "")]
        document: String,
        /// The day it replied (today by default).
        #[arg(long)]
        on: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Remove a body that has not replied from the register.
    Remove { id: i64 },
}

fn parse_position(s: &str) -> Result<ReplyPosition, String> {
    ReplyPosition::parse(s).ok_or_else(|| {
        format!("unknown position '{s}'; one of: agrees, agrees_with_comments, disagrees")
    })
}

fn print(c: &Consultee, format: &FormatArg, lang: Language) -> Result<(), CliError> {
    match format.format {
        Format::Json => print_json(c),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-consultation-consultee",
                &[
                    ("id", c.id.into()),
                    ("name", c.name.clone().into()),
                    ("status", super::status_words(c.status, lang).into()),
                    ("deadline", opt_date(c.deadline).into()),
                ]
            )
        ),
    }
}

pub async fn run(planning: &Planning, cmd: AgencyCmd, lang: Language) -> Result<(), CliError> {
    let operator = Caller::Operator;
    match cmd {
        AgencyCmd::Add {
            round,
            organisation,
            name,
            not_required,
            consulted,
            deadline,
            format,
        } => {
            let c = planning
                .add_consultee(
                    operator,
                    round,
                    &NewConsultee {
                        organisation_id: organisation,
                        outside_name: name,
                        required: !not_required,
                        consulted_on: consulted,
                        deadline,
                    },
                )
                .await?;
            print(&c, &format, lang)
        }
        AgencyCmd::Consult {
            id,
            on,
            deadline,
            format,
        } => {
            let c = planning
                .reconsult(operator, id, &Reconsultation { on, deadline })
                .await?;
            print(&c, &format, lang)
        }
        AgencyCmd::Extend {
            id,
            deadline,
            format,
        } => {
            let c = planning
                .extend_consultee(operator, id, &Extension { deadline })
                .await?;
            print(&c, &format, lang)
        }
        AgencyCmd::Reply {
            id,
            position,
            text,
            document,
            on,
            format,
        } => {
            let c = planning
                .record_reply(
                    operator,
                    id,
                    &NewReply {
                        position,
                        text,
                        document,
                        on,
                    },
                )
                .await?;
            print(&c, &format, lang)
        }
        AgencyCmd::Remove { id } => {
            planning.remove_consultee(operator, id).await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-consultation-removed",
                    &[("id", id.into())]
                )
            )
        }
    }
}
