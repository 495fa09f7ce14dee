//! The appraisal report (báo cáo thẩm định) of one plan: what it is and what it was appraised
//! against, the checklist with each item's evidence and the appraiser's finding, the figures
//! plantrack measured on the land-use map, the conclusion and the signer's block. The caller
//! gives every text in the reader's language ([`AppraisalWords`] for the fixed ones); this
//! module arranges them as a [`Report`] and lays it out with the crate's DOCX engine, for the
//! appraiser to edit in a word processor and sign.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::docx;
use crate::error::ReportError;
use crate::model::{Cell, Column, Locale, Report, Section, Signature, Table, TitleBlock};

/// What the report says, every text already in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalReport {
    pub locale: Locale,
    /// The administrative heading: the Department of Construction, the national motto, place
    /// and date, "BÁO CÁO THẨM ĐỊNH" and the plan appraised.
    pub title: TitleBlock,
    pub header: AppraisalHeader,
    /// The checklist's items, in its order.
    pub rows: Vec<AppraisalRow>,
    pub conclusion: AppraisalConclusion,
    pub signature: Signature,
    pub words: AppraisalWords,
}

/// What was appraised, against what, on which map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalHeader {
    pub province: String,
    pub commune: String,
    /// The plan's name as registered.
    pub plan: String,
    pub dossier: i64,
    pub checklist_name: String,
    /// `vn.12.commune_general@1+vn.commune_general@1`: the findings name it.
    pub checklist_version: String,
    /// When the land-use map the automatic items were measured on was checked (Vietnam's
    /// time); none before a map was checked.
    pub map_checked_at: Option<NaiveDateTime>,
    /// The appraisal's round (1 for the first submission); none when not known.
    pub round: Option<u32>,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalRow {
    pub title: String,
    /// An item the province added to the national checklist.
    pub province_item: bool,
    pub basis: String,
    /// What answers it: a document (attached or not), a section of the explanatory report, or
    /// the map.
    pub evidence: String,
    /// For an automatic item: what plantrack measured and the verdict it gives.
    pub auto: Option<AutoRow>,
    /// The appraiser's finding; none until the item is judged (the cell is left empty for the
    /// appraiser to write in).
    pub finding: Option<RowFinding>,
}

/// An automatic item's measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoRow {
    /// Each figure as a phrase ("1 chồng lấn bị cấm"); empty when nothing could be measured.
    pub figures: Vec<String>,
    /// "Cần chỉnh sửa", "Chưa có dữ liệu"…
    pub verdict: String,
}

/// The appraiser's finding on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowFinding {
    /// "Đạt", "Cần chỉnh sửa", "Không áp dụng".
    pub verdict: String,
    pub comment: String,
}

/// How the appraisal ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AppraisalConclusion {
    /// The plan goes on to approval.
    Pass,
    /// Returned for revision: the items that must change.
    Return { items: Vec<String> },
    /// Not decided yet: the items that need revision as things stand.
    Undecided { needs_revision: Vec<String> },
}

/// The report's fixed words in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppraisalWords {
    /// Section I's heading, "Thông tin chung".
    pub general: String,
    /// The labels of section I's lines.
    pub province: String,
    pub commune: String,
    pub plan: String,
    pub dossier: String,
    pub checklist: String,
    pub map_checked_at: String,
    /// Said instead of the map's time when no map was checked.
    pub no_map: String,
    pub round: String,
    /// Section II's heading and its table's title.
    pub items: String,
    pub items_table: String,
    /// No., item, legal basis, evidence, finding, comment.
    pub items_columns: [String; 6],
    /// After a province's item: "(mục của tỉnh)".
    pub province_item: String,
    /// Before an automatic item's verdict in the evidence cell: "Kiểm tra tự động".
    pub auto_label: String,
    /// Section III's heading, the line above its table, and the table's title.
    pub auto: String,
    pub auto_intro: String,
    pub auto_table: String,
    /// No., item, figures, result.
    pub auto_columns: [String; 4],
    /// An automatic item with no figure.
    pub no_figures: String,
    /// Section IV's heading and its sentences.
    pub conclusion: String,
    pub pass: String,
    /// Before the list of items a returned plan must change.
    pub returned: String,
    pub undecided: String,
    /// Before the list of items that need revision as things stand.
    pub undecided_items: String,
    /// The file's title in its properties.
    pub file_title: String,
}

fn col(title: &str, width: u16) -> Column {
    Column {
        title: title.to_owned(),
        width,
    }
}

fn label(name: &str, value: &str) -> String {
    format!("{name}: {value}")
}

/// "15/12/2025 09:30".
fn date_time(locale: Locale, at: NaiveDateTime) -> String {
    format!("{} {}", locale.date(at.date()), at.format("%H:%M"))
}

