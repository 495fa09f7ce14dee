//! How numbers, money and dates read on a page: dates dd/mm/yyyy in every language (the form
//! Vietnamese offices write), counts and VND grouped by thousands — with dots in Vietnamese
//! and Indonesian, commas in English.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};

use crate::i18n::Lang;

/// `23/11/2025`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A date as people type it (`23/11/2025`, `3/1/2026`) or as ISO (`2025-11-23`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// `23/11/2025 14:05` in Vietnam's time (UTC+7, no daylight saving).
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.with_timezone(&plantrack_domain::calendar::VIETNAM_TIME)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// A stored RFC 3339 time as [`timestamp`] shows it, or as stored when it cannot be read.
pub fn stored_timestamp(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map_or_else(|_| at.to_owned(), |t| timestamp(t.with_timezone(&Utc)))
}

/// `1.234.567` (vi, id) or `1,234,567` (en).
pub fn number(n: i64, lang: Lang) -> String {
    let sep = match lang {
        Lang::En => ',',
        Lang::Vi | Lang::Id => '.',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `1.500.000.000 đ`: VND has no minor unit in use.
pub fn vnd(amount: i64, lang: Lang) -> String {
    format!("{} đ", number(amount, lang))
}

/// A file size for people: `812 B`, `35,2 KB`, `4,1 MB` (decimal comma in vi and id).
pub fn file_size(bytes: u64, lang: Lang) -> String {
    let (value, unit) = match bytes {
        b if b < 1_000 => return format!("{b} B"),
        b if b < 1_000_000 => (b as f64 / 1_000.0, "KB"),
        b => (b as f64 / 1_000_000.0, "MB"),
    };
    let text = format!("{value:.1}");
    match lang {
        Lang::En => format!("{text} {unit}"),
        Lang::Vi | Lang::Id => format!("{} {unit}", text.replace('.', ",")),
    }
}

/// A number with one decimal: `7,5` (vi, id) or `7.5` (en); a whole one without: `7`.
pub fn decimal(x: f64, lang: Lang) -> String {
    let text = if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    };
    match lang {
        Lang::En => text,
        Lang::Vi | Lang::Id => text.replace('.', ","),
    }
}

/// A share as a whole percentage: `33%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// A template's legal text in `lang`, its verification tags `[V]`, `[S]`, `[U]` written as
/// words ("(đã xác minh)") that the page's legend explains.
pub fn legal_text(text: &plantrack_domain::workflow::LocalText, lang: Lang) -> String {
    ["V", "S", "U"]
        .into_iter()
        .fold(text.get(lang).to_owned(), |out, tag| {
            out.replace(
                &format!("[{tag}]"),
                &format!("({})", lang.t(&format!("verification-{tag}"))),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_day_first() {
        let d = NaiveDate::from_ymd_opt(2025, 11, 5).unwrap();
        assert_eq!(date(d), "05/11/2025");
        let t = DateTime::parse_from_rfc3339("2025-11-25T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp(t), "26/11/2025 00:30");
    }

    #[test]
    fn reads_dates_day_first_or_iso() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 3).unwrap();
        assert_eq!(parse_date("03/01/2026"), Some(d));
        assert_eq!(parse_date(" 3/1/2026 "), Some(d));
        assert_eq!(parse_date("2026-01-03"), Some(d));
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("01/13/2026"), None);
    }

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(vnd(1_500_000_000, Lang::Vi), "1.500.000.000 đ");
        assert_eq!(vnd(1_500_000_000, Lang::En), "1,500,000,000 đ");
        assert_eq!(number(999, Lang::Vi), "999");
        assert_eq!(number(1000, Lang::Id), "1.000");
        assert_eq!(number(-12_345, Lang::Vi), "-12.345");
        assert_eq!(number(0, Lang::En), "0");
    }

    #[test]
    fn sizes_use_the_decimal_comma_in_vietnamese() {
        assert_eq!(file_size(812, Lang::Vi), "812 B");
        assert_eq!(file_size(35_200, Lang::Vi), "35,2 KB");
        assert_eq!(file_size(4_100_000, Lang::En), "4.1 MB");
    }
}
