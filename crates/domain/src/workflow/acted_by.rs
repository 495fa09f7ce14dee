//! Who acted, beyond the name the history shows. Display names need not be unique and may
//! change, so every event also keeps the account that acted and how it proved who it was: a
//! person's session, an integration's API token, or the operator at the server's command line.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{Authentication, Caller};

/// How the author of an event was known when it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The operator at the server's own command line: no account.
    Operator,
    /// A person signed in with a session.
    Session,
    /// An API token.
    Token,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Operator => "operator",
            Via::Session => "session",
            Via::Token => "token",
        }
    }

    pub fn parse(s: &str) -> Option<Via> {
        [Via::Operator, Via::Session, Via::Token]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// The account behind an event and how it acted. Absent from events recorded before
/// plantrack kept it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActedBy {
    pub via: Via,
    /// The account; none for the operator.
    pub account_id: Option<i64>,
    /// The API token, when the account acted through one.
    pub token_id: Option<i64>,
    /// Read with the history, never stored nor hashed: the account and its organisation as
    /// they are now, and the token's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountNames>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_label: Option<String>,
}

/// An account's names, for showing who acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AccountNames {
    pub username: String,
    pub display_name: String,
    pub organisation: String,
}

impl ActedBy {
    /// Who acts for `caller`; `None` for nobody signed in (who may not act at all).
    pub fn of(caller: Caller<'_>) -> Option<ActedBy> {
        let (via, account_id, token_id) = match caller {
            Caller::Operator => (Via::Operator, None, None),
            Caller::Account(None) => return None,
            Caller::Account(Some(p)) => match p.authenticated_by {
                Authentication::Session => (Via::Session, Some(p.user_id), None),
                Authentication::Token { token_id } => (Via::Token, Some(p.user_id), Some(token_id)),
            },
        };
        Some(ActedBy {
            via,
            account_id,
            token_id,
            account: None,
            token_label: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{OrgKind, Organisation, Principal, Role};

    fn person(authenticated_by: Authentication) -> Principal {
        Principal {
            user_id: 7,
            username: "lan".into(),
            display_name: "Nguyễn Thị Lan".into(),
            role: Role::CommuneOfficer,
            organisation: Organisation {
                id: 3,
                kind: OrgKind::CommunePc,
                name: "UBND xã Sìn Hồ".into(),
                province_code: "12".into(),
                unit_code: Some("03478".into()),
                sector: None,
            },
            authenticated_by,
        }
    }

    #[test]
    fn records_the_account_and_the_token_it_acted_through() {
        let session = person(Authentication::Session);
        let by = ActedBy::of(Caller::from(&session)).unwrap();
        assert_eq!(
            (by.via, by.account_id, by.token_id),
            (Via::Session, Some(7), None)
        );
        let token = person(Authentication::Token { token_id: 42 });
        let by = ActedBy::of(Caller::from(&token)).unwrap();
        assert_eq!(
            (by.via, by.account_id, by.token_id),
            (Via::Token, Some(7), Some(42))
        );
        let by = ActedBy::of(Caller::Operator).unwrap();
        assert_eq!(
            (by.via, by.account_id, by.token_id),
            (Via::Operator, None, None)
        );
        assert_eq!(ActedBy::of(Caller::Account(None)), None);
    }

    #[test]
    fn via_reads_back_what_it_writes() {
        for via in [Via::Operator, Via::Session, Via::Token] {
            assert_eq!(Via::parse(via.as_str()), Some(via));
        }
        assert_eq!(Via::parse("admin"), None);
    }
}
