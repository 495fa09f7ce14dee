//! The rules every operation of the API document follows, applied once to the document that the
//! handlers' annotations generate, so that no handler can forget them: how a caller proves who
//! they are, which refusals the extractors and the middleware give to any request (400, 401,
//! 403, 413), that every refusal is an RFC 9457 `application/problem+json` document, and the
//! range of days the server accepts. What only one handler refuses is annotated on that handler.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::auth::{CSRF_HEADER, SESSION_COOKIE};

/// The media type of every error response.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The security scheme of API tokens (`Authorization: Bearer pt_…`).
pub const BEARER: &str = "bearer";
/// The security scheme of the session cookie a sign-in starts.
pub const SESSION: &str = "session";

/// Days the server accepts, as a pattern: 2000-01-01 to 2100-12-31
/// ([`plantrack_domain::calendar::bounds`]), the rest of a date's form left to `format: date`.
pub const DAY_PATTERN: &str = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Completes the generated document with the rules above.
pub fn complete(doc: &mut Value) {
    add_security_schemes(doc);
    let request_schemas = request_components(doc);
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if request_schemas.contains(name) {
                bound_days(schema);
            }
        }
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                complete_operation(method, operation);
            }
        }
    }
}

fn add_security_schemes(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    components.insert(
        "securitySchemes".into(),
        json!({
            BEARER: {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "pt_…",
                "description": "An API token (page Account → My API tokens, or `plantrack token create`). \
                    It acts as its holder; a token that does not work is refused with 401, never \
                    taken for an anonymous request."
            },
            SESSION: {
                "type": "apiKey",
                "in": "cookie",
                "name": SESSION_COOKIE,
                "description": format!(
                    "The session a sign-in (POST /api/v1/session) starts. Every change made \
                     through it must carry the session's CSRF token as `{CSRF_HEADER}` \
                     (the sign-in's answer gives it), or it is refused with 403."
                )
            }
        }),
    );
}

fn complete_operation(method: &str, operation: &mut Value) {
    let has_parameters = operation
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|p| !p.is_empty());
    let has_body = operation.get("requestBody").is_some();
    let security = operation.get("security").and_then(Value::as_array);
    // A token that does not work is refused, never taken for an anonymous request (a session
    // cookie that does not work is: the request goes on without an account).
    let takes_token =
        security.is_some_and(|alternatives| alternatives.iter().any(|a| a.get(BEARER).is_some()));
    let needs_account = security.is_some_and(|alternatives| {
        !alternatives
            .iter()
            .any(|a| a.as_object().is_some_and(Map::is_empty))
    });
    let changes = method != "get" && method != "head" && method != "options";
    if let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    {
        parameters.iter_mut().for_each(as_wire_parameter);
    }
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    // What the extractors and the middleware answer, whichever handler the request is for.
    if has_parameters || has_body {
        add_refusal(
            responses,
            "400",
            "A parameter or the body is malformed; `field` names which.",
        );
    }
    if takes_token || needs_account {
        add_refusal(
            responses,
            "401",
            "No account signed in where one is needed, or a credential that does not work.",
        );
    }
    if changes {
        add_refusal(
            responses,
            "403",
            "Not allowed: the account may not do this, or the request comes from another site \
             or rides on the session cookie without its CSRF token.",
        );
    }
    if has_body {
        add_refusal(
            responses,
            "413",
            "The body is larger than the server accepts.",
        );
    }
    for (status, response) in responses.iter_mut() {
        if status.starts_with('4') || status.starts_with('5') {
            as_problem(response);
        }
    }
}

fn add_refusal(responses: &mut Map<String, Value>, status: &str, description: &str) {
    responses
        .entry(status)
        .or_insert_with(|| json!({ "description": description }));
}

