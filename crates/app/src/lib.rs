//! The plantrack application: command line, configuration, logging, and the Lai Châu demo.

// The command line is the one part of plantrack that writes to the terminal.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub mod cli;
pub mod demo;
pub mod digest;
