//! The rule table of a conformance check: land-use categories, constraint categories with
//! the department that owns each, and the verdict for each pair. A province edits it as data
//! (`crates/gis/rules/vn.default.toml` is the default).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::GisError;

/// What an overlap of a land-use category with a constraint category means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Allowed,
    Forbidden,
    /// Needs the written opinion of the constraint's department.
    Consult,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Name {
    pub vi: String,
    #[serde(default)]
    pub en: String,
    /// Indonesian; a rule table written for Vietnam may leave it out.
    #[serde(default)]
    pub id: String,
}

impl Name {
    /// The name in a language ("vi", "en", "id"): Indonesian falls back to English, and
    /// either to Vietnamese, so a reader never meets an empty name.
    ///
    /// ```
    /// use plantrack_gis::check::rules::Name;
    /// let name = Name { vi: "Đất ở".into(), en: "Residential".into(), id: String::new() };
    /// assert_eq!(name.in_language("vi"), "Đất ở");
    /// assert_eq!(name.in_language("id"), "Residential");
    /// ```
    pub fn in_language(&self, code: &str) -> &str {
        let wanted = match code {
            "id" if !self.id.is_empty() => &self.id,
            "id" | "en" => &self.en,
            _ => &self.vi,
        };
        if wanted.is_empty() { &self.vi } else { wanted }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LandUse {
    pub category: String,
    pub name: Name,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    pub category: String,
    pub name: Name,
    /// The department to consult, which owns the constraint's layers.
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub constraint: String,
    /// A land-use category, or `*` for every category without a rule of its own.
    pub landuse: String,
    pub verdict: Verdict,
}

/// A norm of the land-use balance, in m² per person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Norm {
    pub category: String,
    #[serde(default)]
    pub min_m2_per_person: Option<f64>,
    #[serde(default)]
    pub max_m2_per_person: Option<f64>,
    #[serde(default)]
    pub basis: String,
}

/// A public facility the plan must provide, and its service radius.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    pub category: String,
    pub radius_m: f64,
}

/// How road access is judged: the plan's road land use, the constraint categories of the
/// national and provincial network, and the touching tolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roads {
    pub landuse: String,
    pub network: Vec<String>,
    #[serde(default = "default_touch")]
    pub touch_m: f64,
}

fn default_touch() -> f64 {
    0.5
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    pub version: u32,
    pub name: String,
    /// Overlaps smaller than this (m²) are slivers, not conflicts.
    #[serde(default = "default_min_area")]
    pub min_area_m2: f64,
    #[serde(rename = "landuse")]
    pub landuses: Vec<LandUse>,
    #[serde(rename = "constraint")]
    pub constraints: Vec<Constraint>,
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
    #[serde(rename = "norm", default)]
    pub norms: Vec<Norm>,
    #[serde(rename = "facility", default)]
    pub facilities: Vec<Facility>,
    #[serde(default)]
    pub roads: Option<Roads>,
    #[serde(skip)]
    table: HashMap<(String, String), Verdict>,
}

fn default_min_area() -> f64 {
    1.0
}

/// The rules plantrack ships.
pub const DEFAULT_RULES: &str = include_str!("../../rules/vn.default.toml");