/// Every refusal is a problem document, whatever the annotation wrote.
fn as_problem(response: &mut Value) {
    let Some(response) = response.as_object_mut() else {
        return;
    };
    let content = response
        .entry("content")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(content) = content.as_object_mut() else {
        return;
    };
    content.clear();
    content.insert(
        PROBLEM_JSON.into(),
        json!({ "schema": { "$ref": "#/components/schemas/Problem" } }),
    );
    if response
        .get("description")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        response.insert(
            "description".into(),
            "Refused: a problem document (RFC 9457) in the reader's language.".into(),
        );
    }
}

/// The components a request body refers to, directly or through other components.
fn request_components(doc: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in METHODS {
                if let Some(body) = item.get(method).and_then(|o| o.get("requestBody")) {
                    collect_refs(body, &mut pending);
                }
            }
        }
    }
    while let Some(name) = pending.pop() {
        if found.insert(name.clone())
            && let Some(schema) = doc.pointer(&format!("/components/schemas/{name}"))
        {
            collect_refs(schema, &mut pending);
        }
    }
    found
}

fn collect_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                into.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, into));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, into)),
        _ => {}
    }
}

/// Gives every day in a request schema the range the server accepts.
fn bound_days(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("date") {
                map.insert("pattern".into(), DAY_PATTERN.into());
            }
            map.values_mut().for_each(bound_days);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_days),
        _ => {}
    }
}

