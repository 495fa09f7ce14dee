//! A row's values as JSON and back. The `Any` driver hands out integers, reals, text, blobs
//! and booleans; JSON keeps integers and reals apart (`1` and `1.0`), text is a string, and
//! the two kinds JSON lacks are tagged: a blob as `{"hex": …}`, a real that is not a finite
//! number as `{"real": "NaN"}`. Written back, each value is bound as its target column's type,
//! so a dump from SQLite loads into PostgreSQL and back.

use serde_json::{Map, Value};
use sqlx::any::{AnyArguments, AnyRow, AnyTypeInfoKind};
use sqlx::query::Query;
use sqlx::{Any, Row, ValueRef};

use super::catalog::Kind;

/// One row as a JSON array, in the row's column order.
pub fn encode(row: &AnyRow) -> Result<Value, sqlx::Error> {
    let mut values = Vec::with_capacity(row.len());
    for i in 0..row.len() {
        let raw = row.try_get_raw(i)?;
        let kind = if raw.is_null() {
            AnyTypeInfoKind::Null
        } else {
            raw.type_info().kind()
        };
        let value = match kind {
            AnyTypeInfoKind::Null => Value::Null,
            AnyTypeInfoKind::Bool => Value::Bool(row.try_get(i)?),
            AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => {
                Value::from(row.try_get::<i64, _>(i)?)
            }
            AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => real(row.try_get::<f64, _>(i)?),
            AnyTypeInfoKind::Text => Value::String(row.try_get(i)?),
            AnyTypeInfoKind::Blob => tagged("hex", hex::encode(row.try_get::<Vec<u8>, _>(i)?)),
        };
        values.push(value);
    }
    Ok(Value::Array(values))
}

fn real(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or_else(|| tagged("real", x.to_string()), Value::Number)
}

fn tagged(tag: &str, text: String) -> Value {
    Value::Object(Map::from_iter([(tag.to_owned(), Value::String(text))]))
}

fn tag<'a>(value: &'a Value, tag: &str) -> Option<&'a str> {
    match value {
        Value::Object(m) if m.len() == 1 => m.get(tag).and_then(Value::as_str),
        _ => None,
    }
}

/// Binds `value` as a column of `kind`; says what is wrong with a value that does not fit.
pub fn bind<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    kind: Kind,
    value: &Value,
) -> Result<Query<'q, Any, AnyArguments<'q>>, String> {
    let kind = match (kind, value) {
        (Kind::Any, Value::Bool(_)) => Kind::Bool,
        (Kind::Any, Value::Number(n)) if n.is_i64() => Kind::Integer,
        (Kind::Any, Value::Number(_)) => Kind::Real,
        (Kind::Any, Value::Object(_)) if tag(value, "real").is_some() => Kind::Real,
        (Kind::Any, Value::Object(_)) => Kind::Blob,
        (Kind::Any, _) => Kind::Text,
        (k, _) => k,
    };
    let wrong = || format!("{value} is not a value for a {kind:?} column");
    Ok(match kind {
        Kind::Integer => query.bind(match value {
            Value::Null => None,
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Number(n) => Some(
                n.as_i64()
                    .or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64))
                    .ok_or_else(wrong)?,
            ),
            _ => return Err(wrong()),
        }),
        Kind::Real => query.bind(match value {
            Value::Null => None,
            Value::Number(n) => Some(n.as_f64().ok_or_else(wrong)?),
            _ => Some(
                tag(value, "real")
                    .and_then(|t| t.parse::<f64>().ok())
                    .ok_or_else(wrong)?,
            ),
        }),
        Kind::Bool => query.bind(match value {
            Value::Null => None,
            Value::Bool(b) => Some(*b),
            Value::Number(n) if n.as_i64().is_some() => Some(n.as_i64() != Some(0)),
            _ => return Err(wrong()),
        }),
        Kind::Text => query.bind(match value {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            // SQLite keeps what it was given; a number in a text column reads back as text.
            Value::Number(n) => Some(n.to_string()),
            _ => return Err(wrong()),
        }),
        Kind::Blob | Kind::Any => query.bind(match value {
            Value::Null => None,
            _ => Some(
                tag(value, "hex")
                    .and_then(|h| hex::decode(h).ok())
                    .ok_or_else(wrong)?,
            ),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_that_json_cannot_hold_are_tagged() {
        assert_eq!(real(1.5), serde_json::json!(1.5));
        assert_eq!(real(f64::NAN), serde_json::json!({"real": "NaN"}));
        assert_eq!(real(f64::INFINITY), serde_json::json!({"real": "inf"}));
        assert!("inf".parse::<f64>().unwrap().is_infinite());
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named() {
        let q = || sqlx::query::<Any>("SELECT 1");
        assert!(bind(q(), Kind::Integer, &serde_json::json!("x")).is_err());
        assert!(bind(q(), Kind::Blob, &serde_json::json!({"hex": "zz"})).is_err());
        assert!(bind(q(), Kind::Real, &serde_json::json!(true)).is_err());
        assert!(bind(q(), Kind::Integer, &serde_json::json!(3.0)).is_ok());
        assert!(bind(q(), Kind::Text, &serde_json::Value::Null).is_ok());
    }
}
