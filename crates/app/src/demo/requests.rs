//! Plays the demo's information requests (issue 13, item 4) after the meeting: each asked on
//! its day for its units' dossiers, then the departments' answers and explained delays in the
//! order of their days, through the use cases a user's commands go through.

use std::collections::HashMap;

use chrono::NaiveDate;
use plantrack_domain::access::{Caller, Organisation};
use plantrack_store::follow_up::{DelayExplanation, InformationAnswer, NewInformationRequest};
use plantrack_store::{Planning, StoreError};

use super::script::Script;

/// What a department does about one request, on its day.
enum Reply<'a> {
    Answer(&'a super::script::RequestAnswer),
    Delay(&'a super::script::RequestDelay),
}

fn org_id(organisations: &[Organisation], name: &str) -> Result<i64, StoreError> {
    organisations
        .iter()
        .find(|o| o.name == name)
        .map(|o| o.id)
        .ok_or_else(|| StoreError::NotFound {
            what: "organisation",
            key: name.to_owned(),
        })
}

/// Plays the requests. `record_on` moves the replay's clock to a day; `dossiers` maps the
/// campaign's units to their dossiers.
pub async fn play(
    planning: &Planning,
    script: &Script,
    dossiers: &HashMap<String, i64>,
    record_on: &dyn Fn(NaiveDate),
) -> Result<(), StoreError> {
    let operator = Caller::Operator;
    let organisations = planning.organisations(operator).await?;
    let mut replies: Vec<(NaiveDate, i64, Reply<'_>)> = Vec::new();
    for r in &script.meeting.requests {
        let dossier = |unit: &str| {
            dossiers
                .get(unit)
                .copied()
                .ok_or_else(|| StoreError::NotFound {
                    what: "demo dossier",
                    key: unit.to_owned(),
                })
        };
        record_on(r.asked_on);
        let asked = planning
            .ask_information(
                operator,
                &NewInformationRequest {
                    department_id: org_id(&organisations, &r.to)?,
                    dossiers: r
                        .units
                        .iter()
                        .map(|u| dossier(u))
                        .collect::<Result<_, _>>()?,
                    topics: r.topics.clone(),
                    text: r.text.clone(),
                    asked_on: Some(r.asked_on),
                    due_on: None,
                    requester_id: Some(org_id(&organisations, &r.by)?),
                },
            )
            .await?;
        let request_of = |unit: &str| {
            asked
                .iter()
                .find(|a| a.unit_code == unit)
                .map(|a| a.id)
                .ok_or_else(|| StoreError::NotFound {
                    what: "demo request",
                    key: unit.to_owned(),
                })
        };
        for a in &r.answers {
            replies.push((a.on, request_of(&a.unit)?, Reply::Answer(a)));
        }
        for d in &r.delays {
            replies.push((d.on, request_of(&d.unit)?, Reply::Delay(d)));
        }
    }
    replies.sort_by_key(|(on, id, _)| (*on, *id));
    for (on, id, reply) in replies {
        record_on(on);
        match reply {
            Reply::Answer(a) => {
                planning
                    .answer_information_request(
                        operator,
                        id,
                        &InformationAnswer {
                            answer: a.answer.clone(),
                            documents: a.documents.clone(),
                            layer_version_id: None,
                            on: Some(on),
                            expected_version: None,
                        },
                    )
                    .await?;
            }
            Reply::Delay(d) => {
                planning
                    .explain_request_delay(
                        operator,
                        id,
                        &DelayExplanation {
                            note: d.note.clone(),
                            expected_on: d.expected_on,
                            on: Some(on),
                            expected_version: None,
                        },
                    )
                    .await?;
            }
        }
    }
    Ok(())
}
