//! The plantrack application: command line, configuration, logging, and the Lai Châu demo.

pub mod cli;
pub mod demo;
