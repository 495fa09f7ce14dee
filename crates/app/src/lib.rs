//! The plantrack application: command line, configuration, logging, and the Lai Châu demo.

pub mod accounts_cli;
pub mod check_cli;
pub mod cli;
pub mod demo;
pub mod layers_cli;
pub mod progress_line;
pub mod table;
