//! Reading accounts, organisations and tokens from their rows.

use super::*;

pub(super) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.created_at, \
     u.disabled_at, u.service_account, o.id AS org_id, o.kind AS org_kind, o.name AS org_name, \
     o.province_code AS org_province, o.unit_code AS org_unit, o.sector AS org_sector";
pub(super) const USER_FROM: &str = "users u JOIN organisations o ON o.id = u.organisation_id";

pub(super) const ORG_COLUMNS: &str = "id AS org_id, kind AS org_kind, name AS org_name, \
     province_code AS org_province, unit_code AS org_unit, sector AS org_sector";

pub(super) fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| StoreError::corrupt(format!("role '{s}'")))
}

pub(super) fn organisation_from_row(row: &AnyRow) -> Result<Organisation> {
    let kind: String = row.try_get("org_kind")?;
    Ok(Organisation {
        id: row.try_get("org_id")?,
        kind: parse_org_kind(&kind)
            .ok_or_else(|| StoreError::corrupt(format!("organisation kind '{kind}'")))?,
        name: row.try_get("org_name")?,
        province_code: row.try_get("org_province")?,
        unit_code: row.try_get("org_unit")?,
        sector: match row.try_get::<Option<String>, _>("org_sector")? {
            None => None,
            Some(s) => Some(
                Sector::parse(&s)
                    .ok_or_else(|| StoreError::corrupt(format!("organisation sector '{s}'")))?,
            ),
        },
    })
}

pub(super) fn user_from_row(row: &AnyRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: parse_role(&role)?,
        organisation: organisation_from_row(row)?,
        created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        disabled_at: parse_opt_ts(row.try_get::<Option<String>, _>("disabled_at")?.as_deref())?,
        service_account: row.try_get::<i64, _>("service_account")? != 0,
    })
}

pub(super) fn principal_of(user: User) -> Principal {
    Principal {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        organisation: user.organisation,
        // A session, unless the token path says otherwise (see `Db::token_principal`).
        authenticated_by: plantrack_domain::access::Authentication::Session,
    }
}

pub(super) const TOKEN_SELECT: &str = "SELECT t.id, t.user_id, u.username, t.label, t.role, \
     t.organisation_id, o.name AS org_name, t.created_at, t.last_used_at, t.revoked_at \
     FROM api_tokens t JOIN users u ON u.id = t.user_id \
     JOIN organisations o ON o.id = t.organisation_id";

pub(super) fn token_from_row(row: &AnyRow) -> Result<TokenInfo> {
    let role: String = row.try_get("role")?;
    Ok(TokenInfo {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        username: row.try_get("username")?,
        label: row.try_get("label")?,
        role: parse_role(&role)?,
        organisation_id: row.try_get("organisation_id")?,
        organisation: row.try_get("org_name")?,
        created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        last_used_at: parse_opt_ts(row.try_get::<Option<String>, _>("last_used_at")?.as_deref())?,
        revoked_at: parse_opt_ts(row.try_get::<Option<String>, _>("revoked_at")?.as_deref())?,
    })
}

/// A unique-constraint violation as [`StoreError::Duplicate`] (the race the check before
/// an insert cannot see), anything else as it is.
pub(super) fn duplicate_or(e: sqlx::Error, what: &'static str, key: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate {
            what,
            key: key.to_owned(),
        },
        _ => e.into(),
    }
}
