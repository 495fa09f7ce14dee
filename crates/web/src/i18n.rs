//! The reader's language, and the API's messages in Vietnamese (first), English and
//! Indonesian. Vietnamese is the default: plantrack's users are Vietnamese officials.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use plantrack_domain::DomainError;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        // Unicode isolation marks around arguments would show up in plain-text contexts.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
    Id,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("vi") => Some(Lang::Vi),
            Some("en") => Some(Lang::En),
            Some("id" | "in") => Some(Lang::Id),
            _ => None,
        }
    }

    /// The language a query string asks for (`lang=`).
    pub fn from_query(query: Option<&str>) -> Option<Self> {
        query.and_then(|q| {
            q.split('&')
                .filter_map(|kv| kv.strip_prefix("lang="))
                .find_map(Lang::parse)
        })
    }

    /// `?lang=` wins, then the first supported language of Accept-Language, then Vietnamese.
    pub fn from_parts(parts: &Parts) -> Self {
        Self::from_headers_and_uri(&parts.headers, &parts.uri)
    }

    pub fn from_headers_and_uri(headers: &axum::http::HeaderMap, uri: &axum::http::Uri) -> Self {
        let from_query = Lang::from_query(uri.query());
        from_query
            .or_else(|| {
                headers
                    .get(axum::http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| {
                        v.split(',')
                            .find_map(|tag| Lang::parse(tag.split(';').next().unwrap_or("")))
                    })
            })
            .unwrap_or(Lang::Vi)
    }

    pub const ALL: [Lang; 3] = [Lang::Vi, Lang::En, Lang::Id];

    fn langid(self) -> &'static LanguageIdentifier {
        static IDS: LazyLock<[LanguageIdentifier; 3]> =
            LazyLock::new(|| Lang::ALL.map(|l| l.code().parse().expect("a valid language tag")));
        &IDS[self as usize]
    }

    /// The page text `key` from the Fluent files (`crates/web/locales/<lang>/main.ftl`).
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.langid(), key)
    }

    /// The page text `key` with arguments (`{ $name }` in the Fluent message).
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES.lookup_with_args(self.langid(), key, &args)
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str, id: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
            Lang::Id => id,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_parts(parts))
    }
}

