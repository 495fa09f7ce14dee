//! `plantrack user …` and `plantrack token …`: accounts, organisations and API tokens.
//!
//! The command line works on the database directly and asks for no login: whoever may run it
//! against the database administers it. That is how the **first administrator** is made, on
//! an empty database and with no default password anywhere, creating the provincial People's
//! Committee (the administrator's organisation) on the way:
//!
//! ```text
//! plantrack user create --username admin --display-name "Quản trị hệ thống" \
//!     --role administrator --organisation "UBND tỉnh Lai Châu" \
//!     --new-organisation-kind provincial_pc --province 12
//! ```
//!
//! A strong password is generated and printed once on standard output (the messages go to
//! standard error, so `PASSWORD=$(plantrack user create …)` captures only the password); with
//! `--password-stdin` the first line of standard input is the password instead:
//! `printf '%s\n' "$PASSWORD" | plantrack user create … --password-stdin`.
//! Passwords and token secrets are shown once and never stored: only their hashes are.
//!
//! An integration gets a **service account** (`user create --service-account`): it has no
//! password anyone knows, never signs in, and acts through the tokens made for it. A token
//! acts as its holder: over the web a person makes only their own, the administrator its
//! own and service accounts'. The operator here holds the database itself and may make any
//! account's; the history then names that account, so make a person's only at their asking.

use std::io::{BufRead, IsTerminal};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use plantrack_domain::Language;
use plantrack_domain::access::{Caller, OrgKind, Role};
use plantrack_store::accounts::{
    NewServiceAccount, NewUser, ORG_KINDS, generate_password, org_kind_str, parse_org_kind,
    validate_display_name, validate_password, validate_username,
};
use plantrack_store::{Planning, StoreError};
use plantrack_web::i18n::translate;

use super::CliError;
use super::output::table::{date, headings, render};
use super::output::{Format, FormatArg, out, print_json};

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Create an account, in an existing organisation or in one created on the way (this is
    /// how the first administrator is made). Prints a generated password once unless
    /// --password-stdin is given.
    Create(CreateUser),
    /// List accounts (never their passwords).
    List(FormatArg),
    /// Disable an account: it can no longer log in, its sessions end and its tokens stop.
    Disable { username: String },
    /// Enable a disabled account again: it signs in with its password as before.
    Enable { username: String },
    /// Set a new password (generated and printed once unless --password-stdin is given);
    /// ends the account's sessions and lifts a login lock.
    ResetPassword {
        username: String,
        /// Read the new password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the organisations accounts belong to.
    Organisations(FormatArg),
    /// Receive the weekly progress report (PDF) by e-mail at an address, or stop it with
    /// --off. Leadership and administrator accounts only; off by default.
    WeeklyReport {
        username: String,
        /// The address the report is sent to.
        #[arg(long, required_unless_present = "off", conflicts_with = "off")]
        email: Option<String>,
        /// Stop sending it.
        #[arg(long)]
        off: bool,
    },
}

#[derive(Debug, Args)]
pub struct CreateUser {
    /// 3–64 characters: a-z, 0-9, '.', '_', '-'.
    #[arg(long)]
    pub username: String,
    #[arg(long)]
    pub display_name: String,
    /// administrator, leadership, appraiser, department_officer, commune_officer, consultant
    /// or public.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// The organisation's name, e.g. "UBND tỉnh Lai Châu".
    #[arg(long)]
    pub organisation: String,
    /// Create the organisation if it does not exist yet, of this kind: provincial_pc,
    /// construction_dept, sector_department, commune_pc, consultant_firm or public.
    #[arg(long, value_parser = parse_kind, requires = "province")]
    pub new_organisation_kind: Option<OrgKind>,
    /// The new organisation's province code (e.g. 12 for Lai Châu).
    #[arg(long, requires = "new_organisation_kind")]
    pub province: Option<String>,
    /// The new commune People's Committee's unit code (e.g. 03478).
    #[arg(long, requires = "new_organisation_kind")]
    pub unit: Option<String>,
    /// Read the password from the first line of standard input instead of generating one.
    #[arg(long, conflicts_with = "service_account")]
    pub password_stdin: bool,
    /// An integration's account: no password (none is printed), it never signs in and acts
    /// through the tokens made for it (`plantrack token create`).
    #[arg(long)]
    pub service_account: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Create an API token for an account; its secret is printed once.
    Create {
        #[arg(long)]
        username: String,
        /// What the token is for, e.g. "GIS sync".
        #[arg(long)]
        label: String,
        #[command(flatten)]
        format: FormatArg,
    },
    /// List tokens (never their secrets).
    List {
        #[arg(long)]
        username: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Revoke a token for good.
    Revoke { id: i64 },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role '{s}'; one of: {}", all.join(", "))
    })
}