impl Rules {
    /// Reads and checks a rule file: every rule names known categories, no pair twice.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, GisError> {
        let parse = |message: String| GisError::Parse {
            file: file.to_owned(),
            message,
        };
        let mut rules: Rules = toml::from_str(text).map_err(|e| parse(e.to_string()))?;
        if rules.min_area_m2.is_nan() || rules.min_area_m2 < 0.0 {
            return Err(parse("min_area_m2 must be zero or more".into()));
        }
        for f in &rules.facilities {
            if rules.landuse(&f.category).is_none() || f.radius_m.is_nan() || f.radius_m <= 0.0 {
                return Err(parse(format!(
                    "facility '{}': needs a known land-use category and a radius above 0",
                    f.category
                )));
            }
        }
        if let Some(r) = &rules.roads
            && (rules.landuse(&r.landuse).is_none()
                || r.network.iter().any(|c| rules.constraint(c).is_none()))
        {
            return Err(parse(
                "roads: unknown land-use or constraint category".into(),
            ));
        }
        for n in &rules.norms {
            if rules.landuse(&n.category).is_none() {
                return Err(parse(format!(
                    "norm: unknown land-use category '{}'",
                    n.category
                )));
            }
        }
        for (i, r) in rules.rules.iter().enumerate() {
            if rules.constraint(&r.constraint).is_none() {
                return Err(parse(format!(
                    "rule {}: unknown constraint category '{}'",
                    i + 1,
                    r.constraint
                )));
            }
            if r.landuse != "*" && rules.landuse(&r.landuse).is_none() {
                return Err(parse(format!(
                    "rule {}: unknown land-use category '{}'",
                    i + 1,
                    r.landuse
                )));
            }
            let key = (r.landuse.clone(), r.constraint.clone());
            if rules.table.insert(key, r.verdict).is_some() {
                return Err(parse(format!(
                    "rule {}: '{}' × '{}' is given twice",
                    i + 1,
                    r.landuse,
                    r.constraint
                )));
            }
        }
        Ok(rules)
    }

    pub fn default_rules() -> Self {
        Self::from_toml("vn.default.toml", DEFAULT_RULES).expect("the shipped rules are valid")
    }

    pub fn landuse(&self, category: &str) -> Option<&LandUse> {
        self.landuses.iter().find(|l| l.category == category)
    }

    pub fn constraint(&self, category: &str) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.category == category)
    }

    /// The verdict for a land-use category over a constraint category: its own rule, else
    /// the constraint's `*` rule, else "consult" (unknown is never silently allowed).
    pub fn verdict(&self, landuse: &str, constraint: &str) -> Verdict {
        self.table
            .get(&(landuse.to_owned(), constraint.to_owned()))
            .or_else(|| self.table.get(&("*".to_owned(), constraint.to_owned())))
            .copied()
            .unwrap_or(Verdict::Consult)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_read_and_answer() {
        let r = Rules::default_rules();
        assert_eq!(
            r.verdict("residential", "defence_security"),
            Verdict::Forbidden
        );
        assert_eq!(
            r.verdict("defence_security", "defence_security"),
            Verdict::Allowed
        );
        assert_eq!(r.verdict("residential", "tourism_area"), Verdict::Consult);
        assert_eq!(r.verdict("tourism", "tourism_area"), Verdict::Allowed);
        assert_eq!(
            r.constraint("power_corridor").unwrap().department,
            "Sở Công Thương"
        );
    }

    #[test]
    fn a_bad_rule_file_is_refused_with_the_reason() {
        let base = "version = 1\nname = 'x'\n[[landuse]]\ncategory = 'residential'\nname = { vi = 'Đất ở' }\n\
                    [[constraint]]\ncategory = 'heritage'\nname = { vi = 'Di tích' }\ndepartment = 'Sở VHTTDL'\n";
        let unknown =
            format!("{base}[[rule]]\nconstraint = 'flood'\nlanduse = '*'\nverdict = 'forbidden'\n");
        let err = Rules::from_toml("r.toml", &unknown)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown constraint category 'flood'"), "{err}");
        let twice = format!(
            "{base}[[rule]]\nconstraint = 'heritage'\nlanduse = '*'\nverdict = 'forbidden'\n\
             [[rule]]\nconstraint = 'heritage'\nlanduse = '*'\nverdict = 'consult'\n"
        );
        assert!(
            Rules::from_toml("r.toml", &twice)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let verdict =
            format!("{base}[[rule]]\nconstraint = 'heritage'\nlanduse = '*'\nverdict = 'maybe'\n");
        assert!(Rules::from_toml("r.toml", &verdict).is_err());
        // A pair with no rule at all asks for the department's opinion.
        let none = Rules::from_toml("r.toml", base).unwrap();
        assert_eq!(none.verdict("residential", "heritage"), Verdict::Consult);
    }
}
