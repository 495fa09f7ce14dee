//! `plantrack consultation …`: the consultation on a draft plan (issue 15).

pub mod group;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ConsultationCmd {
    /// Group similar opinions read from JSON lines ({"id", "text"}, optionally "lon" and
    /// "lat"; `-` for standard input), as the pages do; no database needed.
    Group(group::GroupArgs),
}