fn parse_kind(s: &str) -> Result<OrgKind, String> {
    parse_org_kind(s).ok_or_else(|| {
        let all: Vec<&str> = ORG_KINDS.iter().map(|k| org_kind_str(*k)).collect();
        format!(
            "unknown organisation kind '{s}'; one of: {}",
            all.join(", ")
        )
    })
}

/// The day in Vietnam (UTC+7), as dd/mm/yyyy.
fn day(t: DateTime<Utc>) -> String {
    date(plantrack_domain::calendar::vietnam_date(t))
}

/// The first line of standard input, without its line ending.
fn read_password(lang: Language) -> Result<String, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("{}", translate(lang.into(), "cli-password-prompt", &[]));
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let password = line
        .strip_suffix('\n')
        .map_or(line.as_str(), |l| l.strip_suffix('\r').unwrap_or(l));
    if password.is_empty() {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-password-missing",
            &[],
        )));
    }
    validate_password(password).map_err(StoreError::from)?;
    Ok(password.to_owned())
}

/// The password to set, and whether it was generated (and so must be shown).
fn password(from_stdin: bool, lang: Language) -> Result<(String, bool), CliError> {
    if from_stdin {
        Ok((read_password(lang)?, false))
    } else {
        Ok((generate_password(), true))
    }
}

pub async fn run_user(planning: &Planning, cmd: UserCmd, lang: Language) -> Result<(), CliError> {
    let db = planning;
    match cmd {
        UserCmd::Create(c) => create_user(planning, c, lang).await,
        UserCmd::List(f) => {
            let users = db.users(Caller::Operator).await?;
            match f.format {
                Format::Json => print_json(&users),
                Format::Table => {
                    let rows: Vec<Vec<String>> = users
                        .iter()
                        .map(|u| {
                            vec![
                                u.id.to_string(),
                                u.username.clone(),
                                u.display_name.clone(),
                                if u.service_account {
                                    format!(
                                        "{} ({})",
                                        u.role.as_str(),
                                        translate(lang.into(), "cli-service-account", &[])
                                    )
                                } else {
                                    u.role.as_str().to_owned()
                                },
                                u.organisation.name.clone(),
                                day(u.created_at),
                                match u.disabled_at {
                                    Some(t) => translate(
                                        lang.into(),
                                        "cli-user-disabled-on",
                                        &[("date", day(t).into())],
                                    ),
                                    None => translate(lang.into(), "cli-active", &[]),
                                },
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-username",
                            "cli-col-name",
                            "cli-col-role",
                            "cli-col-organisation",
                            "cli-col-created",
                            "cli-col-status",
                        ],
                    );
                    out(&render(&header, &rows))
                }
            }
        }
        UserCmd::WeeklyReport {
            username,
            email,
            off: _,
        } => {
            let user = db.user(Caller::Operator, &username).await?;
            if email.is_some() && !plantrack_domain::access::receive_weekly_report(user.role) {
                return Err(CliError::Usage(translate(
                    lang.into(),
                    "cli-weekly-role-refused",
                    &[
                        ("username", username.as_str().into()),
                        ("role", user.role.as_str().into()),
                    ],
                )));
            }
            let set = db
                .set_weekly_report(Caller::Operator, &username, email.as_deref())
                .await?;
            let message = match &set {
                Some(address) => translate(
                    lang.into(),
                    "cli-weekly-on",
                    &[
                        ("username", username.as_str().into()),
                        ("email", address.as_str().into()),
                    ],
                ),
                None => translate(
                    lang.into(),
                    "cli-weekly-off",
                    &[("username", username.as_str().into())],
                ),
            };
            eprintln!("{message}");
            Ok(())
        }
        UserCmd::Disable { username } => {
            db.disable_user(Caller::Operator, &username).await?;
            eprintln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-user-disabled",
                    &[("username", username.as_str().into())]
                )
            );
            Ok(())
        }
        UserCmd::Enable { username } => {
            db.enable_user(Caller::Operator, &username).await?;
            eprintln!(
                "{}",
                translate(
                    lang.into(),
                    "cli-user-enabled",
                    &[("username", username.as_str().into())]
                )
            );
            Ok(())
        }
        UserCmd::ResetPassword {
            username,
            password_stdin,
        } => {
            // Fail on an unknown name before asking for or generating anything.
            db.user(Caller::Operator, &username).await?;
            let (password, generated) = password(password_stdin, lang)?;
            db.reset_password(Caller::Operator, &username, &password)
                .await?;
            if generated {
                eprintln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-password-new-shown",
                        &[("username", username.as_str().into())]
                    )
                );
                out(&format!("{password}\n"))?;
            } else {
                eprintln!(
                    "{}",
                    translate(
                        lang.into(),
                        "cli-password-changed",
                        &[("username", username.as_str().into())]
                    )
                );
            }
            Ok(())
        }
        UserCmd::Organisations(f) => {
            let orgs = db.organisations(Caller::Operator).await?;
            match f.format {
                Format::Json => print_json(&orgs),
                Format::Table => {
                    let rows: Vec<Vec<String>> = orgs
                        .iter()
                        .map(|o| {
                            vec![
                                o.id.to_string(),
                                o.name.clone(),
                                org_kind_str(o.kind).to_owned(),
                                o.province_code.clone(),
                                o.unit_code.clone().unwrap_or_else(|| "—".into()),
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-name",
                            "cli-col-kind",
                            "cli-col-province",
                            "cli-col-unit",
                        ],
                    );
                    out(&render(&header, &rows))
                }
            }
        }
    }
}

