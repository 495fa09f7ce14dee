//! The names of the conformance rules' categories (land uses, constraints) in the reader's
//! language, so that no page shows a category's key ("residential", "rice_land").

use std::sync::LazyLock;

use plantrack_gis::check::rules::Rules;

use super::Lang;

/// The rules the server checks maps with: their categories are the ones stored checks name.
static RULES: LazyLock<Rules> = LazyLock::new(Rules::default_rules);

/// A land-use category's name; a category the rules do not know keeps what the map said.
pub fn landuse_name(lang: Lang, category: &str) -> String {
    RULES.landuse(category).map_or_else(
        || category.to_owned(),
        |l| l.name.in_language(lang.code()).to_owned(),
    )
}

/// A constraint category's name; a category the rules do not know keeps what the layer said.
pub fn constraint_name(lang: Lang, category: &str) -> String {
    RULES.constraint(category).map_or_else(
        || category.to_owned(),
        |c| c.name.in_language(lang.code()).to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_is_named_in_every_language() {
        for lang in [Lang::Vi, Lang::En, Lang::Id] {
            for l in &RULES.landuses {
                let name = landuse_name(lang, &l.category);
                assert!(
                    !name.is_empty() && name != l.category,
                    "{lang:?} {}",
                    l.category
                );
            }
            for c in &RULES.constraints {
                let name = constraint_name(lang, &c.category);
                assert!(
                    !name.is_empty() && name != c.category,
                    "{lang:?} {}",
                    c.category
                );
            }
        }
        assert_eq!(landuse_name(Lang::Vi, "residential"), "Đất ở");
        assert_eq!(landuse_name(Lang::Id, "residential"), "Permukiman");
        assert_eq!(constraint_name(Lang::En, "rice_land"), "Rice land");
        assert_eq!(landuse_name(Lang::En, "unheard_of"), "unheard_of");
    }
}