/// A parameter is text on the wire, and an absent one is not sent: it is never `null`, whatever
/// the `Option` it is read into made the generator write.
fn as_wire_parameter(parameter: &mut Value) {
    let Some(schema) = parameter.get_mut("schema") else {
        return;
    };
    bound_days(schema);
    if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            schema["type"] = only;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        crate::api().1
    }

    fn operations(doc: &Value) -> Vec<(String, &'static str, &Value)> {
        let mut found = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in METHODS {
                if let Some(operation) = item.get(method) {
                    found.push((path.clone(), method, operation));
                }
            }
        }
        assert!(found.len() > 20, "{} operations", found.len());
        found
    }

    #[test]
    fn both_ways_of_proving_who_one_is_are_described() {
        let doc = document();
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes[BEARER]["type"], "http");
        assert_eq!(schemes[BEARER]["scheme"], "bearer");
        assert_eq!(schemes[SESSION]["type"], "apiKey");
        assert_eq!(schemes[SESSION]["in"], "cookie");
        assert_eq!(schemes[SESSION]["name"], SESSION_COOKIE);
    }

    #[test]
    fn every_operation_says_which_credentials_it_takes() {
        // Public: the units, the templates, signing in (whose credentials are its body), and
        // a consultation's public page with readers' reports.
        let public = [
            ("/api/v1/consultations/{id}/public", "get"),
            ("/api/v1/public-opinions/{id}/reports", "post"),
            ("/api/v1/units", "get"),
            ("/api/v1/units/{code}", "get"),
            ("/api/v1/units/{code}/boundary", "get"),
            ("/api/v1/templates", "get"),
            ("/api/v1/templates/{key}", "get"),
            ("/api/v1/session", "post"),
        ];
        let doc = document();
        for (path, method, operation) in operations(&doc) {
            let is_public = public.contains(&(path.as_str(), method));
            let security = operation.get("security").and_then(Value::as_array);
            assert_eq!(
                security.is_none(),
                is_public,
                "{method} {path}: security {security:?}"
            );
            for requirement in security.into_iter().flatten() {
                for scheme in requirement.as_object().expect("requirement").keys() {
                    assert!(
                        doc["components"]["securitySchemes"].get(scheme).is_some(),
                        "{method} {path}: unknown scheme {scheme}"
                    );
                }
            }
            let bearer = security
                .into_iter()
                .flatten()
                .any(|r| r.get(BEARER).is_some());
            let responses = &operation["responses"];
            if bearer {
                assert!(responses.get("401").is_some(), "{method} {path}: no 401");
            }
            let anonymous_allowed = security.is_none_or(|alternatives| {
                alternatives
                    .iter()
                    .any(|a| a.as_object().is_some_and(Map::is_empty))
            });
            if !anonymous_allowed {
                assert!(responses.get("401").is_some(), "{method} {path}: no 401");
            }
            if security.is_some() && anonymous_allowed && !bearer {
                // Nothing to refuse: no account needed, and no token read.
                assert!(responses.get("401").is_none(), "{method} {path}: 401");
            }
        }
    }

    #[test]
    fn every_refusal_is_a_problem_document() {
        let doc = document();
        assert!(doc.pointer("/components/schemas/Problem").is_some());
        for (path, method, operation) in operations(&doc) {
            let responses = operation["responses"].as_object().expect("responses");
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path}: no success"
            );
            for (status, response) in responses {
                assert!(
                    response["description"]
                        .as_str()
                        .is_some_and(|d| !d.is_empty())
                        || status.starts_with('2'),
                    "{method} {path} {status}: no description"
                );
                if status.starts_with('2') {
                    continue;
                }
                let content = response["content"].as_object().expect("content");
                assert_eq!(
                    content.keys().collect::<Vec<_>>(),
                    [PROBLEM_JSON],
                    "{method} {path} {status}"
                );
                assert_eq!(
                    content[PROBLEM_JSON]["schema"]["$ref"], "#/components/schemas/Problem",
                    "{method} {path} {status}"
                );
            }
            let has_input = operation.get("requestBody").is_some()
                || operation["parameters"]
                    .as_array()
                    .is_some_and(|p| !p.is_empty());
            if has_input {
                assert!(responses.contains_key("400"), "{method} {path}: no 400");
            }
            if method != "get" {
                assert!(responses.contains_key("403"), "{method} {path}: no 403");
            }
            if operation.get("requestBody").is_some() {
                assert!(responses.contains_key("413"), "{method} {path}: no 413");
            }
        }
    }

    #[test]
    fn sign_ins_held_back_or_refused_say_when_to_come_back() {
        let doc = document();
        for path in ["/api/v1/session", "/api/v1/session/password"] {
            for status in ["429", "503"] {
                let response = &doc["paths"][path]["post"]["responses"][status];
                assert!(
                    response["headers"]["retry-after"].is_object(),
                    "POST {path} {status}: {response}"
                );
            }
        }
    }

    #[test]
    fn the_days_and_years_a_request_may_carry_are_bounded() {
        use plantrack_domain::calendar::bounds::{EARLIEST_DAY, LATEST_DAY};
        // DAY_PATTERN spells these two bounds out: change it with them.
        assert_eq!(EARLIEST_DAY.to_string(), "2000-01-01");
        assert_eq!(LATEST_DAY.to_string(), "2100-12-31");

        let doc = document();
        let mut days = 0;
        for (path, method, operation) in operations(&doc) {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["schema"]["format"] == "date" {
                    days += 1;
                    assert_eq!(
                        parameter["schema"]["pattern"], DAY_PATTERN,
                        "{method} {path} {}",
                        parameter["name"]
                    );
                }
            }
        }
        assert!(days >= 4, "{days} day parameters");
        let decision = &doc["components"]["schemas"]["NewDecision"]["properties"]["issued_on"];
        assert_eq!(decision["pattern"], DAY_PATTERN);

        let calendar = &doc["paths"]["/api/v1/calendar"]["get"]["parameters"];
        let year = calendar
            .as_array()
            .and_then(|p| p.iter().find(|p| p["name"] == "year"))
            .expect("year");
        assert_eq!(year["schema"]["minimum"], 1950);
        assert_eq!(year["schema"]["maximum"], 2100);
    }

    #[test]
    fn a_template_can_be_sent_as_toml_or_plain_text() {
        let doc = document();
        let content = doc["paths"]["/api/v1/templates"]["post"]["requestBody"]["content"]
            .as_object()
            .expect("content");
        for media in ["application/toml", "text/plain"] {
            assert_eq!(content[media]["schema"]["type"], "string", "{media}");
        }
    }
}
