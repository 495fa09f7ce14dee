//! The names, in the reader's language, of the keys a refusal carries: stages, document kinds,
//! moves and template roles. The workflow refuses with keys (it speaks no language); a person
//! reads the names. The built-in templates share their keys, so their names serve every
//! refusal; a key no built-in knows (a province's own template) is shown as it is.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use plantrack_domain::workflow::{LocalText, Template};

use crate::i18n::Lang;

/// Each kind of key's names, from the first built-in template that has the key.
#[derive(Default)]
struct Names {
    stages: BTreeMap<String, LocalText>,
    documents: BTreeMap<String, LocalText>,
    actions: BTreeMap<String, LocalText>,
    roles: BTreeMap<String, LocalText>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let mut names = Names::default();
    for (t, _) in Template::builtin() {
        for s in &t.stages {
            names.stages.entry(s.key.clone()).or_insert(s.name.clone());
        }
        for d in &t.documents {
            names
                .documents
                .entry(d.key.clone())
                .or_insert(d.name.clone());
        }
        for tr in &t.transitions {
            names
                .actions
                .entry(tr.action.clone())
                .or_insert(tr.name.clone());
        }
        for r in &t.roles {
            names.roles.entry(r.key.clone()).or_insert(r.name.clone());
        }
    }
    names
});

fn lookup(map: &BTreeMap<String, LocalText>, key: &str, lang: Lang) -> String {
    map.get(key)
        .map_or_else(|| key.to_owned(), |n| n.get(lang).to_owned())
}

/// A list of keys as written in a refusal ("a, b"), each by its name.
fn list(map: &BTreeMap<String, LocalText>, keys: &str, lang: Lang) -> String {
    keys.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| lookup(map, k, lang))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn stage(key: &str, lang: Lang) -> String {
    lookup(&NAMES.stages, key, lang)
}

pub fn documents(keys: &str, lang: Lang) -> String {
    list(&NAMES.documents, keys, lang)
}

pub fn roles(keys: &str, lang: Lang) -> String {
    list(&NAMES.roles, keys, lang)
}

/// A move (a transition's action) or another command (`hold`, `attach_document`, …).
pub fn action(key: &str, lang: Lang) -> String {
    NAMES.actions.get(key).map_or_else(
        || {
            lang.try_t(&format!("permission-{key}"))
                .unwrap_or_else(|| key.to_owned())
        },
        |n| n.get(lang).to_owned(),
    )
}

/// A dossier's status (`active`, `on_hold`, `completed`).
pub fn status(key: &str, lang: Lang) -> String {
    lang.try_t(&format!("status-{key}"))
        .unwrap_or_else(|| key.to_owned())
}
