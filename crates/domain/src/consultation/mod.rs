//! Consultation on a draft plan (Law 47/2024/QH15 Art 37): what the commune decides about the
//! opinions it collects.
//!
//! - [`grouping`]: similar opinions grouped automatically, with the officer's corrections kept.

pub mod grouping;
