//! The reader's language: Vietnamese (first, the default: plantrack's users are Vietnamese
//! officials), English and Indonesian; which one a request gets ([`negotiation`]), and every
//! user-facing text from the Fluent files in it ([`fluent`]).

mod fluent;
mod negotiation;

pub use fluent::translate;
pub use fluent_templates::fluent_bundle::FluentValue;
pub use negotiation::{LANG_COOKIE, language_cookie};

/// Kept at their old address: the problems' texts are the errors' subject.
pub use crate::error::{describe_domain, version_conflict};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
    Id,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Vi, Lang::En, Lang::Id];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("vi") => Some(Lang::Vi),
            Some("en") => Some(Lang::En),
            Some("id" | "in") => Some(Lang::Id),
            _ => None,
        }
    }

    /// Picks the text for this language. The web crate's texts are all in the Fluent files
    /// ([`Lang::t`]); the command line (`crates/app/src/cli.rs`) still uses this.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str, id: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
            Lang::Id => id,
        }
    }
}
