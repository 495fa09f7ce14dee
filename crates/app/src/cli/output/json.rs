//! Pretty JSON on standard output, for `--format json`.

use std::io::Write;

use crate::cli::CliError;

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| CliError::Io(e.into()))?;
    writeln!(out)?;
    Ok(())
}
