//! What tables a database holds, their columns and the references between them, read from
//! the database's own catalog: a backup covers every table a migration made, including
//! tables added after this module was written.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{AnyConnection, Row};

use crate::db::Backend;
use crate::error::{Result, StoreError};

/// The tables a backup never copies: the migrator's own record (the manifest carries the
/// versions) and SQLite's bookkeeping (the manifest carries the sequences).
fn is_internal(name: &str) -> bool {
    name == "_sqlx_migrations" || name.starts_with("sqlite_")
}

/// How a column's values are bound when rows are written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Real,
    Text,
    Blob,
    Bool,
    /// A SQLite column without a declared type: each value keeps its own.
    Any,
}

impl Kind {
    /// From a declared type (SQLite's affinity rules, PostgreSQL's type names).
    fn of(declared: &str) -> Kind {
        let t = declared.to_ascii_uppercase();
        if t.is_empty() {
            Kind::Any
        } else if t.contains("INT") {
            Kind::Integer
        } else if t.contains("BOOL") {
            Kind::Bool
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            Kind::Real
        } else if t.contains("BLOB") || t.contains("BYTEA") {
            Kind::Blob
        } else {
            Kind::Text
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// A table and the tables its rows reference.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub references: BTreeSet<String>,
    /// A reference to the table itself (`units.parent_code` → `units.code`): its rows are
    /// read parents first.
    pub self_reference: Option<(String, String)>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Every application table, ordered so that a table comes after those it references.
pub async fn tables(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<Table>> {
    let names: Vec<String> = match backend {
        Backend::Sqlite => {
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .fetch_all(&mut *conn)
                .await?
        }
        Backend::Postgres => {
            sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 ORDER BY table_name",
            )
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let mut tables = BTreeMap::new();
    for name in names.into_iter().filter(|n| !is_internal(n)) {
        let table = table(conn, backend, name).await?;
        tables.insert(table.name.clone(), table);
    }
    ordered(tables)
}

async fn table(conn: &mut AnyConnection, backend: Backend, name: String) -> Result<Table> {
    let (columns_sql, references_sql) = match backend {
        Backend::Sqlite => (
            "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
            "SELECT \"table\", \"from\", COALESCE(\"to\", '') FROM pragma_foreign_key_list($1)",
        ),
        Backend::Postgres => (
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            "SELECT rt.relname::text, a.attname::text, ra.attname::text \
             FROM pg_constraint c \
             JOIN pg_class t ON t.oid = c.conrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema() \
             JOIN pg_class rt ON rt.oid = c.confrelid \
             CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, ref_col) \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col \
             JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.ref_col \
             WHERE c.contype = 'f' AND t.relname = $1",
        ),
    };
    let columns = sqlx::query(columns_sql)
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(Column {
                name: r.try_get(0)?,
                kind: Kind::of(&r.try_get::<Option<String>, _>(1)?.unwrap_or_default()),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut references = BTreeSet::new();
    let mut self_reference = None;
    for r in sqlx::query(references_sql)
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?
    {
        let (target, from, to): (String, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        if target == name {
            self_reference = Some((from, to));
        } else {
            references.insert(target);
        }
    }
    Ok(Table {
        name,
        columns,
        references,
        self_reference,
    })
}

/// The tables in an order where each comes after those it references (by name among equals).
fn ordered(mut left: BTreeMap<String, Table>) -> Result<Vec<Table>> {
    let mut done = BTreeSet::new();
    let mut order = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready: Vec<String> = left
            .values()
            .filter(|t| {
                t.references
                    .iter()
                    .all(|r| done.contains(r) || !left.contains_key(r))
            })
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            let names: Vec<_> = left.keys().cloned().collect();
            return Err(StoreError::corrupt(format!(
                "the tables {} reference each other in a cycle",
                names.join(", ")
            )));
        }
        for name in ready {
            done.insert(name.clone());
            order.extend(left.remove(&name));
        }
    }
    Ok(order)
}

/// Identifiers come from the catalog, never from a user; quoted all the same.
pub fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_give_the_binding() {
        assert_eq!(Kind::of("INTEGER"), Kind::Integer);
        assert_eq!(Kind::of("bigint"), Kind::Integer);
        assert_eq!(Kind::of("double precision"), Kind::Real);
        assert_eq!(Kind::of("REAL"), Kind::Real);
        assert_eq!(Kind::of("bytea"), Kind::Blob);
        assert_eq!(Kind::of("BLOB"), Kind::Blob);
        assert_eq!(Kind::of("boolean"), Kind::Bool);
        assert_eq!(Kind::of("TEXT"), Kind::Text);
        assert_eq!(Kind::of(""), Kind::Any);
    }

    fn table(name: &str, references: &[&str]) -> (String, Table) {
        (
            name.to_owned(),
            Table {
                name: name.to_owned(),
                columns: Vec::new(),
                references: references.iter().map(|r| (*r).to_owned()).collect(),
                self_reference: None,
            },
        )
    }

    #[test]
    fn referenced_tables_come_first() {
        let tables = BTreeMap::from([
            table("dossier_events", &["dossiers"]),
            table("dossiers", &["plans", "workflow_templates"]),
            table("plans", &["units"]),
            table("units", &[]),
            table("workflow_templates", &[]),
        ]);
        let order: Vec<_> = ordered(tables)
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(
            order,
            [
                "units",
                "workflow_templates",
                "plans",
                "dossiers",
                "dossier_events"
            ]
        );
        let cycle = BTreeMap::from([table("a", &["b"]), table("b", &["a"])]);
        assert!(ordered(cycle).is_err());
    }
}