fn section(key: &str, heading: &str) -> Section {
    Section {
        key: key.to_owned(),
        heading: heading.to_owned(),
        paragraphs: Vec::new(),
        tables: Vec::new(),
        figures: Vec::new(),
    }
}

fn number(i: usize) -> Cell {
    Cell::Integer(i64::try_from(i + 1).unwrap_or(i64::MAX))
}

impl AppraisalReport {
    fn general(&self) -> Section {
        let (h, w) = (&self.header, &self.words);
        let mut s = section("general", &w.general);
        s.paragraphs = vec![
            label(&w.province, &h.province),
            label(&w.commune, &h.commune),
            label(&w.plan, &h.plan),
            label(&w.dossier, &h.dossier.to_string()),
            label(
                &w.checklist,
                &format!("{} ({})", h.checklist_name, h.checklist_version),
            ),
            h.map_checked_at.map_or_else(
                || w.no_map.clone(),
                |at| label(&w.map_checked_at, &date_time(self.locale, at)),
            ),
        ];
        if let Some(round) = h.round {
            s.paragraphs.push(label(&w.round, &round.to_string()));
        }
        s
    }

    fn items(&self) -> Section {
        let w = &self.words;
        let mut s = section("items", &w.items);
        // The number column holds two digits and "TT" on one line.
        let widths = [3, 10, 9, 9, 5, 6];
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let title = if r.province_item {
                    format!("{} ({})", r.title, w.province_item)
                } else {
                    r.title.clone()
                };
                let evidence = match &r.auto {
                    Some(a) => format!("{}\n{}: {}", r.evidence, w.auto_label, a.verdict),
                    None => r.evidence.clone(),
                };
                let (finding, comment) =
                    r.finding.as_ref().map_or((Cell::Empty, Cell::Empty), |f| {
                        (Cell::text(&f.verdict), Cell::text(&f.comment))
                    });
                vec![
                    number(i),
                    Cell::Text(title),
                    Cell::text(&r.basis),
                    Cell::Text(evidence),
                    finding,
                    comment,
                ]
            })
            .collect();
        s.tables.push(Table {
            key: "items".to_owned(),
            title: w.items_table.clone(),
            columns: w
                .items_columns
                .iter()
                .zip(widths)
                .map(|(t, width)| col(t, width))
                .collect(),
            rows,
        });
        s
    }

    fn auto(&self) -> Section {
        let w = &self.words;
        let mut s = section("auto", &w.auto);
        s.paragraphs.push(w.auto_intro.clone());
        let widths = [3, 12, 14, 7];
        let rows = self
            .rows
            .iter()
            .filter_map(|r| r.auto.as_ref().map(|a| (r, a)))
            .enumerate()
            .map(|(i, (r, a))| {
                let figures = if a.figures.is_empty() {
                    w.no_figures.clone()
                } else {
                    a.figures.join("\n")
                };
                vec![
                    number(i),
                    Cell::text(&r.title),
                    Cell::Text(figures),
                    Cell::text(&a.verdict),
                ]
            })
            .collect();
        s.tables.push(Table {
            key: "auto".to_owned(),
            title: w.auto_table.clone(),
            columns: w
                .auto_columns
                .iter()
                .zip(widths)
                .map(|(t, width)| col(t, width))
                .collect(),
            rows,
        });
        s
    }

    fn conclusion(&self) -> Section {
        let w = &self.words;
        let mut s = section("conclusion", &w.conclusion);
        let (opening, items) = match &self.conclusion {
            AppraisalConclusion::Pass => (w.pass.clone(), &[][..]),
            AppraisalConclusion::Return { items } => (w.returned.clone(), &items[..]),
            AppraisalConclusion::Undecided { needs_revision } if needs_revision.is_empty() => {
                (w.undecided.clone(), &[][..])
            }
            AppraisalConclusion::Undecided { needs_revision } => (
                format!("{} {}", w.undecided, w.undecided_items),
                &needs_revision[..],
            ),
        };
        s.paragraphs.push(opening);
        // A list in a Vietnamese document: each line ends with ';', the last with '.'.
        s.paragraphs
            .extend(items.iter().enumerate().map(|(i, item)| {
                let end = if i + 1 == items.len() { '.' } else { ';' };
                format!("- {item}{end}")
            }));
        s
    }

    /// The report as the crate's document model: the heading, then general information, the
    /// checklist, the automatic checks and the conclusion.
    pub fn report(&self) -> Report {
        Report {
            locale: self.locale,
            title: self.title.clone(),
            preamble: Vec::new(),
            sections: vec![self.general(), self.items(), self.auto(), self.conclusion()],
            closing: Vec::new(),
            csv_table: "items".to_owned(),
            file_title: self.words.file_title.clone(),
        }
    }
}

