//! Organisations' contact addresses and the language they read: where and how their daily
//! digest is sent.

use plantrack_domain::Language;
use sqlx::{Any, Transaction};

use super::*;

/// An organisation with its contact address (none: it gets no digest) and language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OrganisationContact {
    #[serde(flatten)]
    pub organisation: Organisation,
    pub contact_email: Option<String>,
    pub contact_language: Language,
}

const CONTACT_COLUMNS: &str = "id AS org_id, kind AS org_kind, name AS org_name, \
     province_code AS org_province, unit_code AS org_unit, sector AS org_sector, contact_email, \
     contact_language";

fn contact_from_row(row: &AnyRow) -> Result<OrganisationContact> {
    let language: String = row.try_get("contact_language")?;
    Ok(OrganisationContact {
        organisation: rows::organisation_from_row(row)?,
        contact_email: row.try_get("contact_email")?,
        contact_language: Language::parse(&language)
            .ok_or_else(|| StoreError::corrupt(format!("contact language '{language}'")))?,
    })
}

impl Db {
    /// Every organisation (of one province, or of all) with its contact, by name.
    pub(crate) async fn organisation_contacts(
        &self,
        province: Option<&str>,
    ) -> Result<Vec<OrganisationContact>> {
        sqlx::query(&format!(
            "SELECT {CONTACT_COLUMNS} FROM organisations \
             WHERE $1 IS NULL OR province_code = $1 ORDER BY name"
        ))
        .bind(province)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(contact_from_row)
        .collect()
    }

    /// One organisation's contact, by id or name.
    pub(crate) async fn organisation_contact(&self, key: &str) -> Result<OrganisationContact> {
        let key = key.trim();
        let id: Option<i64> = key.parse().ok();
        sqlx::query(&format!(
            "SELECT {CONTACT_COLUMNS} FROM organisations WHERE id = $1 OR name = $2"
        ))
        .bind(id.unwrap_or(-1))
        .bind(key)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(contact_from_row)
        .transpose()?
        .ok_or_else(|| StoreError::NotFound {
            what: "organisation",
            key: key.to_owned(),
        })
    }

    /// Sets an organisation's contact in the caller's transaction (the history's event is
    /// written in the same one).
    pub(crate) async fn set_organisation_contact(
        tx: &mut Transaction<'static, Any>,
        id: i64,
        email: Option<&str>,
        language: Language,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE organisations SET contact_email = $1, contact_language = $2 WHERE id = $3",
        )
        .bind(email)
        .bind(language.code())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Sets a sector department's sector in the caller's transaction (the history's event is
    /// written in the same one).
    pub(crate) async fn set_organisation_sector(
        tx: &mut Transaction<'static, Any>,
        id: i64,
        sector: Option<plantrack_domain::access::Sector>,
    ) -> Result<()> {
        sqlx::query("UPDATE organisations SET sector = $1 WHERE id = $2")
            .bind(sector.map(plantrack_domain::access::Sector::as_str))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}
