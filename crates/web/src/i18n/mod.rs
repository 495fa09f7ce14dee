//! The reader's language: Vietnamese (first, the default: plantrack's users are Vietnamese
//! officials), English and Indonesian; which one a request gets ([`negotiation`]), and every
//! user-facing text from the Fluent files in it ([`fluent`]).

mod appraisal;
mod appraisal_compare;
mod audit;
mod fluent;
mod negotiation;
mod rules;

pub use appraisal::{describe_figure, finding_verdict_name, verdict_name};
pub use appraisal_compare::{indicator_name, indicator_value, outlier_text, shown_indicators};
pub use audit::describe_projection_problem;

pub use fluent::translate;
pub use fluent_templates::fluent_bundle::FluentValue;
pub use negotiation::{LANG_COOKIE, language_cookie};
pub use plantrack_domain::Language;
pub use rules::{constraint_name, landuse_name};

/// The reader's language, as a request carries it (an extractor: see [`negotiation`]). It is
/// the domain's [`Language`] on the web side; the two convert into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
    Id,
}

impl From<Lang> for Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Vi => Language::Vi,
            Lang::En => Language::En,
            Lang::Id => Language::Id,
        }
    }
}

impl From<Language> for Lang {
    fn from(language: Language) -> Self {
        match language {
            Language::Vi => Lang::Vi,
            Language::En => Lang::En,
            Language::Id => Lang::Id,
        }
    }
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Vi, Lang::En, Lang::Id];

    pub fn language(self) -> Language {
        self.into()
    }

    pub fn code(self) -> &'static str {
        self.language().code()
    }

    pub fn parse(s: &str) -> Option<Self> {
        Language::parse(s).map(Lang::from)
    }
}
