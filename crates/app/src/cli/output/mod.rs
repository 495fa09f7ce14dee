//! What the commands print: the `--format` choice, JSON and plain text on standard output,
//! tables (`table`) and the progress line on standard error (`progress`).

pub mod json;
pub mod progress;
pub mod table;

use std::io::Write;

use clap::{Args, ValueEnum};

pub use json::print_json;

use super::CliError;

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Writes to standard output; a closed pipe comes back as an I/O error the caller ignores.
pub fn out(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
