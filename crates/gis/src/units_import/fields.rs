//! Errors and field access: the file and feature named in errors, and typed reads of JSON
//! fields.

use std::collections::HashMap;

use plantrack_domain::DomainError;
use plantrack_domain::unit::{AdminUnit, UnitKind};
use serde_json::{Map, Value};

use super::text_position::{json_path_at, offset_of};
use crate::GisError;

/// The file being read, for errors.
pub(super) struct Cx<'a> {
    pub(super) file: &'a str,
}

impl Cx<'_> {
    pub(super) fn field(&self, feature: &str, problem: Problem) -> GisError {
        GisError::Field {
            file: self.file.to_owned(),
            feature: feature.to_owned(),
            field: problem.field,
            message: problem.message,
        }
    }

    pub(super) fn parse(&self, message: impl Into<String>) -> GisError {
        GisError::Parse {
            file: self.file.to_owned(),
            message: message.into(),
        }
    }

    pub(super) fn json_error(&self, text: &str, e: &serde_json::Error) -> GisError {
        let offset = offset_of(text, e.line(), e.column());
        let path = json_path_at(text, offset);
        let inside = if path.is_empty() {
            String::new()
        } else {
            format!(", inside {path}")
        };
        self.parse(format!("not valid JSON: {e}{inside}"))
    }
}

/// A problem with one field of a feature.
#[derive(Debug)]
pub(super) struct Problem {
    pub(super) field: String,
    pub(super) message: String,
}

pub(super) fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// The feature's label in errors: its index in the file and its code when known.
pub(super) fn label(index: usize, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("#{index} ({code})"),
        None => format!("#{index}"),
    }
}

pub(super) fn describe(v: &Value) -> String {
    let short = |s: String| {
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s
        }
    };
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("a string ({})", short(format!("{s:?}"))),
        Value::Array(a) => format!("an array of {} elements", a.len()),
        Value::Object(_) => "an object".to_owned(),
    }
}

pub(super) fn req<'a>(o: &'a Map<String, Value>, field: &str) -> Result<&'a Value, Problem> {
    match o.get(field) {
        None => Err(problem(field, "is missing")),
        Some(Value::Null) => Err(problem(field, "is null")),
        Some(v) => Ok(v),
    }
}

pub(super) fn req_str<'a>(o: &'a Map<String, Value>, field: &str) -> Result<&'a str, Problem> {
    match req(o, field)? {
        Value::String(s) => Ok(s),
        v => Err(problem(
            field,
            format!("expected a string, found {}", describe(v)),
        )),
    }
}

pub(super) fn opt_str<'a>(
    o: &'a Map<String, Value>,
    field: &str,
) -> Result<Option<&'a str>, Problem> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(problem(
            field,
            format!("expected a string, found {}", describe(v)),
        )),
    }
}

pub(super) fn opt_f64(o: &Map<String, Value>, field: &str) -> Result<Option<f64>, Problem> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| problem(field, format!("number {n} is out of range"))),
        Some(v) => Err(problem(
            field,
            format!("expected a number, found {}", describe(v)),
        )),
    }
}

pub(super) fn req_array<'a>(
    o: &'a Map<String, Value>,
    field: &str,
) -> Result<&'a Vec<Value>, Problem> {
    match req(o, field)? {
        Value::Array(a) => Ok(a),
        v => Err(problem(
            field,
            format!("expected an array, found {}", describe(v)),
        )),
    }
}

pub(super) fn as_object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, Problem> {
    v.as_object()
        .ok_or_else(|| problem(what, format!("expected an object, found {}", describe(v))))
}

pub(super) fn is_code(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// The names a format gives the fields [`AdminUnit::validate`] checks.
pub(super) struct FieldNames {
    pub(super) code: &'static str,
    pub(super) parent: &'static str,
    pub(super) name: &'static str,
    pub(super) area: &'static str,
}

pub(super) fn validate(unit: &AdminUnit, names: &FieldNames) -> Result<(), Problem> {
    unit.validate().map_err(|e| match e {
        DomainError::InvalidField { field, message } => {
            let field = match field.as_str() {
                "code" => names.code,
                "parent_code" => names.parent,
                "name" | "name_vi" => names.name,
                "area_km2" => names.area,
                _ => return Problem { field, message },
            };
            problem(field, message)
        }
        other => problem(names.code, other.to_string()),
    })
}

/// Detects duplicate unit codes within a file.
#[derive(Default)]
pub(super) struct Seen(HashMap<String, String>);

impl Seen {
    pub(super) fn check(&mut self, code: &str, feature: &str, field: &str) -> Result<(), Problem> {
        if let Some(first) = self.0.get(code) {
            Err(problem(
                field,
                format!("duplicate code {code}: feature {first} has it already"),
            ))
        } else {
            self.0.insert(code.to_owned(), feature.to_owned());
            Ok(())
        }
    }
}

/// The kind a full name's prefix gives ("Xã Sìn Hồ" → commune); the first letter's case is ignored.
pub(super) fn kind_from_full_name(full_name: &str) -> Option<UnitKind> {
    let full_name = full_name.trim_start();
    ["Đặc khu", "Thành phố", "Phường", "Xã", "Tỉnh"]
        .into_iter()
        .find(|prefix| {
            full_name.get(..prefix.len()).is_some_and(|head| {
                head.to_lowercase() == prefix.to_lowercase()
                    && full_name[prefix.len()..].starts_with(' ')
            })
        })
        .and_then(UnitKind::from_vietnamese)
}
