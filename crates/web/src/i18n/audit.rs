//! The history check's findings in the reader's words, for the admin page and the command
//! line alike.

use plantrack_store::audit::ProjectionProblem;

use super::{Lang, translate};

/// One projection difference: which dossier, what (named in the reader's language), the
/// stored value and the one its events give.
pub fn describe_projection_problem(lang: Lang, p: &ProjectionProblem) -> String {
    let nothing = || translate(lang, "audit-nothing", &[]);
    let value = |v: &Option<String>| v.clone().unwrap_or_else(nothing);
    // The stage counts belong to no one dossier: `stage_count.<province/type/template@v/stage/status>`.
    if let Some(("stage_count", key)) = p.what.split_once('.') {
        return translate(
            lang,
            "audit-stage-count",
            &[
                ("key", key.into()),
                ("stored", value(&p.stored).into()),
                ("rebuilt", value(&p.rebuilt).into()),
            ],
        );
    }
    // `state.<field>` names a field of the stored JSON; `span.<column>` a span's column.
    let what = match p.what.split_once('.') {
        Some(("state", field)) => {
            translate(lang, "audit-what-state-field", &[("field", field.into())])
        }
        Some((_, column)) => translate(lang, "audit-what", &[("what", column.into())]),
        None => translate(lang, "audit-what", &[("what", p.what.as_str().into())]),
    };
    let mut args = vec![
        ("dossier", p.dossier_id.into()),
        ("what", what.into()),
        ("stored", value(&p.stored).into()),
        ("rebuilt", value(&p.rebuilt).into()),
    ];
    let key = match p.span_seq {
        Some(seq) => {
            args.push(("span", seq.into()));
            "audit-projection-span"
        }
        None => "audit-projection",
    };
    translate(lang, key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_column_and_both_values_in_each_language() {
        let p = ProjectionProblem {
            dossier_id: 2,
            what: "span.to_on".into(),
            span_seq: Some(3),
            stored: None,
            rebuilt: Some("2025-08-01".into()),
        };
        let en = describe_projection_problem(Lang::En, &p);
        assert!(en.contains("dossier 2") && en.contains("event 3"), "{en}");
        assert!(en.contains("(none)") && en.contains("2025-08-01"), "{en}");
        let vi = describe_projection_problem(Lang::Vi, &p);
        assert!(vi.contains("đến ngày") && vi.contains("(không có)"), "{vi}");
        let id = describe_projection_problem(Lang::Id, &p);
        assert!(id.contains("sampai") && id.contains("(tidak ada)"), "{id}");
    }
}
