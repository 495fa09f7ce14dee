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
/// `println!` that returns the error instead of panicking (a reader that stopped early, as
/// `| head` does, is a broken pipe, which the command line treats as done).
macro_rules! outln {
    () => {
        $crate::cli::output::out("\n")
    };
    ($($arg:tt)*) => {
        $crate::cli::output::out(&format!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use outln;

/// `print!` that returns the error instead of panicking.
macro_rules! outp {
    ($($arg:tt)*) => {
        $crate::cli::output::out(&format!($($arg)*))
    };
}
pub(crate) use outp;

pub fn out(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