async fn create_user(planning: &Planning, c: CreateUser, lang: Language) -> Result<(), CliError> {
    let db = planning;
    // Check what can be checked before anything is created, so that a refused account does
    // not leave a new organisation behind.
    validate_username(&c.username).map_err(StoreError::from)?;
    validate_display_name(&c.display_name).map_err(StoreError::from)?;
    match db.user(Caller::Operator, &c.username).await {
        Ok(_) => {
            return Err(StoreError::Duplicate {
                what: "user",
                key: c.username,
            }
            .into());
        }
        Err(StoreError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let organisation = if let Some(org) = db
        .organisation_by_name(Caller::Operator, &c.organisation)
        .await?
    {
        if let Some(kind) = c.new_organisation_kind
            && kind != org.kind
        {
            return Err(CliError::Usage(translate(
                lang.into(),
                "cli-org-kind-mismatch",
                &[
                    ("name", org.name.as_str().into()),
                    ("kind", org_kind_str(org.kind).into()),
                    ("wanted", org_kind_str(kind).into()),
                ],
            )));
        }
        if let Some(province) = &c.province
            && province.trim() != org.province_code
        {
            return Err(CliError::Usage(translate(
                lang.into(),
                "cli-org-other-province",
                &[
                    ("name", org.name.as_str().into()),
                    ("province", org.province_code.as_str().into()),
                    ("wanted", province.as_str().into()),
                ],
            )));
        }
        org
    } else {
        let (Some(kind), Some(province)) = (c.new_organisation_kind, &c.province) else {
            return Err(CliError::Usage(translate(
                lang.into(),
                "cli-org-missing",
                &[("name", c.organisation.as_str().into())],
            )));
        };
        if c.role.organisation_kind() != kind {
            return Err(CliError::Usage(translate(
                lang.into(),
                "cli-role-needs-kind",
                &[
                    ("role", c.role.as_str().into()),
                    ("kind", org_kind_str(c.role.organisation_kind()).into()),
                    ("given", org_kind_str(kind).into()),
                ],
            )));
        }
        let (password, generated) = password(c.password_stdin, lang)?;
        let org = db
            .create_organisation(
                Caller::Operator,
                kind,
                &c.organisation,
                province,
                c.unit.as_deref(),
            )
            .await?;
        eprintln!(
            "{}",
            translate(
                lang.into(),
                "cli-org-created",
                &[
                    ("name", org.name.as_str().into()),
                    ("kind", org_kind_str(org.kind).into()),
                    ("province", org.province_code.as_str().into()),
                ]
            )
        );
        return finish_user(planning, c, org.id, password, generated, lang).await;
    };
    if c.role.organisation_kind() != organisation.kind {
        return Err(CliError::Usage(translate(
            lang.into(),
            "cli-role-wrong-org",
            &[
                ("role", c.role.as_str().into()),
                ("kind", org_kind_str(c.role.organisation_kind()).into()),
                ("name", organisation.name.as_str().into()),
                ("given", org_kind_str(organisation.kind).into()),
            ],
        )));
    }
    let (password, generated) = password(c.password_stdin, lang)?;
    finish_user(planning, c, organisation.id, password, generated, lang).await
}

async fn finish_user(
    planning: &Planning,
    c: CreateUser,
    organisation_id: i64,
    password: String,
    generated: bool,
    lang: Language,
) -> Result<(), CliError> {
    let service_account = c.service_account;
    // A service account's password is never shown: nobody is to sign in with it.
    let shown = (generated && !service_account).then(|| password.clone());
    let user = if service_account {
        planning
            .create_service_account(
                Caller::Operator,
                NewServiceAccount {
                    username: c.username,
                    display_name: c.display_name,
                    role: c.role,
                    organisation_id,
                },
            )
            .await?
    } else {
        planning
            .create_user(
                Caller::Operator,
                NewUser {
                    username: c.username,
                    display_name: c.display_name,
                    password,
                    role: c.role,
                    organisation_id,
                },
            )
            .await?
    };
    eprintln!(
        "{}",
        translate(
            lang.into(),
            if service_account {
                "cli-service-account-created"
            } else {
                "cli-user-created"
            },
            &[
                ("username", user.username.as_str().into()),
                ("role", user.role.as_str().into()),
                ("organisation", user.organisation.name.as_str().into()),
            ]
        )
    );
    if let Some(password) = shown {
        eprintln!("{}", translate(lang.into(), "cli-user-password-shown", &[]));
        out(&format!("{password}\n"))?;
    }
    Ok(())
}

pub async fn run_token(planning: &Planning, cmd: TokenCmd, lang: Language) -> Result<(), CliError> {
    let db = planning;
    match cmd {
        TokenCmd::Create {
            username,
            label,
            format,
        } => {
            let user = db.user(Caller::Operator, &username).await?;
            let (secret, info) = db
                .create_token(Caller::Operator, user.id, &label, Utc::now())
                .await?;
            match format.format {
                Format::Json => print_json(&serde_json::json!({ "secret": secret, "token": info })),
                Format::Table => {
                    eprintln!(
                        "{}",
                        translate(
                            lang.into(),
                            "cli-token-created",
                            &[
                                ("id", info.id.into()),
                                ("username", info.username.as_str().into()),
                                ("label", info.label.as_str().into()),
                            ]
                        )
                    );
                    out(&format!("{secret}\n"))
                }
            }
        }
        TokenCmd::List { username, format } => {
            let user_id = match &username {
                Some(u) => Some(db.user(Caller::Operator, u).await?.id),
                None => None,
            };
            let tokens = db.tokens(Caller::Operator, user_id).await?;
            match format.format {
                Format::Json => print_json(&tokens),
                Format::Table => {
                    let rows: Vec<Vec<String>> = tokens
                        .iter()
                        .map(|t| {
                            vec![
                                t.id.to_string(),
                                t.username.clone(),
                                t.label.clone(),
                                t.role.as_str().to_owned(),
                                t.organisation.clone(),
                                day(t.created_at),
                                t.last_used_at.map_or_else(
                                    || translate(lang.into(), "cli-token-never", &[]),
                                    day,
                                ),
                                match t.revoked_at {
                                    Some(r) => translate(
                                        lang.into(),
                                        "cli-token-revoked-on",
                                        &[("date", day(r).into())],
                                    ),
                                    None => translate(lang.into(), "cli-active", &[]),
                                },
                            ]
                        })
                        .collect();
                    let header = headings(
                        lang,
                        &[
                            "cli-col-id",
                            "cli-col-user",
                            "cli-col-label",
                            "cli-col-role",
                            "cli-col-organisation",
                            "cli-col-created",
                            "cli-col-last-used",
                            "cli-col-status",
                        ],
                    );
                    out(&render(&header, &rows))
                }
            }
        }
        TokenCmd::Revoke { id } => {
            db.revoke_token(Caller::Operator, id).await?;
            eprintln!(
                "{}",
                translate(lang.into(), "cli-token-revoked", &[("id", id.into())])
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use clap::Parser;
    use plantrack_store::planning::Clock;
    use plantrack_store::testing::TestDb;

    use super::*;

    #[derive(Debug, Parser)]
    struct TestCli {
        #[command(subcommand)]
        cmd: TestCmd,
    }

    #[derive(Debug, Subcommand)]
    enum TestCmd {
        #[command(subcommand)]
        User(UserCmd),
        #[command(subcommand)]
        Token(TokenCmd),
    }

    async fn run(planning: &Planning, args: &[&str]) -> Result<(), CliError> {
        let cli = TestCli::try_parse_from(std::iter::once("plantrack").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        match cli.cmd {
            TestCmd::User(cmd) => run_user(planning, cmd, Language::Vi).await,
            TestCmd::Token(cmd) => run_token(planning, cmd, Language::Vi).await,
        }
    }

    #[tokio::test]
    async fn the_first_administrator_is_created_on_an_empty_database() {
        let test_db = TestDb::new().await;
        let clock = Clock::fixed(NaiveDate::from_ymd_opt(2025, 11, 25).unwrap());
        Planning::migrate(&test_db.url).await.expect("migrate");
        let p = Planning::open(&test_db.url, clock).await.unwrap();
        let admin = [
            "user",
            "create",
            "--username",
            "admin",
            "--display-name",
            "Quản trị",
            "--role",
            "administrator",
            "--organisation",
            "UBND tỉnh Lai Châu",
        ];
        // The organisation does not exist yet: say how to create it.
        assert!(matches!(run(&p, &admin).await, Err(CliError::Usage(_))));
        let mut with_org = admin.to_vec();
        with_org.extend([
            "--new-organisation-kind",
            "provincial_pc",
            "--province",
            "12",
        ]);
        run(&p, &with_org).await.unwrap();
        let users = p.users(Caller::Operator).await.unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].role, Role::Administrator);
        assert_eq!(users[0].organisation.name, "UBND tỉnh Lai Châu");
        // Again: the name is taken.
        assert!(matches!(
            run(&p, &with_org).await,
            Err(CliError::Store(StoreError::Duplicate { .. }))
        ));

        // A second account in the existing organisation; a wrong kind for it is refused
        // before anything is created.
        run(
            &p,
            &[
                "user",
                "create",
                "--username",
                "lanhdao",
                "--display-name",
                "Lãnh đạo",
                "--role",
                "leadership",
                "--organisation",
                "UBND tỉnh Lai Châu",
            ],
        )
        .await
        .unwrap();
        let wrong_kind = [
            "user",
            "create",
            "--username",
            "tham.dinh",
            "--display-name",
            "Thẩm định",
            "--role",
            "appraiser",
            "--organisation",
            "Sở Tư vấn",
            "--new-organisation-kind",
            "consultant_firm",
            "--province",
            "12",
        ];
        assert!(matches!(
            run(&p, &wrong_kind).await,
            Err(CliError::Usage(_))
        ));
        assert_eq!(p.organisations(Caller::Operator).await.unwrap().len(), 1);
        let bad_name = [
            "user",
            "create",
            "--username",
            "X",
            "--display-name",
            "X",
            "--role",
            "consultant",
            "--organisation",
            "Tư vấn A",
            "--new-organisation-kind",
            "consultant_firm",
            "--province",
            "12",
        ];
        assert!(matches!(
            run(&p, &bad_name).await,
            Err(CliError::Store(StoreError::Domain(_)))
        ));
        assert_eq!(p.organisations(Caller::Operator).await.unwrap().len(), 1);

        run(&p, &["user", "list", "--format", "json"])
            .await
            .unwrap();
        run(&p, &["user", "organisations"]).await.unwrap();

        // Tokens.
        run(
            &p,
            &[
                "token",
                "create",
                "--username",
                "lanhdao",
                "--label",
                "báo cáo",
            ],
        )
        .await
        .unwrap();
        let tokens = p.tokens(Caller::Operator, None).await.unwrap();
        assert_eq!(tokens.len(), 1);
        run(&p, &["token", "list", "--username", "lanhdao"])
            .await
            .unwrap();
        run(&p, &["token", "revoke", &tokens[0].id.to_string()])
            .await
            .unwrap();
        assert!(
            p.tokens(Caller::Operator, None).await.unwrap()[0]
                .revoked_at
                .is_some()
        );

        run(&p, &["user", "reset-password", "lanhdao"])
            .await
            .unwrap();
        run(&p, &["user", "disable", "lanhdao"]).await.unwrap();
        assert!(
            p.user(Caller::Operator, "lanhdao")
                .await
                .unwrap()
                .disabled_at
                .is_some()
        );
        assert!(matches!(
            run(&p, &["user", "disable", "nobody"]).await,
            Err(CliError::Store(StoreError::NotFound { .. }))
        ));
    }
}