/// The appraisal report as DOCX (A4 upright), signed at the end.
pub fn render_docx(report: &AppraisalReport) -> Result<Vec<u8>, ReportError> {
    docx::render_signed(&report.report(), false, Some(&report.signature))
}

#[cfg(test)]
mod tests {
    // A test's helpers fail the test where they fail: unwrapping says where.
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::NaiveDate;

    fn words() -> AppraisalWords {
        let s = |t: &str| t.to_owned();
        AppraisalWords {
            general: s("Thông tin chung"),
            province: s("Tỉnh"),
            commune: s("Xã"),
            plan: s("Tên đồ án"),
            dossier: s("Hồ sơ số"),
            checklist: s("Danh mục nội dung"),
            map_checked_at: s("Bản đồ sử dụng đất được kiểm tra lúc"),
            no_map: s("Chưa có bản đồ sử dụng đất đã kiểm tra."),
            round: s("Lần thẩm định"),
            items: s("Nội dung thẩm định"),
            items_table: s("Bảng 1. Danh mục nội dung"),
            items_columns: [
                s("TT"),
                s("Nội dung"),
                s("Căn cứ pháp lý"),
                s("Căn cứ đánh giá"),
                s("Kết quả"),
                s("Nhận xét"),
            ],
            province_item: s("mục của tỉnh"),
            auto_label: s("Kiểm tra tự động"),
            auto: s("Kết quả kiểm tra tự động"),
            auto_intro: s("Số liệu đo trên bản đồ."),
            auto_table: s("Bảng 2. Số liệu đo được"),
            auto_columns: [s("TT"), s("Nội dung"), s("Số liệu"), s("Kết quả")],
            no_figures: s("chưa đo được"),
            conclusion: s("Kết luận"),
            pass: s("Đủ điều kiện trình phê duyệt."),
            returned: s("Đề nghị chỉnh sửa các nội dung sau:"),
            undecided: s("Chưa có kết luận thẩm định."),
            undecided_items: s("Các nội dung cần chỉnh sửa theo kết quả hiện có:"),
            file_title: s("Báo cáo thẩm định"),
        }
    }

    fn sample(conclusion: AppraisalConclusion, finding: Option<RowFinding>) -> AppraisalReport {
        AppraisalReport {
            locale: Locale::Vi,
            title: TitleBlock {
                parent_body: "UBND TỈNH LAI CHÂU".to_owned(),
                issuer: "SỞ XÂY DỰNG".to_owned(),
                nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(),
                motto: "Độc lập - Tự do - Hạnh phúc".to_owned(),
                number: "Số:    /BC-SXD".to_owned(),
                place_date: "Lai Châu, ngày 15 tháng 12 năm 2025".to_owned(),
                kind: "BÁO CÁO THẨM ĐỊNH".to_owned(),
                subject: "ĐỒ ÁN QUY HOẠCH CHUNG XÃ BÌNH LƯ".to_owned(),
                basis: String::new(),
            },
            header: AppraisalHeader {
                province: "Lai Châu".to_owned(),
                commune: "Bình Lư".to_owned(),
                plan: "Quy hoạch chung xã Bình Lư".to_owned(),
                dossier: 7,
                checklist_name: "Nội dung quy hoạch chung xã".to_owned(),
                checklist_version: "vn.commune_general@1".to_owned(),
                map_checked_at: NaiveDate::from_ymd_opt(2025, 12, 5)
                    .unwrap()
                    .and_hms_opt(9, 30, 0),
                round: Some(2),
            },
            rows: vec![
                AppraisalRow {
                    title: "Không chồng lấn đất quốc phòng, an ninh".to_owned(),
                    province_item: false,
                    basis: "Luật 47/2024/QH15".to_owned(),
                    evidence: "đo trên bản đồ sử dụng đất".to_owned(),
                    auto: Some(AutoRow {
                        figures: vec![
                            "1 chồng lấn bị cấm".to_owned(),
                            "diện tích chồng lấn 22.912 m²".to_owned(),
                        ],
                        verdict: "Cần chỉnh sửa".to_owned(),
                    }),
                    finding,
                },
                AppraisalRow {
                    title: "Đánh giá địa hình, địa chất".to_owned(),
                    province_item: true,
                    basis: "Kết luận hội nghị".to_owned(),
                    evidence: "Mục của thuyết minh: Điều kiện tự nhiên".to_owned(),
                    auto: None,
                    finding: None,
                },
            ],
            conclusion,
            signature: Signature {
                recipients_title: "Nơi nhận:".to_owned(),
                recipients: vec!["- UBND xã Bình Lư;".to_owned(), "- Lưu: VT.".to_owned()],
                signer_title: vec!["NGƯỜI THẨM ĐỊNH".to_owned()],
                signer_note: "(Ký, ghi rõ họ tên)".to_owned(),
            },
            words: words(),
        }
    }

