//! Why funding refuses something, in the reader's words: amounts written as Vietnamese people
//! write them (1.234.567.000 đ), with the figures of the ceiling passed.

use plantrack_domain::funding::FundingProblem;

use crate::i18n::Lang;

pub(super) fn funding_problem(p: &FundingProblem, lang: Lang) -> String {
    use FundingProblem as P;
    let money = |v: i64| crate::format::vnd(v, lang);
    let day = |d: chrono::NaiveDate| crate::format::date(d);
    let field = |f: &str| lang.t(&format!("funding-field-{f}"));
    let args: Vec<(&str, String)> = match p {
        P::NotAnAmount { text } | P::AmountNotWhole { text } => vec![("text", text.clone())],
        P::AmountNotPositive { amount } => vec![("amount", amount.to_string())],
        P::AmountTooLarge { max } => vec![("max", money(*max))],
        P::DecisionOverAllocated {
            total,
            allocated,
            asked,
        } => vec![
            ("total", money(*total)),
            ("allocated", money(*allocated)),
            ("asked", money(*asked)),
            ("room", money(total.saturating_sub(*allocated))),
        ],
        P::ContractAboveLine {
            line,
            contracted,
            asked,
        } => vec![
            ("line", money(*line)),
            ("contracted", money(*contracted)),
            ("asked", money(*asked)),
            ("room", money(line.saturating_sub(*contracted))),
        ],
        P::PaymentAboveContract { value, paid, asked } => vec![
            ("value", money(*value)),
            ("paid", money(*paid)),
            ("asked", money(*asked)),
            ("room", money(value.saturating_sub(*paid))),
        ],
        P::DuplicateDecision { number } => vec![("number", number.clone())],
        P::NotAConsultantFirm { id } => vec![("id", id.to_string())],
        P::DossierNotOfUnit { unit } | P::UnitOutsideProvince { unit } => {
            vec![("unit", unit.clone())]
        }
        P::NotAContractDocument { seq } => vec![("seq", seq.to_string())],
        P::DayBefore { earliest } => vec![("earliest", day(*earliest))],
        P::EmptyText { field: f } => vec![("field", field(f))],
        P::TextTooLong { field: f, max } => vec![("field", field(f)), ("max", max.to_string())],
        P::ContractCancelled | P::DayInFuture | P::DayOutOfBounds => Vec::new(),
    };
    let args: Vec<_> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
    lang.t_args(&format!("funding-problem-{}", p.key()), &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payment_above_its_contract_reads_with_the_figures() {
        let p = FundingProblem::PaymentAboveContract {
            value: 850_000_000,
            paid: 255_000_000,
            asked: 600_000_000,
        };
        let vi = funding_problem(&p, Lang::Vi);
        assert!(vi.contains("850.000.000 đ"), "{vi}");
        assert!(vi.contains("595.000.000 đ"), "the room left: {vi}");
        let en = funding_problem(&p, Lang::En);
        assert!(en.contains("850,000,000 đ"), "{en}");
        assert!(!funding_problem(&p, Lang::Id).is_empty());
    }
}
