//! The content standard of a plan type, as data: a checklist per plan type (TOML beside the
//! workflow templates, versioned), each item with its legal basis, how sure that basis is
//! (V/S/U), its texts in Vietnamese, English and Indonesian, and the evidence that answers it.
//! A province's checklist extends the national one: it adds items, and withdraws a national
//! item only by naming it with a reason, never silently.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DomainError;
use crate::plan::PlanType;
use crate::workflow::template::{LocalText, Template, Verification};

/// The checklists shipped with plantrack: the national one for commune general plans and
/// Lai Châu's additions from its November 2025 meeting.
const BUILTIN: [(&str, &str); 2] = [
    (
        "vn.commune_general",
        include_str!("../../checklists/vn.commune_general.toml"),
    ),
    (
        "vn.12.commune_general",
        include_str!("../../checklists/vn.12.commune_general.toml"),
    ),
];

/// What plantrack measures on the dossier's newest checked land-use map to fill in an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AutoCheck {
    /// Conflicts with the constraint layers of the item's categories (forest, defence, hazards…).
    Conflicts,
    /// Conflicts with the provincial plan's layer, where the province has published one.
    ProvincialPlan,
    /// The land-use balance and m² per person against the norms.
    LanduseBalance,
    /// The plan's zones against the unit's boundary.
    BoundaryCoverage,
    /// Schools, health stations, markets, cultural and sports facilities within their radius of
    /// every residential zone.
    Services,
    /// Residential zones reached by the national and provincial road network.
    RoadAccess,
}

/// The constraint category of the provincial plan's layer, which [`AutoCheck::ProvincialPlan`]
/// looks for.
pub const PROVINCIAL_PLAN_CATEGORY: &str = "provincial_plan";

/// What answers an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A document of the workflow template's kinds (e.g. `drawings`).
    Document { document: String },
    /// A section of the explanatory report, which the appraiser reads.
    ReportSection { section: LocalText },
    /// A check plantrack computes; `constraints` names the constraint categories of
    /// [`AutoCheck::Conflicts`].
    Auto {
        check: AutoCheck,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        constraints: Vec<String>,
    },
}

impl Evidence {
    /// Whether plantrack fills the item in (`auto`) or the appraiser does (`manual`).
    pub fn source(&self) -> &'static str {
        match self {
            Self::Auto { .. } => "auto",
            _ => "manual",
        }
    }
}

/// One thing the plan must contain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub key: String,
    pub title: LocalText,
    pub basis: LocalText,
    pub status: Verification,
    pub evidence: Evidence,
}

/// A national item a province does not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemWithdrawal {
    pub key: String,
    pub reason: LocalText,
}

/// A checklist file: the national one of a plan type, or a province's extension of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub key: String,
    pub version: u32,
    pub country: String,
    /// The province whose checklist this is; none for the national one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// The national checklist a province's extends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    pub plan_type: PlanType,
    pub name: LocalText,
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<ItemWithdrawal>,
}

/// Where an item of an effective checklist comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemScope {
    National,
    Province,
}

/// An item as a dossier is appraised against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct EffectiveItem {
    pub scope: ItemScope,
    #[serde(flatten)]
    pub item: ChecklistItem,
}

/// The national checklist with a province's additions and withdrawals applied: what a
/// dossier of that province is appraised against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct EffectiveChecklist {
    /// `vn.commune_general@1`, or `vn.12.commune_general@1+vn.commune_general@1`: a finding
    /// names the version it was made against.
    pub version: String,
    pub plan_type: PlanType,
    pub name: LocalText,
    pub items: Vec<EffectiveItem>,
    pub withdrawn: Vec<ItemWithdrawal>,
}

impl EffectiveChecklist {
    pub fn item(&self, key: &str) -> Option<&EffectiveItem> {
        self.items.iter().find(|i| i.item.key == key)
    }
}

fn invalid(key: &str, message: impl Into<String>) -> DomainError {
    DomainError::InvalidTemplate {
        template: key.to_owned(),
        message: message.into(),
    }
}