    /// Every run of text the DOCX holds, read back by docx-rs's reader, in order.
    fn docx_text(bytes: &[u8]) -> String {
        fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        match (k.as_str(), v) {
                            ("text", serde_json::Value::String(s)) => out.push(s.clone()),
                            _ => collect(v, out),
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
                _ => {}
            }
        }
        let doc = docx_rs::read_docx(bytes).unwrap();
        let json: serde_json::Value = serde_json::from_str(&doc.json()).unwrap();
        let mut out = Vec::new();
        collect(&json["document"], &mut out);
        out.join("\n")
    }

    #[test]
    fn the_report_holds_the_heading_the_checklist_the_figures_and_the_conclusion() {
        let report = sample(
            AppraisalConclusion::Return {
                items: vec!["Không chồng lấn đất quốc phòng, an ninh".to_owned()],
            },
            Some(RowFinding {
                verdict: "Cần chỉnh sửa".to_owned(),
                comment: "Điều chỉnh ranh giới khu dân cư R-1".to_owned(),
            }),
        );
        let text = docx_text(&render_docx(&report).unwrap());
        for words in [
            "SỞ XÂY DỰNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO THẨM ĐỊNH",
            "ĐỒ ÁN QUY HOẠCH CHUNG XÃ BÌNH LƯ",
            "Tên đồ án: Quy hoạch chung xã Bình Lư",
            "Danh mục nội dung: Nội dung quy hoạch chung xã (vn.commune_general@1)",
            "Bản đồ sử dụng đất được kiểm tra lúc: 05/12/2025 09:30",
            "Lần thẩm định: 2",
            "I. Thông tin chung",
            "II. Nội dung thẩm định",
            "III. Kết quả kiểm tra tự động",
            "IV. Kết luận",
            "Đánh giá địa hình, địa chất (mục của tỉnh)",
            "Kiểm tra tự động: Cần chỉnh sửa",
            "1 chồng lấn bị cấm",
            "diện tích chồng lấn 22.912 m²",
            "Điều chỉnh ranh giới khu dân cư R-1",
            "Đề nghị chỉnh sửa các nội dung sau:",
            "- Không chồng lấn đất quốc phòng, an ninh.",
            "Nơi nhận:",
            "NGƯỜI THẨM ĐỊNH",
            "(Ký, ghi rõ họ tên)",
        ] {
            assert!(text.contains(words), "no {words:?} in\n{text}");
        }
        // The figures come after the checklist, the conclusion after both, the signer last.
        let at = |w: &str| text.find(w).unwrap();
        assert!(at("II. Nội dung thẩm định") < at("1 chồng lấn bị cấm"));
        assert!(at("1 chồng lấn bị cấm") < at("IV. Kết luận"));
        assert!(at("IV. Kết luận") < at("NGƯỜI THẨM ĐỊNH"));
    }

    #[test]
    fn an_item_not_judged_yet_leaves_its_finding_empty_and_the_conclusion_says_so() {
        let report = sample(
            AppraisalConclusion::Undecided {
                needs_revision: vec!["Không chồng lấn đất quốc phòng, an ninh".to_owned()],
            },
            None,
        );
        let model = report.report();
        let items = &model.sections[1].tables[0];
        assert_eq!(items.rows.len(), 2);
        assert!(
            items
                .rows
                .iter()
                .all(|r| r[4] == Cell::Empty && r[5] == Cell::Empty)
        );
        // The automatic table holds the automatic item only.
        assert_eq!(model.sections[2].tables[0].rows.len(), 1);
        let text = docx_text(&render_docx(&report).unwrap());
        assert!(text.contains(
            "Chưa có kết luận thẩm định. Các nội dung cần chỉnh sửa theo kết quả hiện có:"
        ));
        assert!(!text.contains("Điều chỉnh"), "a finding no one made");

        let mut nothing = sample(
            AppraisalConclusion::Undecided {
                needs_revision: Vec::new(),
            },
            None,
        );
        nothing.header.map_checked_at = None;
        nothing.header.round = None;
        let text = docx_text(&render_docx(&nothing).unwrap());
        assert!(text.contains("Chưa có bản đồ sử dụng đất đã kiểm tra."));
        assert!(!text.contains("Lần thẩm định"));
        assert!(!text.contains("theo kết quả hiện có"));

        let pass = sample(AppraisalConclusion::Pass, None);
        let text = docx_text(&render_docx(&pass).unwrap());
        assert!(text.contains("Đủ điều kiện trình phê duyệt."));
    }
}
