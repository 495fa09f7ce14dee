//! An archive refused for unpacking too large (a zip bomb, or data to send unpacked), in the
//! reader's language: the API's 413 and the command line's message say the same.

use plantrack_gis::archive::TooLarge;

use crate::i18n::Lang;

/// The title and the detail, naming the limits the archive crossed.
pub fn describe_archive_too_large(over: &TooLarge, lang: Lang) -> (String, String) {
    (
        lang.t("problem-archive-too-large-title"),
        lang.t_args(
            "problem-archive-too-large-detail",
            &[
                // As text: a limit, not an amount Fluent should regroup.
                (
                    "mb",
                    crate::format::number(
                        i64::try_from(over.limits.max_mb()).unwrap_or(i64::MAX),
                        lang,
                    )
                    .into(),
                ),
                ("ratio", over.limits.max_ratio.to_string().into()),
            ],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use plantrack_gis::archive::ArchiveLimits;

    #[test]
    fn the_limits_are_named_in_each_language() {
        let over = TooLarge {
            limits: ArchiveLimits::default(),
            archive_bytes: 1_000_000,
            budget: 20_000_000,
        };
        assert_eq!(
            describe_archive_too_large(&over, Lang::Vi).1,
            "Tệp nén giải ra quá lớn (hơn 500 MB hoặc gấp hơn 20 lần tệp gửi lên); hãy gửi dữ liệu đã giải nén hoặc chia nhỏ."
        );
        assert!(
            describe_archive_too_large(&over, Lang::En)
                .1
                .contains("500 MB")
        );
        assert!(
            describe_archive_too_large(&over, Lang::Id)
                .1
                .contains("20 kali")
        );
    }
}
