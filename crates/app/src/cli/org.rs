//! `plantrack org`: organisations with where their daily digest goes, and setting it.

use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_domain::access::{Caller, Sector};
use plantrack_store::Planning;
use plantrack_store::accounts::OrganisationContact;
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{headings, render};
use super::output::{Format, FormatArg, outln, outp, print_json};

#[derive(Debug, Subcommand)]
pub enum OrgCmd {
    /// Organisations with their contact address and language (of one province, or all).
    List {
        #[arg(long)]
        province: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Set where an organisation's daily digest goes, and in which language.
    Contact {
        /// The organisation's id or name.
        organisation: String,
        /// Its contact address; none (or --no-email) and it gets no digest.
        #[arg(long, conflicts_with = "no_email")]
        email: Option<String>,
        /// Remove the address: no more digests.
        #[arg(long)]
        no_email: bool,
        /// The language of its digest: vi, en or id (kept as it is when not given).
        #[arg(long)]
        language: Option<Language>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record what a sector department is for: `finance` makes it the Department of Finance,
    /// which records funding decisions and payments; `--none` clears it.
    Sector {
        /// The organisation's id or name.
        organisation: String,
        /// The sector: finance.
        #[arg(long, value_parser = parse_sector, conflicts_with = "none", required_unless_present = "none")]
        sector: Option<Sector>,
        /// Clear the sector.
        #[arg(long)]
        none: bool,
        #[command(flatten)]
        format: FormatArg,
    },
}

fn parse_sector(s: &str) -> Result<Sector, String> {
    Sector::parse(s.trim()).ok_or_else(|| {
        format!(
            "'{s}' is not a sector; one of: {}",
            Sector::ALL.map(Sector::as_str).join(", ")
        )
    })
}

fn row(c: &OrganisationContact) -> Vec<String> {
    vec![
        c.organisation.id.to_string(),
        c.organisation.name.clone(),
        c.organisation.province_code.clone(),
        c.contact_email.clone().unwrap_or_else(|| "—".into()),
        c.contact_language.code().to_owned(),
    ]
}

fn header(lang: Language) -> Vec<String> {
    headings(
        lang,
        &[
            "cli-col-id",
            "cli-col-name",
            "cli-col-province",
            "cli-col-email",
            "cli-col-language",
        ],
    )
}

pub async fn run(planning: &Planning, cmd: OrgCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        OrgCmd::List { province, format } => {
            let contacts = planning
                .organisation_contacts(Caller::Operator, province.as_deref())
                .await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({ "organisations": contacts })),
                Format::Table => {
                    let rows: Vec<_> = contacts.iter().map(row).collect();
                    outp!("{}", render(&header(lang), &rows))
                }
            }
        }
        OrgCmd::Sector {
            organisation,
            sector,
            none,
            format,
        } => {
            let org = planning
                .set_organisation_sector(
                    Caller::Operator,
                    &organisation,
                    if none { None } else { sector },
                )
                .await?;
            match format.format {
                Format::Json => print_json(&org),
                Format::Table => outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-org-sector-set",
                        &[
                            ("organisation", org.name.as_str().into()),
                            ("sector", org.sector.map_or("—", Sector::as_str).into()),
                        ]
                    )
                ),
            }
        }
        OrgCmd::Contact {
            organisation,
            email,
            no_email,
            language,
            format,
        } => {
            // What is not said is kept: only the address given, or its removal, changes it.
            let current = planning
                .organisation_contacts(Caller::Operator, None)
                .await?
                .into_iter()
                .find(|c| {
                    c.organisation.id.to_string() == organisation.trim()
                        || c.organisation.name == organisation.trim()
                });
            let (kept_email, kept_language) = current
                .map(|c| (c.contact_email, c.contact_language))
                .unwrap_or_default();
            let email = if no_email { None } else { email.or(kept_email) };
            let language = language.unwrap_or(kept_language);
            let contact = planning
                .set_organisation_contact(
                    Caller::Operator,
                    &organisation,
                    email.as_deref(),
                    language,
                )
                .await?;
            match format.format {
                Format::Json => print_json(&contact),
                Format::Table => outln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-org-contact-set",
                        &[
                            ("organisation", contact.organisation.name.as_str().into()),
                            (
                                "email",
                                contact
                                    .contact_email
                                    .clone()
                                    .unwrap_or_else(|| "—".into())
                                    .into()
                            ),
                            ("language", contact.contact_language.code().into()),
                        ]
                    )
                ),
            }
        }
    }
}
