//! What a document says, with no notion of a file format: the title block, then sections of
//! paragraphs, tables and figures. Every text is already in the reader's language; the
//! renderers only lay it out. A new part of a report (the forecast, say) is one more
//! [`Section`] with its own `key`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The reader's number and date conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Vietnamese: 1.234,5 and dd/mm/yyyy.
    #[default]
    Vi,
    /// English: 1,234.5 and dd/mm/yyyy (the province's own date order).
    En,
    /// Indonesian: 1.234,5 and dd/mm/yyyy.
    Id,
}

impl Locale {
    pub fn from_code(code: &str) -> Self {
        match code {
            "en" => Locale::En,
            "id" => Locale::Id,
            _ => Locale::Vi,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
            Locale::Id => "id",
        }
    }

    /// An integer with its thousands grouped as the reader writes them.
    pub fn integer(self, n: i64) -> String {
        let sep = if self == Locale::En { ',' } else { '.' };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    /// A number with one decimal, as the reader writes it.
    pub fn decimal(self, x: f64) -> String {
        let tenths = (x * 10.0).round() as i64;
        let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
        let point = if self == Locale::En { '.' } else { ',' };
        let sign = if tenths < 0 && whole == 0 { "-" } else { "" };
        format!("{sign}{}{point}{tenth}", self.integer(whole))
    }

    pub fn date(self, d: NaiveDate) -> String {
        d.format("%d/%m/%Y").to_string()
    }
}

/// A whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub locale: Locale,
    pub title: TitleBlock,
    /// The opening paragraphs, before the first section.
    pub preamble: Vec<String>,
    pub sections: Vec<Section>,
    /// The closing lines (where the figures come from, the history's digest).
    pub closing: Vec<String>,
    /// The table that the CSV export holds (by [`Table::key`]): CSV carries one table.
    pub csv_table: String,
    /// The document's metadata title (the file's properties).
    pub file_title: String,
}

/// The heading of a Vietnamese administrative document (Decree 30/2020/ND-CP, Appendix I):
/// the issuing body on the left, the national motto on the right, then number, place and
/// date, the kind of document and what it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleBlock {
    /// The body above the issuer ("UBND TỈNH LAI CHÂU").
    pub parent_body: String,
    /// The issuer ("SỞ XÂY DỰNG").
    pub issuer: String,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    pub nation: String,
    /// "Độc lập - Tự do - Hạnh phúc".
    pub motto: String,
    /// The number, left blank for the clerk: "Số:      /BC-SXD".
    pub number: String,
    /// "Lai Châu, ngày 03 tháng 12 năm 2026".
    pub place_date: String,
    /// "BÁO CÁO".
    pub kind: String,
    /// "Tiến độ lập quy hoạch chung xã trên địa bàn tỉnh Lai Châu".
    pub subject: String,
    /// A line under the subject: the day reported on and the day compared with.
    pub basis: String,
}

/// The end of a document a person signs: where it is sent (left) and who signs (right).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    /// "Nơi nhận:".
    pub recipients_title: String,
    /// One line a recipient: "- UBND xã Bình Lư;", "- Lưu: VT.".
    pub recipients: Vec<String>,
    /// The signer's capacity, a line each: "NGƯỜI THẨM ĐỊNH".
    pub signer_title: Vec<String>,
    /// Under it: "(Ký, ghi rõ họ tên)".
    pub signer_note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// A stable name for the section ("stages", "changes", "blockers", "map", ...).
    pub key: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub tables: Vec<Table>,
    pub figures: Vec<Figure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Short and unique in the report: the spreadsheet's sheet name.
    pub key: String,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub title: String,
    /// Relative width in the printed documents.
    pub width: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Integer(i64),
    /// A signed change ("+3", "-1"): printed with its sign.
    Change(i64),
    Decimal(f64),
    /// An amount in đồng.
    Money(i64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    pub fn date(d: Option<NaiveDate>) -> Self {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// As a person reads it in a printed document.
    pub fn display(&self, locale: Locale) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Change(n) if *n > 0 => format!("+{}", locale.integer(*n)),
            Cell::Integer(n) | Cell::Money(n) | Cell::Change(n) => locale.integer(*n),
            Cell::Decimal(x) => locale.decimal(*x),
            Cell::Date(d) => locale.date(*d),
            Cell::Empty => String::new(),
        }
    }

    /// Numbers are right-aligned in print.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Cell::Integer(_) | Cell::Change(_) | Cell::Decimal(_) | Cell::Money(_)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Figure {
    Map(MapFigure),
    Chart(Chart),
}

/// Units coloured by the stage their plan stands in, each labelled with the stage's number so
/// that the map reads in black and white too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapFigure {
    pub key: String,
    pub title: String,
    pub units: Vec<MapUnit>,
    /// One entry a stage, in template order; its number is the one printed on the units.
    pub legend: Vec<LegendEntry>,
    /// The legend's entry for a unit with no plan ("Chưa có quy hoạch").
    pub no_plan: String,
    /// The legend table's column headings: the number, the stage, how many units.
    pub legend_headers: [String; 3],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapUnit {
    pub code: String,
    pub name: String,
    /// The stage's number (1 for the template's first stage); `None` when the unit has no plan.
    pub stage: Option<u32>,
    /// Polygons in longitude and latitude: each one's exterior ring, then its holes.
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    pub number: u32,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartKind {
    /// Horizontal bars, one a category, one colour a series.
    Bar,
    /// Lines over dated categories.
    Line,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Short and unique in the report: the spreadsheet's sheet name for its data.
    pub key: String,
    pub title: String,
    pub kind: ChartKind,
    pub category_title: String,
    pub value_title: String,
    pub categories: Vec<Category>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Category {
    Text(String),
    Date(NaiveDate),
}

impl Category {
    pub fn display(&self, locale: Locale) -> String {
        match self {
            Category::Text(s) => s.clone(),
            Category::Date(d) => locale.date(*d),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_each_reader_writes_them() {
        assert_eq!(Locale::Vi.integer(1_234_567), "1.234.567");
        assert_eq!(Locale::En.integer(1_234_567), "1,234,567");
        assert_eq!(Locale::Vi.integer(-12), "-12");
        assert_eq!(Locale::Vi.integer(999), "999");
        assert_eq!(Locale::Id.decimal(1234.56), "1.234,6");
        assert_eq!(Locale::En.decimal(0.26), "0.3");
        assert_eq!(Locale::Vi.decimal(1234.96), "1.235,0");
        assert_eq!(Cell::Change(3).display(Locale::Vi), "+3");
        assert_eq!(Cell::Change(-3).display(Locale::Vi), "-3");
        assert_eq!(
            Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()).display(Locale::En),
            "05/03/2026"
        );
    }
}
