//! The plantrack application: command line, configuration, logging, and the Lai Châu demo.

pub mod accounts_cli;
pub mod check_cli;
pub mod cli;
pub mod demo;
pub mod table;
