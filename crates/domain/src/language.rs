//! The languages plantrack speaks: Vietnamese first (its users are Vietnamese officials),
//! English and Indonesian. Codes travel as this type, never as bare strings.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Vi,
    En,
    Id,
}

impl Language {
    /// The ISO 639-1 code: `vi`, `en`, `id`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
            Language::Id => "id",
        }
    }

    /// A code or a language tag (`vi`, `en-GB`, `id`, or the older `in` for Indonesian).
    ///
    /// ```
    /// use plantrack_domain::language::Language;
    /// assert_eq!(Language::parse("en-GB"), Some(Language::En));
    /// assert_eq!(Language::parse("in"), Some(Language::Id));
    /// assert_eq!(Language::parse("fr"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("vi") => Some(Language::Vi),
            Some("en") => Some(Language::En),
            Some("id" | "in") => Some(Language::Id),
            _ => None,
        }
    }
}

impl std::str::FromStr for Language {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::parse(s).ok_or_else(|| format!("'{s}': expected vi, en or id"))
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
