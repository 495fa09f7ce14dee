//! The conformance check of a plan's land-use map against the departments' constraint
//! layers: every overlap of a zone with a constraint, its area in m² in the province's
//! VN-2000 TM-3 plane, where it is, the verdict of the rule table, and the department to
//! consult. Layers checked with no conflict are reported as checked, so that "no conflict"
//! is never confused with "not checked".
//!
//! Inputs follow the contract of `plantrack check`: RFC 7946 GeoJSON; a zone's land-use
//! category and a constraint's category are each feature's `category` property; feature ids
//! are the GeoJSON `id`.

pub mod appraisal;
pub mod clip;
pub mod plan_quality;
pub mod rules;
pub mod services;
pub mod stream;

mod conflicts;
mod read;
mod report;

pub use conflicts::{CheckReport, Conflict, LayerResult, LayerStatus, check};
pub(crate) use conflicts::{Dropped, Indexed, assemble, checkable, conflict, envelope};
pub use read::{
    Layer, PlaneFeature, constraint_feature, read_boundary, read_boundary_path, read_layer,
    read_layer_path, read_plan, read_plan_path,
};
pub(crate) use report::complete;
pub use report::{CheckVerdict, FullReport, Plan, full_check};
