//! Plain-text tables and Vietnamese number and date formats for the terminal.

use chrono::NaiveDate;
use plantrack_domain::Language;
use plantrack_web::i18n::translate;

/// dd/mm/yyyy, as Vietnamese documents write dates.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), date)
}

/// Đồng with dot grouping: 1.500.000.000 đ.
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    format!("{}{out} đ", if amount < 0 { "-" } else { "" })
}

/// Column headers in the reader's language: one Fluent key (`cli-col-…`) per column.
pub fn headings(lang: Language, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|key| translate(lang.into(), key, &[]))
        .collect()
}

/// Renders rows under a header with columns padded to their widest cell.
pub fn render<H: AsRef<str>>(header: &[H], rows: &[Vec<String>]) -> String {
    let header: Vec<&str> = header.iter().map(AsRef::as_ref).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i].saturating_sub(cell.chars().count())));
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(header);
    out.push_str(&line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money_and_dates_the_vietnamese_way() {
        assert_eq!(vnd(1_500_000_000), "1.500.000.000 đ");
        assert_eq!(vnd(950), "950 đ");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2025, 11, 4).unwrap()),
            "04/11/2025"
        );
    }

    #[test]
    fn pads_columns_by_characters_not_bytes() {
        let t = render(&["xã", "n"], &[vec!["Sìn Hồ".into(), "1".into()]]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "xã      n");
        assert_eq!(lines[2], "Sìn Hồ  1");
    }
}
