//! Why a consultant firm, person, certificate or assignment is refused, in the reader's words
//! (`consultant-problem-…` in `consultant.ftl`).

use plantrack_domain::consultant::ConsultantProblem;

use crate::i18n::Lang;

/// The sentence of a consultant problem, its dates dd/mm/yyyy and its names translated.
pub fn consultant_problem(p: &ConsultantProblem, lang: Lang) -> String {
    use ConsultantProblem as P;
    let day = |d: chrono::NaiveDate| crate::format::date(d);
    let field = |f: &str| lang.t(&format!("consultant-field-{}", f.replace('_', "-")));
    let discipline = |d: plantrack_domain::consultant::Discipline| {
        lang.t(&format!(
            "consultant-discipline-{}",
            d.as_str().replace('_', "-")
        ))
    };
    let args: Vec<(&str, String)> = match p {
        P::BadTaxCode { given } | P::UnknownGrade { given } | P::UnknownDiscipline { given } => {
            vec![("given", given.clone())]
        }
        P::ExpiresBeforeIssued { issued, expires } => {
            vec![("issued", day(*issued)), ("expires", day(*expires))]
        }
        P::EmptyText { field: f } => vec![("field", field(f))],
        P::TextTooLong { field: f, max } => vec![("field", field(f)), ("max", max.to_string())],
        P::NotAConsultantFirm { id } => vec![("id", id.to_string())],
        P::AlreadyRegistered { name } | P::AlreadyAssigned { name } => {
            vec![("name", name.clone())]
        }
        P::NotEnoughExperience {
            grade,
            needed,
            years,
        } => vec![
            ("grade", grade.as_str().to_owned()),
            ("needed", needed.to_string()),
            ("years", years.to_string()),
        ],
        P::NoCertificate {
            holder,
            discipline: d,
        } => {
            let mut args = vec![("holder", holder.clone())];
            if let Some(d) = d {
                args.push(("discipline", discipline(*d)));
            }
            args
        }
        P::CertificateNotYetIssued { holder, issued_on } => {
            vec![("holder", holder.clone()), ("issued_on", day(*issued_on))]
        }
        P::CertificateExpired { holder, expired_on } => {
            vec![("holder", holder.clone()), ("expired_on", day(*expired_on))]
        }
        P::GradeDoesNotCover {
            grade,
            plan_type,
            needed,
        } => vec![
            ("grade", grade.as_str().to_owned()),
            (
                "plan_type",
                lang.t(&format!("plan-type-{}", plan_type.as_str())),
            ),
            ("needed", needed.as_str().to_owned()),
        ],
        P::NoRuleFor { plan_type } => vec![(
            "plan_type",
            lang.t(&format!("plan-type-{}", plan_type.as_str())),
        )],
        P::PersonNotOfFirm { person, firm } => {
            vec![("person", person.clone()), ("firm", firm.clone())]
        }
        P::LoadLimitOutOfRange { max } => vec![("max", max.to_string())],
        P::BeforeDossierOpened { opened_on } => vec![("opened_on", day(*opened_on))],
        P::DayInFuture | P::DayOutOfBounds | P::NoFirmAssigned => Vec::new(),
    };
    let args: Vec<_> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
    lang.t_args(&format!("consultant-problem-{}", p.key()), &args)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use plantrack_domain::consultant::{Discipline, Grade};
    use plantrack_domain::plan::PlanType;

    use super::*;

    fn every_problem() -> Vec<ConsultantProblem> {
        use ConsultantProblem as P;
        let day = NaiveDate::from_ymd_opt(2025, 8, 12).unwrap();
        vec![
            P::BadTaxCode {
                given: "62000A2345".into(),
            },
            P::UnknownGrade { given: "IV".into() },
            P::UnknownDiscipline {
                given: "geology".into(),
            },
            P::ExpiresBeforeIssued {
                issued: day,
                expires: day,
            },
            P::EmptyText { field: "address" },
            P::TextTooLong {
                field: "certificate_number",
                max: 300,
            },
            P::DayInFuture,
            P::DayOutOfBounds,
            P::NotAConsultantFirm { id: 3 },
            P::AlreadyRegistered {
                name: "Tây Bắc".into(),
            },
            P::NotEnoughExperience {
                grade: Grade::I,
                needed: 7,
                years: 5,
            },
            P::NoCertificate {
                holder: "Tây Bắc".into(),
                discipline: None,
            },
            P::NoCertificate {
                holder: "An".into(),
                discipline: Some(Discipline::WaterSupplyDrainage),
            },
            P::CertificateNotYetIssued {
                holder: "An".into(),
                issued_on: day,
            },
            P::CertificateExpired {
                holder: "An".into(),
                expired_on: day,
            },
            P::GradeDoesNotCover {
                grade: Grade::III,
                plan_type: PlanType::CommuneGeneral,
                needed: Grade::II,
            },
            P::NoRuleFor {
                plan_type: PlanType::Rdtr,
            },
            P::PersonNotOfFirm {
                person: "An".into(),
                firm: "Tây Bắc".into(),
            },
            P::NoFirmAssigned,
            P::AlreadyAssigned { name: "An".into() },
            P::LoadLimitOutOfRange { max: 100 },
            P::BeforeDossierOpened { opened_on: day },
        ]
    }

    #[test]
    fn every_refusal_reads_in_each_language_with_its_figures() {
        for lang in [Lang::Vi, Lang::En, Lang::Id] {
            for p in every_problem() {
                let text = consultant_problem(&p, lang);
                assert!(
                    !text.contains("consultant-") && !text.contains('_') && !text.contains('{'),
                    "{lang:?} {p:?}: {text}"
                );
            }
        }
        let expired = ConsultantProblem::CertificateExpired {
            holder: "Nguyễn Văn An".into(),
            expired_on: NaiveDate::from_ymd_opt(2025, 8, 12).unwrap(),
        };
        assert!(consultant_problem(&expired, Lang::En).contains("expired on 12/08/2025"));
        assert!(consultant_problem(&expired, Lang::Vi).contains("12/08/2025"));
        let grade = ConsultantProblem::GradeDoesNotCover {
            grade: Grade::III,
            plan_type: PlanType::CommuneGeneral,
            needed: Grade::II,
        };
        assert!(
            consultant_problem(&grade, Lang::En)
                .contains("Grade III does not cover a plan of this type (Commune general plan)")
        );
    }
}
