//! Why an appraisal refuses a finding, an overrule or a pass, in the reader's words: items
//! named by their titles in the checklist, never by their keys.

use plantrack_domain::appraisal::{AppraisalProblem, Checklist};

use crate::i18n::Lang;

pub(super) fn appraisal_problem(p: &AppraisalProblem, lang: Lang) -> String {
    use AppraisalProblem as P;
    let title = |key: &str| {
        Checklist::item_title(key).map_or_else(|| key.to_owned(), |t| t.get(lang).to_owned())
    };
    let args: Vec<(&str, String)> = match p {
        P::NotAtAppraisal { .. } => Vec::new(),
        P::OtherChecklistVersion { asked, current } => {
            vec![("asked", asked.clone()), ("current", current.clone())]
        }
        P::UnknownItem { item } => vec![("item", item.clone())],
        P::CommentRequired { item } | P::NothingToOverrule { item } => {
            vec![("item", title(item))]
        }
        P::CommentTooLong { max } => vec![("max", max.to_string())],
        P::FindingsNeedRevision { items } => vec![
            ("count", items.len().to_string()),
            (
                "items",
                items
                    .iter()
                    .map(|i| title(i))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ],
    };
    let args: Vec<_> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
    lang.t_args(&format!("appraisal-problem-{}", p.key()), &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_pass_names_the_items_by_their_titles() {
        let p = AppraisalProblem::FindingsNeedRevision {
            items: vec!["higher_plans".into()],
        };
        let vi = appraisal_problem(&p, Lang::Vi);
        assert!(vi.contains("Phù hợp với quy hoạch tỉnh"), "{vi}");
        assert!(!vi.contains("higher_plans"), "{vi}");
        let en = appraisal_problem(&p, Lang::En);
        assert!(en.contains("Consistent with the provincial plan"), "{en}");
    }
}
