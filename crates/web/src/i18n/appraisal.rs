//! The appraisal's verdicts and measured figures in the reader's words, for the pages and the
//! command line alike.

use plantrack_domain::appraisal::{Figure, FigureKey, FindingVerdict};
use plantrack_store::appraisal::ItemVerdict;

use super::{Lang, translate};
use crate::format;

/// An item's verdict: "Đạt", "Cần chỉnh sửa", "Chưa có dữ liệu"…
pub fn verdict_name(lang: Lang, verdict: ItemVerdict) -> String {
    let key = match verdict {
        ItemVerdict::Meets => "appraisal-verdict-meets",
        ItemVerdict::NeedsRevision => "appraisal-verdict-needs-revision",
        ItemVerdict::NotApplicable => "appraisal-verdict-not-applicable",
        ItemVerdict::NoData => "appraisal-verdict-no-data",
        ItemVerdict::Open => "appraisal-verdict-open",
    };
    translate(lang, key, &[])
}

/// The appraiser's finding: "Đạt", "Cần chỉnh sửa", "Không áp dụng".
pub fn finding_verdict_name(lang: Lang, verdict: FindingVerdict) -> String {
    verdict_name(
        lang,
        match verdict {
            FindingVerdict::Meets => ItemVerdict::Meets,
            FindingVerdict::NeedsRevision => ItemVerdict::NeedsRevision,
            FindingVerdict::NotApplicable => ItemVerdict::NotApplicable,
        },
    )
}

/// One measured figure as a phrase: "1 chồng lấn bị cấm", "23% diện tích xã chưa được quy hoạch".
pub fn describe_figure(lang: Lang, figure: &Figure) -> String {
    let (key, value) = match figure.key {
        FigureKey::ForbiddenConflicts => {
            ("appraisal-figure-forbidden-conflicts", count(figure, lang))
        }
        FigureKey::ConsultConflicts => ("appraisal-figure-consult-conflicts", count(figure, lang)),
        FigureKey::ConflictAreaM2 => ("appraisal-figure-conflict-area", count(figure, lang)),
        FigureKey::ZonesOutOfReach => ("appraisal-figure-zones-out-of-reach", count(figure, lang)),
        FigureKey::MissingFacilities => {
            ("appraisal-figure-missing-facilities", count(figure, lang))
        }
        FigureKey::ZonesWithoutRoad => ("appraisal-figure-zones-without-road", count(figure, lang)),
        FigureKey::CategoriesOutsideNorm => (
            "appraisal-figure-categories-outside-norm",
            count(figure, lang),
        ),
        FigureKey::CategoriesWithNorm => {
            ("appraisal-figure-categories-with-norm", count(figure, lang))
        }
        FigureKey::LeftOutShare => ("appraisal-figure-left-out", share(figure, lang)),
        FigureKey::OutsideShare => ("appraisal-figure-outside", share(figure, lang)),
    };
    translate(lang, key, &[("n", value.into())])
}

fn count(figure: &Figure, lang: Lang) -> String {
    format::number(figure.value.round() as i64, lang)
}

/// A share with one decimal where it matters: "0,4%", "23%".
fn share(figure: &Figure, lang: Lang) -> String {
    format!(
        "{}%",
        format::decimal((figure.value * 1000.0).round() / 10.0, lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_and_verdict_reads_in_every_language() {
        let keys = [
            FigureKey::ForbiddenConflicts,
            FigureKey::ConsultConflicts,
            FigureKey::ConflictAreaM2,
            FigureKey::ZonesOutOfReach,
            FigureKey::MissingFacilities,
            FigureKey::ZonesWithoutRoad,
            FigureKey::CategoriesOutsideNorm,
            FigureKey::CategoriesWithNorm,
            FigureKey::LeftOutShare,
            FigureKey::OutsideShare,
        ];
        for lang in [Lang::Vi, Lang::En, Lang::Id] {
            for key in keys {
                let text = describe_figure(lang, &Figure { key, value: 0.2333 });
                assert!(!text.contains("appraisal-"), "{lang:?} {key:?}: {text}");
            }
            for v in [
                ItemVerdict::Meets,
                ItemVerdict::NeedsRevision,
                ItemVerdict::NotApplicable,
                ItemVerdict::NoData,
                ItemVerdict::Open,
            ] {
                assert!(!verdict_name(lang, v).contains("appraisal-"));
            }
        }
        let left_out = Figure {
            key: FigureKey::LeftOutShare,
            value: 0.2333,
        };
        assert!(describe_figure(Lang::Vi, &left_out).contains("23,3%"));
        assert!(describe_figure(Lang::En, &left_out).contains("23.3%"));
    }
}
