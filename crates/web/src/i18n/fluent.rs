//! The texts in the Fluent files (`crates/web/locales/<lang>/*.ftl`, every file of a
//! language's folder), looked up by key in a language, with arguments.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use super::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        // Unicode isolation marks around arguments would show up in plain-text contexts.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    static IDS: LazyLock<[LanguageIdentifier; 3]> =
        LazyLock::new(|| Lang::ALL.map(|l| l.code().parse().expect("a valid language tag")));
    &IDS[lang as usize]
}

fn arguments<'a>(args: &[(&str, FluentValue<'a>)]) -> HashMap<Cow<'static, str>, FluentValue<'a>> {
    args.iter()
        .map(|(k, v)| (Cow::Owned((*k).to_owned()), v.clone()))
        .collect()
}

/// Message `key` in `lang`, with arguments (`{ $name }` in the message): for the command
/// line and anything else outside a request.
pub fn translate(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    LOCALES.lookup_with_args(langid(lang), key, &arguments(args))
}

impl Lang {
    /// The text `key` from the Fluent files.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(langid(self), key)
    }

    /// The text `key` with arguments (`{ $name }` in the Fluent message).
    pub fn t_args(self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        translate(self, key, args)
    }

    /// The text `key`, or none when no Fluent file has it (for keys built from data that
    /// may name something without a message).
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(langid(self), key)
    }
}

#[cfg(test)]
mod fluent_tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The text of every `.ftl` file of each language's folder, Vietnamese first.
    fn files() -> Vec<(&'static str, String)> {
        Lang::ALL
            .iter()
            .map(|l| {
                let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("locales")
                    .join(l.code());
                let mut text = String::new();
                for entry in std::fs::read_dir(dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.extension().is_some_and(|e| e == "ftl") {
                        text.push_str(&std::fs::read_to_string(path).unwrap());
                        text.push('\n');
                    }
                }
                (l.code(), text)
            })
            .collect()
    }

    fn keys(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k).or(l.strip_suffix(" =")))
            .filter(|k| {
                k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Every key used as a string literal in a template or in the crate's code.
    fn used_keys() -> BTreeSet<String> {
        fn walk(dir: &std::path::Path, used: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, used);
                    continue;
                }
                let text = std::fs::read_to_string(path).unwrap();
                for marker in [".t(\"", "t_args(\""] {
                    for (i, _) in text.match_indices(marker) {
                        let rest = &text[i + marker.len()..];
                        if let Some(end) = rest.find('"') {
                            used.insert(rest[..end].to_owned());
                        }
                    }
                }
            }
        }
        let mut used = BTreeSet::new();
        for dir in ["templates", "src"] {
            walk(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
                &mut used,
            );
        }
        used
    }

    #[test]
    fn the_three_languages_have_the_same_messages() {
        let files = files();
        let vi = keys(&files[0].1);
        assert!(vi.len() > 100, "found only {} keys", vi.len());
        for (lang, text) in &files[1..] {
            let other = keys(text);
            assert_eq!(
                vi.symmetric_difference(&other).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "vi and {lang} differ"
            );
        }
    }

    #[test]
    fn every_key_the_pages_use_exists() {
        use plantrack_domain::access::Role;
        use plantrack_domain::plan::PlanType;

        let vi = keys(&files()[0].1);
        let missing: Vec<_> = used_keys()
            .into_iter()
            .filter(|k| !vi.contains(k))
            .collect();
        assert!(
            missing.is_empty(),
            "missing from the .ftl files: {missing:?}"
        );
        // Keys built from a value: one per value.
        let mut built: Vec<String> = Vec::new();
        built.extend(
            PlanType::ALL
                .iter()
                .map(|t| format!("plan-type-{}", t.as_str())),
        );
        built.extend(Role::ALL.iter().map(|r| format!("role-{}", r.as_str())));
        built.extend(["active", "on_hold", "completed"].map(|s| format!("status-{s}")));
        built.extend(
            ["province", "commune", "ward", "special_zone"].map(|k| format!("unit-kind-{k}")),
        );
        built.extend(["full", "partial"].map(|m| format!("merge-{m}")));
        built.extend(["V", "S", "U"].map(|v| format!("verification-{v}")));
        built.extend(
            plantrack_domain::workflow::template::COMMAND_PERMISSIONS
                .iter()
                .map(|p| format!("permission-{p}")),
        );
        for code in [
            "illegal-transition",
            "role-not-allowed",
            "missing-documents",
            "unanswered-opinions",
            "wrong-status",
            "version-conflict",
            "bad-date",
            "invalid-field",
            "amount-out-of-bounds",
        ] {
            built.push(format!("problem-{code}-title"));
            built.push(format!("problem-{code}-detail"));
        }
        built.extend(["invalid-template", "refused"].map(|code| format!("problem-{code}-title")));
        built.extend(
            [
                "dossier",
                "plan",
                "unit",
                "template",
                "user",
                "organisation",
                "token",
                "decision",
            ]
            .map(|t| format!("thing-{t}")),
        );
        let missing: Vec<_> = built.into_iter().filter(|k| !vi.contains(k)).collect();
        assert!(
            missing.is_empty(),
            "missing from the .ftl files: {missing:?}"
        );
    }

    #[test]
    fn arguments_and_plurals_render() {
        assert_eq!(
            Lang::Vi.t_args("days-late", &[("days", 3.into())]),
            "trễ 3 ngày"
        );
        assert_eq!(
            Lang::En.t_args("days-late", &[("days", 1.into())]),
            "1 day late"
        );
        assert_eq!(
            Lang::En.t_args("days-late", &[("days", 4.into())]),
            "4 days late"
        );
        assert_eq!(Lang::Id.t("logout"), "Keluar");
        assert_eq!(Lang::Vi.t("logout"), "Đăng xuất");
        assert_eq!(
            translate(Lang::Id, "days-late", &[("days", 2.into())]),
            Lang::Id.t_args("days-late", &[("days", 2.into())])
        );
        assert_eq!(Lang::En.try_t("no-such-message"), None);
    }
}
