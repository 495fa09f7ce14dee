//! `plantrack consultation`: consultation rounds on a dossier's draft plan (issue 15), one file
//! per family of subcommands — the rounds (`list`, `open`, `show`), the register of agencies
//! (`agency …`), residents' opinions and their answers (`opinion add`, `answer`, `summary`),
//! the synthesis table's export (`export`), the province's rules (`rules`),
//! and the grouping of similar opinions (`group`, from a file, without a database). The commune officer fills the table here
//! without the API; every subcommand has `--format json`.

pub mod agency;
pub mod export;
pub mod group;
pub mod groups;
pub mod moderation;
pub mod notify;
pub mod opinion;
pub mod rounds;
pub mod rules;

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
    /// A round's opinions grouped (as the pages show them), the officer's merges and splits
    /// kept.
    #[command(alias = "groups")]
    Regroup(groups::RegroupArgs),
    /// Make two groups of a round one (named by an opinion of each); kept by later groupings.
    Merge(groups::MergeArgs),
    /// Take an opinion out of its group; kept by later groupings.
    Split(groups::SplitArgs),
    /// Answer every opinion of a group at once under one topic.
    GroupAnswer(groups::GroupAnswerArgs),
    /// The queue of opinions sent through a round's public page (`moderation ROUND`), and the
    /// decisions on them: `accept`, `publish --text`, `reject --reason`.
    Moderation(moderation::ModerationArgs),
    /// A province's consultation rules: read them, or set whether an agency's silence past
    /// its deadline counts as agreement.
    Rules(rules::RulesArgs),
    /// Send the answers of a complete table by e-mail to those who left an address (once
    /// each; failed ones are tried again).
    Notify(notify::NotifyArgs),
    /// Write the letters (PDF, by hamlet) for those who left a name and no e-mail address.
    Letters(notify::LettersArgs),
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
        ConsultationCmd::Regroup(args) => groups::regroup(planning, args, lang).await,
        ConsultationCmd::Merge(args) => groups::merge(planning, args, lang).await,
        ConsultationCmd::Split(args) => groups::split(planning, args, lang).await,
        ConsultationCmd::GroupAnswer(args) => groups::answer(planning, args, lang).await,
        ConsultationCmd::Moderation(args) => moderation::run(planning, args, lang).await,
        ConsultationCmd::Rules(args) => rules::run(planning, args, lang).await,
        ConsultationCmd::Notify(args) => notify::notify(planning, args, lang).await,
        ConsultationCmd::Letters(args) => notify::write_letters(planning, args, lang).await,
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
