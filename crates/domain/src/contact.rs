//! An organisation's contact address, where its daily digest is sent. Checked for the shape
//! a mail server accepts (RFC 5321's limits, a dotted domain, no spaces or angle brackets that
//! would break a header), not for whether the mailbox exists: only a message can tell that.

use crate::DomainError;

/// The longest address a mail server must accept (RFC 5321, 4.5.3.1.3).
pub const MAX_EMAIL: usize = 254;

/// The address as kept: trimmed, the domain in lower case.
pub fn email(value: &str) -> Result<String, DomainError> {
    let value = value.trim();
    let refuse = |why: &str| Err(DomainError::invalid("contact_email", why));
    if value.is_empty() {
        return refuse("must not be empty");
    }
    if value.len() > MAX_EMAIL {
        return refuse("is longer than 254 characters");
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return refuse("must be an address such as vanphong@example.vn");
    };
    let allowed_local = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    if local.is_empty()
        || local.len() > 64
        || !local.chars().all(allowed_local)
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return refuse("has a name part (before @) a mail server would refuse");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return refuse("has a domain (after @) that is not a name such as example.vn");
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_addresses_are_kept_with_the_domain_in_lower_case() {
        assert_eq!(
            email(" vanphong.ubnd@LaiChau.Example ").unwrap(),
            "vanphong.ubnd@laichau.example"
        );
        assert!(email("a+digest@so-xd.laichau.gov.vn").is_ok());
    }

    #[test]
    fn what_a_mail_server_or_a_header_would_refuse_is_refused() {
        for bad in [
            "",
            "no-at-sign",
            "@example.vn",
            "a@",
            "a@localhost",
            "a b@example.vn",
            "a@exa mple.vn",
            "a<b>@example.vn",
            "a@-x.vn",
            "a..b@example.vn",
            "x@y.vn\r\nBcc: z@w.vn",
        ] {
            assert!(email(bad).is_err(), "{bad:?} accepted");
        }
        assert!(email(&format!("{}@example.vn", "a".repeat(65))).is_err());
    }
}
