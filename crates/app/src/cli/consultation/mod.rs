//! `plantrack consultation`: consultation rounds on a dossier's draft plan (issue 15), one file
//! per family of subcommands — the rounds (`list`, `open`, `show`), the register of agencies
//! (`agency …`), residents' opinions and their answers (`opinion add`, `answer`, `summary`),
//! the synthesis table's export (`export`),
//! and the grouping of similar opinions (`group`, from a file, without a database). The commune officer fills the table here
//! without the API; every subcommand has `--format json`.

pub mod agency;
pub mod export;
pub mod group;
pub mod opinion;
pub mod rounds;

use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_store::Planning;

use super::CliError;

#[derive(Debug, Subcommand)]
pub enum ConsultationCmd {
    /// Consultation rounds with their counts of opinions and answered opinions.
    List(rounds::ListArgs),
    /// Open a round on a dossier: residents 20–30 days, agencies 15 days unless longer.
    Open(rounds::OpenArgs),
    /// A round: its register of agencies, opinions, answers and whether the table is complete.
    Show(rounds::ShowArgs),
    /// The register of agencies consulted: add, consult again, extend, record a reply.
    #[command(subcommand)]
    Agency(agency::AgencyCmd),
    /// Residents' opinions collected on paper, at meetings or at the public display.
    #[command(subcommand)]
    Opinion(opinion::OpinionCmd),
    /// Answer an opinion (or a point of it) under a topic.
    Answer(opinion::AnswerArgs),
    /// Write the summary of a topic.
    Summary(opinion::SummaryArgs),
    /// Write the synthesis and explanation table as DOCX or XLSX.
    Export(export::ExportArgs),
    /// Group similar opinions read from JSON lines ({"id", "text"}, optionally "lon" and
    /// "lat"; `-` for standard input), as the pages do; no database needed.
    Group(group::GroupArgs),
}

pub async fn run(
    planning: &Planning,
    cmd: ConsultationCmd,
    lang: Language,
) -> Result<(), CliError> {
    match cmd {
        ConsultationCmd::List(args) => rounds::list(planning, args, lang).await,
        ConsultationCmd::Open(args) => rounds::open(planning, args, lang).await,
        ConsultationCmd::Show(args) => rounds::show(planning, args, lang).await,
        ConsultationCmd::Agency(cmd) => agency::run(planning, cmd, lang).await,
        ConsultationCmd::Opinion(cmd) => opinion::run(planning, cmd, lang).await,
        ConsultationCmd::Answer(args) => opinion::answer(planning, args, lang).await,
        ConsultationCmd::Summary(args) => opinion::summary(planning, args, lang).await,
        ConsultationCmd::Export(args) => export::run(planning, args, lang).await,
        ConsultationCmd::Group(args) => group::run(&args, lang),
    }
}

/// A consultee's status in the reader's words.
fn status_words(status: plantrack_domain::consultation::ConsulteeStatus, lang: Language) -> String {
    super::translate(
        lang.into(),
        &format!("consultation-status-{}", status.as_str().replace('_', "-")),
        &[],
    )
}
