//! The words a document is written in: the reader's translations and the locale's numbers and
//! dates, shared by the documents laid out by plantrack-reports (the progress report, a
//! meeting's papers) so both say a date, a column or the "place, date" line the same way.

use chrono::{Datelike, NaiveDate};
use plantrack_reports::model::{Column, Locale, Section};

use crate::i18n::{FluentValue, Lang};

/// The reader's language and the matching number and date formats.
pub(crate) struct Words {
    pub lang: Lang,
    pub locale: Locale,
}

impl Words {
    pub fn new(lang: Lang) -> Self {
        Words {
            lang,
            locale: Locale::from_code(lang.code()),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with arguments, every one already words.
    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.as_str())))
            .collect();
        self.lang.t_args(key, &args)
    }

    pub fn date(&self, d: NaiveDate) -> String {
        self.locale.date(d)
    }

    pub fn int(&self, n: u64) -> String {
        self.locale.integer(n as i64)
    }

    /// The line under the national motto: "Lai Châu, ngày 25 tháng 11 năm 2025".
    pub fn place_date(&self, place: String, on: NaiveDate) -> String {
        self.t_args(
            "report-place-date",
            &[
                ("place", place),
                ("day", format!("{:02}", on.day())),
                ("month", format!("{:02}", on.month())),
                ("year", on.year().to_string()),
                ("date", self.date(on)),
            ],
        )
    }
}

/// A table column `width` units wide.
pub(crate) fn col(title: String, width: u16) -> Column {
    Column { title, width }
}

/// An empty section, filled by its caller.
pub(crate) fn section(key: &str, heading: String) -> Section {
    Section {
        key: key.to_owned(),
        heading,
        paragraphs: Vec::new(),
        tables: Vec::new(),
        figures: Vec::new(),
    }
}
