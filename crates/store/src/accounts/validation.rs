//! What an account's username, password and names must be.

use super::*;

/// 3–64 characters of `a-z 0-9 . _ -`.
pub fn validate_username(username: &str) -> Result<(), DomainError> {
    let len = username.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
        return Err(DomainError::invalid(
            "username",
            format!("must be {USERNAME_MIN} to {USERNAME_MAX} characters long"),
        ));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(DomainError::invalid(
            "username",
            "may contain only lowercase letters a-z, digits and . _ -",
        ));
    }
    Ok(())
}

/// At least 12 characters (and at most 1024).
pub fn validate_password(password: &str) -> Result<(), DomainError> {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        return Err(DomainError::invalid(
            "password",
            format!("must be at least {PASSWORD_MIN} characters long"),
        ));
    }
    if len > PASSWORD_MAX {
        return Err(DomainError::invalid(
            "password",
            format!("must be at most {PASSWORD_MAX} characters long"),
        ));
    }
    Ok(())
}

/// Not empty, at most 200 characters, no control characters; returned trimmed.
pub fn validate_display_name(display_name: &str) -> Result<String, DomainError> {
    validate_text("display_name", display_name, 200)
}

pub(super) fn validate_text(field: &str, value: &str, max: usize) -> Result<String, DomainError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            field,
            format!("must be at most {max} characters, with no control characters"),
        ));
    }
    Ok(value.to_owned())
}

/// A strong random password for an account (20 characters from 56 unambiguous ones, about
/// 116 bits), for the command line to print once.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::with_capacity(20);
    let mut buf = [0u8; 32];
    while out.len() < 20 {
        OsRng.fill_bytes(&mut buf);
        for &b in &buf {
            if usize::from(b) < limit && out.len() < 20 {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    out
}
