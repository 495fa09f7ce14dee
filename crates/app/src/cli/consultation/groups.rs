//! `consultation regroup`, `merge`, `split` and `group-answer`: a round's similar opinions
//! grouped from the database (the same grouping as `consultation group` and the pages, the
//! officer's corrections kept), the corrections themselves, and one response given to a whole
//! group.

use chrono::NaiveDate;
use clap::Args;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::consultation::ResponseKind;
use plantrack_store::Planning;
use plantrack_store::consultation::groups::{GroupAnswer, GroupMerge, GroupSplit, OpinionGrouping};
use plantrack_web::i18n::translate;

use crate::cli::CliError;
use crate::cli::output::{Format, FormatArg, outln, print_json};

#[derive(Debug, Args)]
pub struct RegroupArgs {
    /// The round.
    pub round: i64,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The round.
    pub round: i64,
    /// An opinion of the first group.
    pub first: i64,
    /// An opinion of the second group.
    pub second: i64,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The round.
    pub round: i64,
    /// The opinion to take out of its group.
    pub opinion: i64,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct GroupAnswerArgs {
    /// The round.
    pub round: i64,
    /// The group's opinions, comma-separated (as `regroup` prints them).
    #[arg(long, value_delimiter = ',', required = true)]
    pub opinions: Vec<i64>,
    /// A key of the province's topic list (land_use, roads, compensation, …).
    #[arg(long)]
    pub topic: String,
    /// accepted, explained, not_in_scope.
    #[arg(long, value_parser = parse_response)]
    pub response: ResponseKind,
    /// What changed (accepted), or why not (explained).
    #[arg(long, default_value = "")]
    pub text: String,
    #[arg(long)]
    pub on: Option<NaiveDate>,
    #[command(flatten)]
    pub format: FormatArg,
}

fn parse_response(s: &str) -> Result<ResponseKind, String> {
    ResponseKind::parse(s)
        .ok_or_else(|| format!("unknown response '{s}'; one of: accepted, explained, not_in_scope"))
}

fn print(g: &OpinionGrouping, format: &FormatArg, lang: Language) -> Result<(), CliError> {
    match format.format {
        Format::Json => print_json(g),
        Format::Table => {
            let l = lang.into();
            let opinions: usize = g.groups.iter().map(|x| x.opinions.len()).sum();
            outln!(
                "{}",
                translate(
                    l,
                    "cli-group-summary",
                    &[
                        ("opinions", opinions.to_string().into()),
                        ("groups", g.groups.len().to_string().into())
                    ]
                )
            )?;
            outln!(
                "{}",
                translate(
                    l,
                    "cli-regroup-corrections",
                    &[("together", g.together.into()), ("apart", g.apart.into())]
                )
            )?;
            for (n, x) in g.groups.iter().enumerate() {
                let ids: Vec<String> = x.opinions.iter().map(ToString::to_string).collect();
                outln!(
                    "{}",
                    translate(
                        l,
                        "cli-regroup-group",
                        &[
                            ("number", (n + 1).into()),
                            ("size", x.opinions.len().into()),
                            ("answered", x.answered.into()),
                            ("representative", x.representative.into()),
                            ("ids", ids.join(", ").into()),
                        ]
                    )
                )?;
            }
            Ok(())
        }
    }
}

pub async fn regroup(planning: &Planning, a: RegroupArgs, lang: Language) -> Result<(), CliError> {
    let g = planning.opinion_groups(Caller::Operator, a.round).await?;
    print(&g, &a.format, lang)
}

pub async fn merge(planning: &Planning, a: MergeArgs, lang: Language) -> Result<(), CliError> {
    let g = planning
        .merge_opinion_groups(
            Caller::Operator,
            a.round,
            &GroupMerge {
                first: a.first,
                second: a.second,
            },
        )
        .await?;
    print(&g, &a.format, lang)
}

pub async fn split(planning: &Planning, a: SplitArgs, lang: Language) -> Result<(), CliError> {
    let g = planning
        .split_opinion_group(
            Caller::Operator,
            a.round,
            &GroupSplit { opinion: a.opinion },
        )
        .await?;
    print(&g, &a.format, lang)
}

pub async fn answer(
    planning: &Planning,
    a: GroupAnswerArgs,
    lang: Language,
) -> Result<(), CliError> {
    let opinions = planning
        .answer_group(
            Caller::Operator,
            a.round,
            &GroupAnswer {
                opinions: a.opinions,
                topic: a.topic,
                response: a.response,
                text: a.text,
                on: a.on,
            },
        )
        .await?;
    match a.format.format {
        Format::Json => print_json(&serde_json::json!({ "opinions": opinions })),
        Format::Table => outln!(
            "{}",
            translate(
                lang.into(),
                "cli-group-answered",
                &[("count", opinions.len().into())]
            )
        ),
    }
}