/// A text a person reads must exist in each of plantrack's languages.
fn complete(key: &str, what: &str, text: &LocalText) -> Result<(), DomainError> {
    for (lang, value) in [("vi", &text.vi), ("en", &text.en), ("id", &text.id)] {
        if value.trim().is_empty() {
            return Err(invalid(key, format!("{what}: no text in '{lang}'")));
        }
    }
    Ok(())
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Checklist {
    /// Reads and checks a checklist file.
    pub fn from_toml(text: &str) -> Result<Self, DomainError> {
        let list: Checklist =
            toml::from_str(text).map_err(|e| invalid("checklist", e.message().to_owned()))?;
        list.validate()?;
        Ok(list)
    }

    /// The built-in checklists, each checked once (a broken one is a bug in plantrack).
    pub fn builtin() -> &'static [Checklist] {
        static LISTS: std::sync::LazyLock<Vec<Checklist>> = std::sync::LazyLock::new(|| {
            BUILTIN
                .iter()
                .map(|(key, text)| {
                    Checklist::from_toml(text)
                        .unwrap_or_else(|e| panic!("built-in checklist {key} is invalid: {e}"))
                })
                .collect()
        });
        &LISTS
    }

    /// The checklist a dossier of `plan_type` in `province` is appraised against: the
    /// national one with the province's extension, when there is one.
    /// The title of an item of any built-in checklist: what a history line names a finding
    /// by (item keys are unique across a plan type's national and provincial lists).
    pub fn item_title(item: &str) -> Option<&'static LocalText> {
        Self::builtin()
            .iter()
            .flat_map(|c| c.items.iter())
            .find(|i| i.key == item)
            .map(|i| &i.title)
    }

    pub fn effective_for(
        lists: &[Checklist],
        country: &str,
        province: &str,
        plan_type: PlanType,
    ) -> Option<Result<EffectiveChecklist, DomainError>> {
        let newest = |pick: &dyn Fn(&Checklist) -> bool| {
            lists
                .iter()
                .filter(|l| l.country == country && l.plan_type == plan_type && pick(l))
                .max_by_key(|l| l.version)
        };
        let national = newest(&|l| l.province.is_none())?;
        let local = newest(&|l| {
            l.province.as_deref() == Some(province) && l.extends.as_deref() == Some(&national.key)
        });
        Some(national.effective(local))
    }

    fn validate(&self) -> Result<(), DomainError> {
        let key = &self.key;
        if self.key.is_empty() || self.version == 0 {
            return Err(invalid(key, "a checklist needs a key and a version from 1"));
        }
        complete(key, "name", &self.name)?;
        match (&self.province, &self.extends) {
            (Some(_), None) => {
                return Err(invalid(
                    key,
                    "a province's checklist extends the national one: 'extends' is missing",
                ));
            }
            (None, Some(_)) => {
                return Err(invalid(key, "only a province's checklist extends another"));
            }
            (None, None) if !self.withdrawn.is_empty() => {
                return Err(invalid(key, "only a province's checklist withdraws items"));
            }
            (None, None) if self.items.is_empty() => {
                return Err(invalid(key, "the national checklist has no items"));
            }
            _ => {}
        }
        let mut seen = BTreeSet::new();
        for item in &self.items {
            let at = format!("item '{}'", item.key);
            if !valid_key(&item.key) {
                return Err(invalid(
                    key,
                    format!("{at}: a key is lower-case letters, digits and '_'"),
                ));
            }
            if !seen.insert(item.key.as_str()) {
                return Err(invalid(key, format!("{at} is listed twice")));
            }
            complete(key, &format!("{at} title"), &item.title)?;
            complete(key, &format!("{at} basis"), &item.basis)?;
            match &item.evidence {
                Evidence::Document { document } if document.is_empty() => {
                    return Err(invalid(key, format!("{at}: the document kind is empty")));
                }
                Evidence::ReportSection { section } => {
                    complete(key, &format!("{at} section"), section)?;
                }
                Evidence::Auto {
                    check: AutoCheck::Conflicts,
                    constraints,
                } if constraints.is_empty() => {
                    return Err(invalid(
                        key,
                        format!("{at}: a conflicts check names its constraint categories"),
                    ));
                }
                Evidence::Auto { check, constraints }
                    if *check != AutoCheck::Conflicts && !constraints.is_empty() =>
                {
                    return Err(invalid(
                        key,
                        format!("{at}: only a conflicts check names constraint categories"),
                    ));
                }
                _ => {}
            }
        }
        for w in &self.withdrawn {
            complete(
                key,
                &format!("withdrawal of '{}': reason", w.key),
                &w.reason,
            )?;
        }
        Ok(())
    }

    /// Checks that every document an item names is a document kind of the workflow template
    /// dossiers of this plan type run by.
    pub fn check_documents(&self, template: &Template) -> Result<(), DomainError> {
        for item in &self.items {
            if let Evidence::Document { document } = &item.evidence
                && !template.documents.iter().any(|d| &d.key == document)
            {
                return Err(invalid(
                    &self.key,
                    format!(
                        "item '{}': the template {} has no document kind '{document}'",
                        item.key, template.key
                    ),
                ));
            }
        }
        Ok(())
    }

    /// This (national) checklist with a province's extension applied.
    pub fn effective(&self, local: Option<&Checklist>) -> Result<EffectiveChecklist, DomainError> {
        let mut items: Vec<EffectiveItem> = self
            .items
            .iter()
            .map(|item| EffectiveItem {
                scope: ItemScope::National,
                item: item.clone(),
            })
            .collect();
        let mut version = format!("{}@{}", self.key, self.version);
        let mut withdrawn = Vec::new();
        if let Some(local) = local {
            if local.extends.as_deref() != Some(&self.key) || local.plan_type != self.plan_type {
                return Err(invalid(
                    &local.key,
                    format!("it does not extend {} for the same plan type", self.key),
                ));
            }
            for w in &local.withdrawn {
                let before = items.len();
                items.retain(|i| i.item.key != w.key);
                if items.len() == before {
                    return Err(invalid(
                        &local.key,
                        format!("withdraws '{}', which {} does not have", w.key, self.key),
                    ));
                }
                withdrawn.push(w.clone());
            }
            for item in &local.items {
                if self.items.iter().any(|i| i.key == item.key) {
                    return Err(invalid(
                        &local.key,
                        format!(
                            "item '{}' is already in {}: a province adds items under keys of its own",
                            item.key, self.key
                        ),
                    ));
                }
                items.push(EffectiveItem {
                    scope: ItemScope::Province,
                    item: item.clone(),
                });
            }
            version = format!("{}@{}+{version}", local.key, local.version);
        }
        Ok(EffectiveChecklist {
            version,
            plan_type: self.plan_type,
            name: local.map_or(&self.name, |l| &l.name).clone(),
            items,
            withdrawn,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn national() -> Checklist {
        Checklist::builtin()
            .iter()
            .find(|l| l.province.is_none())
            .expect("the national checklist")
            .clone()
    }

    #[test]
    fn the_builtin_lists_are_complete_and_match_the_template() {
        let lists = Checklist::builtin();
        let template = Template::builtin()
            .into_iter()
            .map(|(t, _)| t)
            .find(|t| t.key == "vn.commune_general")
            .expect("the commune general template");
        for list in lists {
            list.check_documents(&template)
                .expect("documents the template knows");
        }
        let lai_chau = Checklist::effective_for(lists, "VN", "12", PlanType::CommuneGeneral)
            .expect("a checklist for Lai Châu")
            .expect("valid");
        assert_eq!(
            lai_chau.version,
            "vn.12.commune_general@1+vn.commune_general@1"
        );
        assert!(lai_chau.items.len() > national().items.len());
        assert!(
            lai_chau
                .items
                .iter()
                .any(|i| i.item.key == "lc_hazards" && i.scope == ItemScope::Province)
        );
        // Another province gets the national list alone.
        let other = Checklist::effective_for(lists, "VN", "01", PlanType::CommuneGeneral)
            .unwrap()
            .unwrap();
        assert_eq!(other.version, "vn.commune_general@1");
        assert!(Checklist::effective_for(lists, "VN", "12", PlanType::Zoning).is_none());
    }

    fn item(extra: &str) -> String {
        format!(
            r#"key = "x"
version = 1
country = "VN"
plan_type = "commune_general"
name = {{ vi = "X", en = "X", id = "X" }}
[[items]]
key = "a"
title = {{ vi = "A", en = "A", id = "A" }}
basis = {{ vi = "B", en = "B", id = "B" }}
status = "S"
{extra}"#
        )
    }

    #[test]
    fn an_unknown_evidence_kind_or_a_missing_translation_is_refused() {
        assert!(
            Checklist::from_toml(&item(
                r#"evidence = { kind = "document", document = "drawings" }"#
            ))
            .is_ok()
        );
        let unknown =
            Checklist::from_toml(&item(r#"evidence = { kind = "photo", document = "x" }"#))
                .unwrap_err()
                .to_string();
        assert!(unknown.contains("photo"), "{unknown}");
        let unknown_check =
            Checklist::from_toml(&item(r#"evidence = { kind = "auto", check = "vibes" }"#))
                .unwrap_err()
                .to_string();
        assert!(unknown_check.contains("vibes"), "{unknown_check}");
        let no_id = item(r#"evidence = { kind = "auto", check = "services" }"#).replace(
            r#"title = { vi = "A", en = "A", id = "A" }"#,
            r#"title = { vi = "A", en = "A" }"#,
        );
        let missing = Checklist::from_toml(&no_id).unwrap_err().to_string();
        assert!(
            missing.contains("'id'") && missing.contains("title"),
            "{missing}"
        );
        let bare = Checklist::from_toml(&item(
            r#"evidence = { kind = "auto", check = "conflicts" }"#,
        ))
        .unwrap_err()
        .to_string();
        assert!(bare.contains("constraint categories"), "{bare}");
        let twice = format!(
            "{}\n[[items]]\nkey = \"a\"\ntitle = {{ vi = \"A\", en = \"A\", id = \"A\" }}\nbasis = {{ vi = \"B\", en = \"B\", id = \"B\" }}\nstatus = \"V\"\nevidence = {{ kind = \"auto\", check = \"services\" }}",
            item(r#"evidence = { kind = "auto", check = "services" }"#)
        );
        assert!(
            Checklist::from_toml(&twice)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let template = Template::builtin()
            .into_iter()
            .map(|(t, _)| t)
            .find(|t| t.key == "vn.commune_general")
            .unwrap();
        let stray = Checklist::from_toml(&item(
            r#"evidence = { kind = "document", document = "selfie" }"#,
        ))
        .unwrap();
        assert!(
            stray
                .check_documents(&template)
                .unwrap_err()
                .to_string()
                .contains("selfie")
        );
    }

    #[test]
    fn a_province_removes_a_national_item_only_by_saying_why() {
        let base = national();
        let local = |extra: &str| {
            Checklist::from_toml(&format!(
                r#"key = "vn.99.commune_general"
version = 3
country = "VN"
province = "99"
extends = "vn.commune_general"
plan_type = "commune_general"
name = {{ vi = "Y", en = "Y", id = "Y" }}
{extra}"#
            ))
        };
        let withdrawn = local(
            r#"[[withdrawn]]
key = "gis_data"
reason = { vi = "Lý do", en = "Reason", id = "Alasan" }"#,
        )
        .unwrap();
        let effective = base.effective(Some(&withdrawn)).unwrap();
        assert!(effective.item("gis_data").is_none());
        assert_eq!(effective.withdrawn.len(), 1);
        assert_eq!(effective.items.len(), base.items.len() - 1);
        assert_eq!(
            effective.version,
            "vn.99.commune_general@3+vn.commune_general@1"
        );
        // No reason: refused when read.
        assert!(
            local(
                "[[withdrawn]]\nkey = \"gis_data\"\nreason = { vi = \"\", en = \"\", id = \"\" }"
            )
            .is_err()
        );
        // An item that is not there, or a national key reused: refused when applied.
        let ghost = local(
            "[[withdrawn]]\nkey = \"ghost\"\nreason = { vi = \"L\", en = \"R\", id = \"A\" }",
        )
        .unwrap();
        assert!(
            base.effective(Some(&ghost))
                .unwrap_err()
                .to_string()
                .contains("ghost")
        );
        let reused = local(
            "[[items]]\nkey = \"services\"\ntitle = { vi = \"A\", en = \"A\", id = \"A\" }\nbasis = { vi = \"B\", en = \"B\", id = \"B\" }\nstatus = \"S\"\nevidence = { kind = \"auto\", check = \"services\" }",
        )
        .unwrap();
        assert!(
            base.effective(Some(&reused))
                .unwrap_err()
                .to_string()
                .contains("services")
        );
        // A province's file must say what it extends.
        assert!(
            Checklist::from_toml(
                "key = \"p\"\nversion = 1\ncountry = \"VN\"\nprovince = \"12\"\nplan_type = \"commune_general\"\nname = { vi = \"Y\", en = \"Y\", id = \"Y\" }"
            )
            .is_err()
        );
    }
}