/// A problem's title and detail in the reader's language.
pub fn describe_domain(e: &DomainError, lang: Lang) -> (String, String) {
    use DomainError::*;
    let t = |vi: &str, en: &str, id: &str| lang.pick(vi, en, id).to_owned();
    match e {
        IllegalTransition { stage, action } => (
            t(
                "Bước chuyển không hợp lệ",
                "Illegal transition",
                "Transisi tidak sah",
            ),
            match lang {
                Lang::Vi => {
                    format!("Không thể thực hiện '{action}' khi hồ sơ đang ở bước '{stage}'.")
                }
                Lang::En => {
                    format!("'{action}' is not allowed while the dossier is in stage '{stage}'.")
                }
                Lang::Id => {
                    format!("'{action}' tidak diizinkan saat berkas berada pada tahap '{stage}'.")
                }
            },
        ),
        RoleNotAllowed {
            role,
            action,
            allowed,
        } => (
            t(
                "Vai trò không được phép",
                "Role not allowed",
                "Peran tidak diizinkan",
            ),
            match lang {
                Lang::Vi => format!(
                    "Vai trò '{role}' không được thực hiện '{action}'. Vai trò được phép: {allowed}."
                ),
                Lang::En => {
                    format!("Role '{role}' may not perform '{action}'. Allowed roles: {allowed}.")
                }
                Lang::Id => format!(
                    "Peran '{role}' tidak boleh melakukan '{action}'. Peran yang diizinkan: {allowed}."
                ),
            },
        ),
        MissingDocuments { stage, missing } => (
            t(
                "Thiếu tài liệu bắt buộc",
                "Required documents missing",
                "Dokumen wajib belum lengkap",
            ),
            match lang {
                Lang::Vi => format!("Chưa thể rời bước '{stage}': còn thiếu tài liệu {missing}."),
                Lang::En => format!("Stage '{stage}' cannot be left yet: missing {missing}."),
                Lang::Id => format!("Tahap '{stage}' belum dapat ditinggalkan: kurang {missing}."),
            },
        ),
        WrongStatus { status, action } => (
            t(
                "Trạng thái hồ sơ không phù hợp",
                "Wrong dossier status",
                "Status berkas tidak sesuai",
            ),
            match lang {
                Lang::Vi => {
                    format!("Hồ sơ đang ở trạng thái '{status}', không thể thực hiện '{action}'.")
                }
                Lang::En => format!("The dossier is {status}; '{action}' is not possible."),
                Lang::Id => {
                    format!("Berkas berstatus '{status}'; '{action}' tidak dapat dilakukan.")
                }
            },
        ),
        VersionConflict { expected, actual } => version_conflict(lang, *expected, *actual),
        BadDate { date, why } => (
            t(
                "Ngày không hợp lệ",
                "Date not allowed",
                "Tanggal tidak diizinkan",
            ),
            match lang {
                Lang::Vi => format!("Ngày hiệu lực {date} không được chấp nhận: {why}."),
                Lang::En => format!("Effective date {date} is not allowed: {why}."),
                Lang::Id => format!("Tanggal berlaku {date} tidak diizinkan: {why}."),
            },
        ),
        InvalidField { field, message } => (
            t(
                "Dữ liệu không hợp lệ",
                "Invalid input",
                "Masukan tidak valid",
            ),
            match lang {
                Lang::Vi => format!("Trường '{field}': {message}."),
                Lang::En => format!("Field '{field}': {message}."),
                Lang::Id => format!("Kolom '{field}': {message}."),
            },
        ),
        InvalidTemplate { template, message } => (
            t(
                "Mẫu quy trình không hợp lệ",
                "Invalid workflow template",
                "Templat alur kerja tidak valid",
            ),
            format!("{template}: {message}"),
        ),
        _ => (
            t(
                "Yêu cầu bị từ chối",
                "Request refused",
                "Permintaan ditolak",
            ),
            e.to_string(),
        ),
    }
}

pub fn version_conflict(lang: Lang, expected: u64, actual: u64) -> (String, String) {
    (
        lang.pick(
            "Hồ sơ đã bị thay đổi",
            "Dossier changed meanwhile",
            "Berkas telah berubah",
        )
        .to_owned(),
        match lang {
            Lang::Vi => format!(
                "Hồ sơ đã ở phiên bản {actual}, yêu cầu dựa trên phiên bản {expected}. Hãy tải lại và thử lại."
            ),
            Lang::En => format!(
                "The dossier is at version {actual}; the request was based on version {expected}. Reload and try again."
            ),
            Lang::Id => format!(
                "Berkas sudah versi {actual}; permintaan berdasarkan versi {expected}. Muat ulang dan coba lagi."
            ),
        },
    )
}

#[cfg(test)]
mod fluent_tests {
    use std::collections::BTreeSet;

    use super::*;

    const FILES: [(&str, &str); 3] = [
        ("vi", include_str!("../locales/vi/main.ftl")),
        ("en", include_str!("../locales/en/main.ftl")),
        ("id", include_str!("../locales/id/main.ftl")),
    ];

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

    /// Every key used in a template or a page handler, as a string literal.
    fn used_keys() -> BTreeSet<String> {
        let mut used = BTreeSet::new();
        for dir in ["templates", "src/pages", "src/ogc"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for entry in std::fs::read_dir(root).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
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
        used
    }

    #[test]
    fn the_three_languages_have_the_same_messages() {
        let vi = keys(FILES[0].1);
        assert!(vi.len() > 100, "found only {} keys", vi.len());
        for (lang, text) in &FILES[1..] {
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
        let vi = keys(FILES[0].1);
        let missing: Vec<_> = used_keys()
            .into_iter()
            .filter(|k| !vi.contains(k))
            .collect();
        assert!(
            missing.is_empty(),
            "missing from the .ftl files: {missing:?}"
        );
        // Keys built from a value: one per value.
        use plantrack_domain::access::Role;
        use plantrack_domain::plan::PlanType;
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
    }
}
