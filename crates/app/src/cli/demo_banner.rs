//! The first lines `serve --demo` prints: where to open it, the demo's day, the accounts by
//! role and their password, in the operator's language.

use chrono::NaiveDate;
use plantrack_domain::Language;
use plantrack_domain::access::Role;
use plantrack_store::accounts::User;
use plantrack_web::i18n::translate;

/// Accounts of one role listed by name before the rest are counted.
const NAMED_PER_ROLE: usize = 3;

/// The banner's text, without a trailing newline. `password` is none when the accounts were
/// made by an earlier run (only their hash is kept).
pub fn text(
    lang: Language,
    address: &str,
    users: &[User],
    password: Option<&str>,
    today: NaiveDate,
) -> String {
    let l = lang.into();
    let heading = translate(l, "cli-demo-mode-banner", &[]);
    let meeting = crate::demo::script::Script::lai_chau().meeting_date;
    let mut lines = vec![
        heading.clone(),
        translate(l, "cli-demo-open", &[("addr", address.into())]),
        translate(
            l,
            "cli-demo-today",
            &[
                ("today", plantrack_web::format::date(today).into()),
                ("meeting", plantrack_web::format::date(meeting).into()),
            ],
        ),
        translate(l, "cli-demo-accounts", &[]),
    ];
    for role in Role::ALL {
        let names: Vec<&str> = users
            .iter()
            .filter(|u| u.role == role && !u.service_account && u.disabled_at.is_none())
            .map(|u| u.username.as_str())
            .collect();
        if names.is_empty() {
            continue;
        }
        let mut listed = names
            .iter()
            .take(NAMED_PER_ROLE)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if names.len() > NAMED_PER_ROLE {
            listed.push(' ');
            listed.push_str(&translate(
                l,
                "cli-demo-more",
                &[("count", names.len().into())],
            ));
        }
        let role_name = translate(l, &format!("role-{}", role.as_str()), &[]);
        lines.push(format!(
            "  {}",
            translate(
                l,
                "cli-demo-users",
                &[("role", role_name.into()), ("users", listed.into())]
            )
        ));
    }
    lines.push(match password {
        Some(p) => translate(l, "cli-demo-password", &[("password", p.into())]),
        None => translate(l, "cli-demo-password-earlier", &[]),
    });
    lines.push("=".repeat(heading.chars().count()));
    lines.join("\n")
}
