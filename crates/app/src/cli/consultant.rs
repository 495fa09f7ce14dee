//! `plantrack consultant`: consultant firms, their people and certificates, their assignment
//! to plans and the capacity of a province's firms (issue 16). Grades, disciplines and tax
//! codes are passed through as typed, so that a wrong one is refused by the domain in the
//! reader's language (not by the argument parser, in English). Every subcommand that prints
//! has `--format json`; `list --format json` prints `{"firms": [{"id", "name",
//! "plans_in_hand", "certificate_valid", …}]}`.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_store::Planning;
use plantrack_store::consultant::{
    Firm, NewAssignment, NewCertificate, NewFirm, NewPerson, NewPractisingCertificate,
};
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, render};
use super::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Subcommand)]
pub enum ConsultantCmd {
    /// The firms of a province (every firm without --province), with their plans in hand.
    List {
        #[arg(long)]
        province: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// A firm: its people and certificates, its assignments and the warnings on them.
    Show {
        /// The firm's organisation id.
        id: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Register a firm: an existing consultant organisation (--organisation) or a new one.
    Add(AddArgs),
    /// Add a person to a firm.
    Person {
        #[arg(long)]
        firm: i64,
        #[arg(long)]
        name: String,
        /// When their professional experience began (the grade's years count from it).
        #[arg(long)]
        experience_from: NaiveDate,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record a person's practising certificate (--person), or a firm's renewed capability
    /// certificate (--firm).
    Certificate(CertificateArgs),
    /// Assign a firm (--firm) or one of its people (--person, as lead or a discipline's
    /// lead) to a dossier's plan, checked as of --on.
    Assign {
        #[arg(long)]
        dossier: i64,
        #[arg(long, conflicts_with = "person")]
        firm: Option<i64>,
        #[arg(long)]
        person: Option<i64>,
        /// lead (default), or the discipline led: architecture_planning, transport,
        /// water_supply_drainage, electricity, environment, economics.
        #[arg(long)]
        role: Option<String>,
        /// The day of the assignment (today by default).
        #[arg(long)]
        on: Option<NaiveDate>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The workload of a province's firms: plans in hand by stage, leads' load, overdue share.
    Capacity {
        #[arg(long)]
        province: String,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Set a province's limit of plans one lead carries at once.
    Limit {
        #[arg(long)]
        province: String,
        #[arg(long)]
        plans: i64,
    },
}

#[derive(Debug, Args)]
pub struct CertificateFields {
    #[arg(long)]
    number: String,
    /// I, II or III.
    #[arg(long)]
    grade: String,
    #[arg(long)]
    issuer: String,
    #[arg(long)]
    issued: NaiveDate,
    #[arg(long)]
    expires: NaiveDate,
}

impl CertificateFields {
    fn given(&self) -> NewCertificate {
        NewCertificate {
            number: self.number.clone(),
            grade: self.grade.clone(),
            issuer: self.issuer.clone(),
            issued_on: self.issued,
            expires_on: self.expires,
        }
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, conflicts_with = "name")]
    organisation: Option<i64>,
    #[arg(long)]
    name: Option<String>,
    /// The province of a new organisation.
    #[arg(long)]
    province: Option<String>,
    /// MST: 10 digits, or 10 digits, "-" and 3 digits for a branch.
    #[arg(long)]
    tax_code: String,
    #[arg(long)]
    address: String,
    #[arg(long, default_value = "")]
    contact: String,
    #[command(flatten)]
    certificate: CertificateFields,
    #[command(flatten)]
    format: FormatArg,
}

#[derive(Debug, Args)]
pub struct CertificateArgs {
    #[arg(long, conflicts_with = "firm", required_unless_present = "firm")]
    person: Option<i64>,
    #[arg(long)]
    firm: Option<i64>,
    /// The field of a practising certificate.
    #[arg(long, default_value = "architecture_planning")]
    discipline: String,
    #[command(flatten)]
    certificate: CertificateFields,
    #[command(flatten)]
    format: FormatArg,
}

fn yes_no(b: bool, lang: Language) -> String {
    translate(
        lang.into(),
        if b {
            "cli-consultant-yes"
        } else {
            "cli-consultant-no"
        },
        &[],
    )
}

fn print_firms(firms: &[Firm], lang: Language) -> Result<(), CliError> {
    let header = headings(
        lang,
        &[
            "cli-consultant-col-id",
            "cli-consultant-col-name",
            "cli-consultant-col-tax-code",
            "cli-consultant-col-grade",
            "cli-consultant-col-expires",
            "cli-consultant-col-valid",
            "cli-consultant-col-in-hand",
        ],
    );
    let rows: Vec<Vec<String>> = firms
        .iter()
        .map(|f| {
            vec![
                f.id.to_string(),
                f.name.clone(),
                f.tax_code.clone(),
                f.certificate.grade.as_str().to_owned(),
                date(f.certificate.expires_on),
                yes_no(f.certificate_valid, lang),
                f.plans_in_hand.to_string(),
            ]
        })
        .collect();
    outp!("{}", render(&header, &rows))
}

pub async fn run(planning: &Planning, cmd: ConsultantCmd, lang: Language) -> Result<(), CliError> {
    let operator = Caller::Operator;
    match cmd {
        ConsultantCmd::List { province, format } => {
            let firms = planning.firms(operator, province.as_deref()).await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({ "firms": firms })),
                Format::Table => print_firms(&firms, lang),
            }
        }
        ConsultantCmd::Show { id, format } => {
            let sheet = planning.firm(operator, id).await?;
            match format.format {
                Format::Json => print_json(&sheet),
                Format::Table => {
                    print_firms(std::slice::from_ref(&sheet.firm), lang)?;
                    for person in &sheet.people {
                        outln!("{} (#{})", person.name, person.id)?;
                        for c in &person.certificates {
                            outln!(
                                "  {} · {} · {} · {} → {}",
                                c.certificate.number,
                                translate(
                                    lang.into(),
                                    &format!(
                                        "consultant-discipline-{}",
                                        c.discipline.as_str().replace('_', "-")
                                    ),
                                    &[]
                                ),
                                c.certificate.grade.as_str(),
                                date(c.certificate.issued_on),
                                date(c.certificate.expires_on)
                            )?;
                        }
                    }
                    for w in &sheet.warnings {
                        outln!("{}", warning(w, lang))?;
                    }
                    Ok(())
                }
            }
        }
        ConsultantCmd::Add(a) => {
            let firm = planning
                .register_firm(
                    operator,
                    &NewFirm {
                        organisation_id: a.organisation,
                        name: a.name,
                        province: a.province,
                        tax_code: a.tax_code,
                        address: a.address,
                        contact: a.contact,
                        certificate: a.certificate.given(),
                    },
                )
                .await?;
            match a.format.format {
                Format::Json => print_json(&firm),
                Format::Table => print_firms(&[firm], lang),
            }
        }
        ConsultantCmd::Person {
            firm,
            name,
            experience_from,
            format,
        } => {
            let person = planning
                .add_person(
                    operator,
                    firm,
                    &NewPerson {
                        name,
                        experience_from,
                    },
                )
                .await?;
            match format.format {
                Format::Json => print_json(&person),
                Format::Table => outln!("{} (#{})", person.name, person.id),
            }
        }
        ConsultantCmd::Certificate(c) => match (c.person, c.firm) {
            (Some(person), _) => {
                let person = planning
                    .add_practising_certificate(
                        operator,
                        person,
                        &NewPractisingCertificate {
                            discipline: c.discipline,
                            certificate: c.certificate.given(),
                        },
                    )
                    .await?;
                match c.format.format {
                    Format::Json => print_json(&person),
                    Format::Table => outln!(
                        "{} (#{}): {}",
                        person.name,
                        person.id,
                        person.certificates.len()
                    ),
                }
            }
            (None, Some(firm)) => {
                let firm = planning
                    .renew_firm_certificate(operator, firm, &c.certificate.given())
                    .await?;
                match c.format.format {
                    Format::Json => print_json(&firm),
                    Format::Table => print_firms(&[firm], lang),
                }
            }
            (None, None) => Err(CliError::Usage("--person or --firm".into())),
        },
        ConsultantCmd::Assign {
            dossier,
            firm,
            person,
            role,
            on,
            format,
        } => {
            let a = planning
                .assign_consultant(
                    operator,
                    &NewAssignment {
                        dossier_id: dossier,
                        firm_id: firm,
                        person_id: person,
                        role,
                        on,
                    },
                )
                .await?;
            match format.format {
                Format::Json => print_json(&a),
                Format::Table => outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-consultant-assigned",
                        &[
                            (
                                "who",
                                a.person_name.clone().unwrap_or(a.firm_name.clone()).into()
                            ),
                            ("dossier", a.dossier_id.into()),
                            ("on", date(a.assigned_on).into()),
                        ]
                    )
                ),
            }
        }
        ConsultantCmd::Capacity { province, format } => {
            let c = planning.capacity(operator, &province).await?;
            match format.format {
                Format::Json => print_json(&c),
                Format::Table => {
                    let header = headings(
                        lang,
                        &[
                            "cli-consultant-col-name",
                            "cli-consultant-col-in-hand",
                            "cli-consultant-col-max-lead",
                            "cli-consultant-col-overdue",
                            "cli-consultant-col-over-limit",
                        ],
                    );
                    let rows: Vec<Vec<String>> = c
                        .firms
                        .iter()
                        .map(|f| {
                            vec![
                                f.name.clone(),
                                f.plans_in_hand.to_string(),
                                f.leads.first().map_or(0, |l| l.plans).to_string(),
                                format!("{:.0} %", f.overdue_share * 100.0),
                                yes_no(f.over_limit, lang),
                            ]
                        })
                        .collect();
                    outp!("{}", render(&header, &rows))?;
                    outln!(
                        "{}",
                        translate(
                            lang.into(),
                            "cli-consultant-capacity-summary",
                            &[
                                ("open", c.plans_open.into()),
                                ("without", c.plans_without_firm.into()),
                                ("limit", c.max_plans_per_lead.into()),
                            ]
                        )
                    )?;
                    for w in &c.warnings {
                        outln!("{}", warning(w, lang))?;
                    }
                    Ok(())
                }
            }
        }
        ConsultantCmd::Limit { province, plans } => {
            let limit = planning.set_load_limit(operator, &province, plans).await?;
            outln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-consultant-limit-set",
                    &[("limit", limit.into())]
                )
            )
        }
    }
}

fn warning(w: &plantrack_store::consultant::ExpiryWarning, lang: Language) -> String {
    translate(
        lang.into(),
        if w.expired {
            "consultant-warning-expired"
        } else {
            "consultant-warning-expiring"
        },
        &[
            ("number", w.certificate_number.clone().into()),
            ("holder", w.holder.clone().into()),
            ("expires_on", date(w.expires_on).into()),
        ],
    )
}
