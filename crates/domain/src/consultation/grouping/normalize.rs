//! Text as the grouping compares it: NFC, lowercase, Vietnamese diacritics removed (đ → d),
//! punctuation out, stop words out. The opinion's own text is kept for display; only the
//! matching key loses its accents, so "đường" typed without them ("duong") still matches.

use std::collections::HashSet;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The text in NFC, as it is stored and shown (a phone's keyboard may send decomposed
/// accents).
///
/// ```
/// use plantrack_domain::consultation::grouping::normalize::nfc;
/// assert_eq!(nfc("chơ\u{0323}"), "chợ");
/// ```
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// One word's matching key: lowercase, without diacritics, đ as d.
///
/// ```
/// use plantrack_domain::consultation::grouping::normalize::fold;
/// assert_eq!(fold("Đường"), "duong");
/// assert_eq!(fold("NGHĨA"), "nghia");
/// ```
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// The text's syllables as the grouping matches them: folded, split at anything that is not a
/// letter or a digit, stop words removed, in their order.
///
/// ```
/// use plantrack_domain::consultation::grouping::normalize::syllables;
/// assert_eq!(syllables("Kính gửi UBND xã: giữ CHỢ ở trung tâm!"), ["ubnd", "xa", "giu", "cho", "trung", "tam"]);
/// assert_eq!(syllables("giu cho o trung tam"), ["giu", "cho", "trung", "tam"]);
/// ```
pub fn syllables(text: &str) -> Vec<String> {
    let folded = fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(telex_residue)
        .filter(|w| !stop_words().contains(w.as_str()))
        .collect()
}

/// "dd" is how a Telex keyboard types đ; left in text typed without its input method on, it
/// reads as d (no Vietnamese syllable starts with two d's).
fn telex_residue(word: &str) -> String {
    word.strip_prefix("dd")
        .map_or_else(|| word.to_owned(), |rest| format!("d{rest}"))
}

/// The stop words (`stopwords.txt`), folded.
fn stop_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(fold)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_typed_or_not_give_the_same_key() {
        assert_eq!(
            syllables("Đề nghị giữ nguyên chợ ở trung tâm xã"),
            syllables("de nghi giu nguyen cho o trung tam xa")
        );
        // Decomposed accents (NFD), as some keyboards send them.
        let nfd: String = "Nghĩa trang".nfd().collect();
        assert_eq!(syllables(&nfd), ["nghia", "trang"]);
    }

    #[test]
    fn telex_double_d_reads_as_d() {
        assert_eq!(syllables("dduong moi"), ["duong", "moi"]);
    }

    #[test]
    fn stop_words_are_folded_and_subject_words_kept() {
        assert!(stop_words().contains("cua"));
        // "xa" is "far" as well as "commune": kept.
        assert_eq!(syllables("trường quá xa"), ["truong", "qua", "xa"]);
    }
}
