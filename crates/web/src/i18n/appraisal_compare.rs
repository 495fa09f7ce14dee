//! The side-by-side table's indicators and outliers in the reader's language, for the pages
//! and the command line alike.

use plantrack_domain::appraisal::compare::{ComparedIndicator, ComparisonOutlier, OutlierSide};

use super::{Lang, landuse_name, translate};
use crate::format;

/// The indicators every side-by-side table shows (page, command line, progress report), one
/// column each in this order; the page adds each plan's land uses in full.
pub fn shown_indicators() -> [ComparedIndicator; 6] {
    [
        ComparedIndicator::LanduseShare("residential".into()),
        ComparedIndicator::ResidentialM2PerPerson,
        ComparedIndicator::ServicesCoverage,
        ComparedIndicator::ConflictsLeft,
        ComparedIndicator::FindingsOpen,
        ComparedIndicator::RevisionRounds,
    ]
}

/// An indicator's name: "Đất ở bình quân (m²/người)", "Tỷ lệ đất cây xanh".
pub fn indicator_name(lang: Lang, which: &ComparedIndicator) -> String {
    match which {
        ComparedIndicator::ResidentialM2PerPerson => {
            translate(lang, "compare-residential-per-person", &[])
        }
        ComparedIndicator::LanduseShare(c) => translate(
            lang,
            "compare-landuse-share",
            &[("category", landuse_name(lang, c).into())],
        ),
        ComparedIndicator::ServicesCoverage => translate(lang, "compare-services-coverage", &[]),
        ComparedIndicator::ConflictsLeft => translate(lang, "compare-conflicts-left", &[]),
        ComparedIndicator::FindingsOpen => translate(lang, "compare-findings-open", &[]),
        ComparedIndicator::RevisionRounds => translate(lang, "compare-revision-rounds", &[]),
    }
}

/// A value of an indicator as the table shows it: shares as percentages, m² with one decimal.
pub fn indicator_value(lang: Lang, which: &ComparedIndicator, value: f64) -> String {
    match which {
        ComparedIndicator::LanduseShare(_) | ComparedIndicator::ServicesCoverage => {
            format::percent(value)
        }
        ComparedIndicator::ResidentialM2PerPerson => format::decimal(value, lang),
        _ => format!("{value:.0}"),
    }
}

/// An outlier in words: "Tỷ lệ đất ở 95% — cao bất thường (ngưỡng 41%–62%)".
pub fn outlier_text(lang: Lang, o: &ComparisonOutlier) -> String {
    let fence = |v: f64| indicator_value(lang, &o.indicator, v);
    translate(
        lang,
        match o.side {
            OutlierSide::Low => "compare-outlier-low",
            OutlierSide::High => "compare-outlier-high",
        },
        &[
            ("indicator", indicator_name(lang, &o.indicator).into()),
            ("value", fence(o.value).into()),
            ("low", fence(o.low_fence).into()),
            ("high", fence(o.high_fence).into()),
        ],
    )
}
