//! The dossier list (filters and search) and the dossier page: where it stands, what is due,
//! what is missing, what the reader may do now, its documents and its whole history. The
//! forms post here; each runs one command through [`plantrack_store::Planning::execute`],
//! exactly as the API does, as the signed-in account.

mod blockers;
mod commands;
mod history;
mod landuse;
mod list;
mod moves;
mod page;

pub(crate) use blockers::category_key;
pub use blockers::{
    FollowUpSection, ask_information, follow_up_panel, lift_blocker, record_blocker,
    withdraw_information,
};
pub use commands::{accept_conflict, execute_form, extend, hold, resume, transition};
pub use history::{EventLine, describe_events, role_name};
pub use list::list_page;
pub use moves::blocker_text;
pub use page::{build_page, dossier_page};
