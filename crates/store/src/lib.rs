//! Storage for plantrack, and the use cases that combine it with the domain.
//!
//! One implementation serves both backends. It speaks to SQLite and PostgreSQL through sqlx's
//! `Any` driver with SQL that both accept (`$n` placeholders, `RETURNING`, `ON CONFLICT`),
//! storing only the types `Any` maps (integers, reals, text, blobs): dates are ISO text, JSON
//! is text, geometry is WKB. Each backend has its own migration folder, so the schemas can use
//! their own idioms (identity columns, trigger functions) while the queries stay shared.
//! Where the dialects differ, [`db::Backend`] says so in one place.

pub mod accounts;
pub mod app_role;
pub mod appraisal;
pub mod appraisal_compare;
pub mod audit;
pub mod backup;
pub mod blobs;
pub mod bulk;
pub mod calendar;
mod check_cache;
pub mod consultant;
pub mod consultation;
mod db;
pub mod decisions;
pub mod dossiers;
pub mod error;
pub mod features;
pub mod follow_up;
mod forecast;
pub mod funding;
pub mod import_jobs;
pub mod layer_features;
pub mod layer_import;
pub mod layers;
pub mod map;
pub mod planning;
pub mod plans;
pub mod progress;
mod span_bins;
mod spans;
mod stage_counts;
pub mod templates;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod units;

pub use db::Backend;
pub use error::StoreError;
pub use planning::Planning;
