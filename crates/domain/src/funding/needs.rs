//! Which dossiers need a signed contract: those whose stage is the one that requires the
//! consultant contract (`consultant_contract`) or any later one, until the procedure ends. The
//! template decides which stage that is, so another template's order is followed as it is.

use crate::workflow::Template;

/// The document kind of a consultant's contract.
pub const CONTRACT_DOCUMENT: &str = "consultant_contract";

/// Whether a dossier standing in `stage` of `template` should have a contract by now.
pub fn stage_needs_contract(template: &Template, stage: &str) -> bool {
    let first = template
        .stages
        .iter()
        .position(|s| s.required_documents.iter().any(|d| d == CONTRACT_DOCUMENT));
    let here = template.stages.iter().position(|s| s.key == stage);
    match (first, here) {
        (Some(first), Some(here)) => here >= first && !template.stages[here].terminal,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::Template;

    #[test]
    fn from_the_selection_of_the_consultant_until_the_end() {
        let templates = Template::builtin();
        let (t, _) = templates
            .iter()
            .find(|(t, _)| t.key == "vn.commune_general")
            .unwrap();
        assert!(stage_needs_contract(t, "consultant_selection"));
        assert!(stage_needs_contract(t, &t.stages[1].key));
        let last = t.stages.last().unwrap();
        assert!(last.terminal);
        assert!(!stage_needs_contract(t, &last.key));
        assert!(!stage_needs_contract(t, "no_such_stage"));
    }
}
