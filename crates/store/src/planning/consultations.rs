//! Consultation on a draft plan (issue 15): opening a round on a dossier, the register of
//! agencies (add, remove, consult and reconsult, extend, their replies), residents' opinions
//! entered by the commune, the answers and topic summaries of the synthesis table, and the
//! province's rule on silence. Each asks `domain::access`, lets the domain decide (tracks,
//! deadlines, statuses, completeness) and writes its rows with one event of the province's
//! follow-up chain in one transaction; a refusal stores nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller, Denied};
use plantrack_domain::calendar::bounds::within_bounds;
use plantrack_domain::consultation::{
    ConsultationProblem, ConsulteeRecord, ConsulteeStatus, TopicName, answer::MAX_RESPONSE_TEXT,
    checked_text, completeness, opinion, opinion::MAX_OPINION_TEXT, opinion::MAX_SHORT_TEXT, round,
};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Planning;
use super::follow_up::actor;
use crate::consultation::rows::ConsulteeRow;
use crate::consultation::{
    ConsultationListItem, ConsultationQuery, ConsultationRound, ConsultationRules,
    ConsultationSheet, Consultee, ConsulteeChange, ConsulteeReply, Extension, NewAnswer,
    NewConsultee, NewOpinion, NewReply, NewRound, NewRoundRow, NewSummary, Opinion, Reconsultation,
    RoundRights, TopicSummary,
};
use crate::dossiers::DossierPlace;
use crate::error::{Result, StoreError};
use crate::follow_up::events::{self, FollowUpEvent};

fn refused(p: ConsultationProblem) -> StoreError {
    DomainError::Consultation(p).into()
}

fn in_bounds(day: NaiveDate) -> Result<NaiveDate> {
    if within_bounds(day) {
        Ok(day)
    } else {
        Err(refused(ConsultationProblem::DayOutOfBounds))
    }
}

/// A day a change took effect: today unless said, never one still to come.
fn past(said: Option<NaiveDate>, today: NaiveDate) -> Result<NaiveDate> {
    let day = in_bounds(said.unwrap_or(today))?;
    if day > today {
        return Err(refused(ConsultationProblem::DayInFuture));
    }
    Ok(day)
}

fn conflict() -> StoreError {
    DomainError::VersionConflict {
        expected: 0,
        actual: 1,
    }
    .into()
}

/// A consultee as read on `day`.
fn consultee_view(
    row: ConsulteeRow,
    replies: Vec<ConsulteeReply>,
    day: NaiveDate,
    silence_is_agreement: bool,
) -> Consultee {
    let record = record_of(&row, &replies);
    Consultee {
        id: row.id,
        round_id: row.round_id,
        organisation_id: row.organisation_id,
        name: row.name,
        required: row.required,
        cycle: row.cycle,
        consulted_on: row.consulted_on,
        deadline: row.deadline,
        status: record.status_on(day),
        silence_counts_as_agreement: record.silence_agrees(day, silence_is_agreement),
        replies,
        version: row.version,
    }
}

fn record_of(row: &ConsulteeRow, replies: &[ConsulteeReply]) -> ConsulteeRecord {
    ConsulteeRecord {
        required: row.required,
        cycle: u32::try_from(row.cycle).unwrap_or(0),
        consulted_on: row.consulted_on,
        deadline: row.deadline,
        replied_on: replies
            .iter()
            .filter(|r| r.cycle == row.cycle)
            .map(|r| r.replied_on)
            .min(),
    }
}

impl Planning {
    /// The topics opinions are tagged with in a province (names in vi/en/id).
    pub async fn consultation_topics(&self, province: &str) -> Result<Vec<TopicName>> {
        self.db.consultation_topics(province).await
    }

    /// Opens a consultation round on a dossier: the residents' track of 20 to 30 days, the
    /// agencies' of 15 days unless longer, the forms used and the documents consulted on.
    pub async fn open_consultation(
        &self,
        caller: Caller<'_>,
        dossier_id: i64,
        n: &NewRound,
    ) -> Result<ConsultationSheet> {
        let (state, _, place) = self.db.dossier_row(dossier_id).await?;
        caller.allowed(|p| access::run_consultation(p, &place.scope()))?;
        let residents = round::residents_track(in_bounds(n.opens_on)?, in_bounds(n.closes_on)?)?;
        let agencies_opens = in_bounds(n.agencies_opens_on.unwrap_or(n.opens_on))?;
        let rule = self.agency_rule(&state.template, state.template_version, n.subject)?;
        let calendar = self.calendar_of(&place.province_code);
        let agencies = round::agencies_track_under(
            agencies_opens,
            n.agencies_closes_on.map(in_bounds).transpose()?,
            rule,
            &*calendar,
        )?;
        in_bounds(agencies.closes_on)?;
        let forms = round::forms(n.forms.clone())?;
        let mut documents = n.documents.clone();
        documents.sort_unstable();
        documents.dedup();
        if let Some(seq) = documents
            .iter()
            .find(|seq| !state.documents.iter().any(|d| d.seq == **seq))
        {
            return Err(refused(ConsultationProblem::UnknownDocument { seq: *seq }));
        }
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        let (id, round_no) = self
            .db
            .insert_round(
                &mut tx,
                &NewRoundRow {
                    province_code: &place.province_code,
                    dossier_id,
                    unit_code: &place.unit_code,
                    subject: n.subject,
                    documents: &documents,
                    forms: &forms,
                    agencies,
                    residents,
                    opened_by: &who.name,
                },
                now,
            )
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &place.province_code,
                occurred_on: self.today(),
                actor: &who,
                reason: "consultation opened",
                kind: "consultation_opened",
                subject: format!("consultation:{id}"),
                payload: json!({
                    "dossier": dossier_id,
                    "subject": n.subject,
                    "round_no": round_no,
                    "documents": documents,
                    "forms": forms,
                    "agencies": agencies,
                    "residents": residents,
                }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        self.sheet(self.db.consultation_round(id).await?).await
    }

    /// The rounds the caller reads, with their counts as of today.
    pub async fn consultations(
        &self,
        caller: Caller<'_>,
        q: &ConsultationQuery,
    ) -> Result<Vec<ConsultationListItem>> {
        let scope = match caller {
            Caller::Operator => access::ListScope::default(),
            Caller::Account(p) => access::list_consultations(p)?,
        };
        if let (Some(own), Some(asked)) = (&scope.unit_code, &q.unit)
            && own != asked
        {
            return Ok(Vec::new());
        }
        let unit = q.unit.as_deref().or(scope.unit_code.as_deref());
        let rows = self
            .db
            .consultation_rounds(
                scope.province_code.as_deref(),
                unit,
                scope.consultant.as_deref(),
                q.dossier,
            )
            .await?;
        let today = self.today();
        let rounds: Vec<&ConsultationRound> = rows.iter().map(|(round, _)| round).collect();
        let mut registers = self.consultees_of_rounds(&rounds, today).await?;
        let mut items = Vec::with_capacity(rows.len());
        for (round, counted) in rows {
            let consultees = registers.remove(&round.id).unwrap_or_default();
            items.push(ConsultationListItem {
                id: round.id,
                dossier: round.dossier_id,
                unit_code: round.unit_code.clone(),
                subject: round.subject,
                round_no: round.round_no,
                opens_on: round.residents.opens_on,
                closes_on: round.residents.closes_on,
                opinions: counted.opinions,
                answered: counted.answered,
                consultees: consultees.len() as u64,
                replied: consultees
                    .iter()
                    .filter(|c| c.status == ConsulteeStatus::Replied)
                    .count() as u64,
                open: round.residents.is_open_on(today),
                table_complete: counted.answered >= counted.opinions
                    && counted.unsummarised_topics == 0,
            });
        }
        Ok(items)
    }

    /// What the caller may do on a round, as the policy decides it: the page shows only the
    /// forms that would be accepted.
    pub async fn consultation_rights(&self, caller: Caller<'_>, id: i64) -> Result<RoundRights> {
        let (_, place) = self.round_place(id).await?;
        let scope = place.scope();
        caller.allowed(|p| access::read_consultation(p, &scope))?;
        Ok(RoundRights {
            record_opinions: caller
                .allowed(|p| access::run_consultation(p, &scope))
                .is_ok(),
            answer: caller
                .allowed(|p| access::answer_opinions(p, &scope))
                .is_ok(),
        })
    }

    /// A round with its register, opinions, answers and summaries, as read today.
    pub async fn consultation(&self, caller: Caller<'_>, id: i64) -> Result<ConsultationSheet> {
        let (round, place) = self.round_place(id).await?;
        caller.allowed(|p| access::read_consultation(p, &place.scope()))?;
        self.sheet(round).await
    }

    /// Adds a body to a round's register: an organisation of the province or a named outside
    /// body, consulted on the day given (or not yet).
    pub async fn add_consultee(
        &self,
        caller: Caller<'_>,
        round_id: i64,
        n: &NewConsultee,
    ) -> Result<Consultee> {
        let (round, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::run_consultation(p, &place.scope()))?;
        let outside = n
            .outside_name
            .as_deref()
            .map(|s| checked_text("consultee", s, MAX_SHORT_TEXT, false))
            .transpose()?
            .filter(|s| !s.is_empty());
        let name = match (n.organisation_id, &outside) {
            (Some(id), None) => {
                let organisations = self.db.organisations().await?;
                let org = organisations
                    .iter()
                    .find(|o| o.id == id)
                    .ok_or_else(|| refused(ConsultationProblem::UnknownOrganisation { id }))?;
                if org.province_code != place.province_code {
                    return Err(refused(ConsultationProblem::OrganisationOutsideProvince {
                        name: org.name.clone(),
                    }));
                }
                org.name.clone()
            }
            (None, Some(name)) => name.clone(),
            _ => return Err(refused(ConsultationProblem::ConsulteeNeedsOneName)),
        };
        let existing = self.db.consultees(round_id).await?;
        if existing.iter().any(|c| {
            (n.organisation_id.is_some() && c.organisation_id == n.organisation_id)
                || c.name.to_lowercase() == name.to_lowercase()
        }) {
            return Err(refused(ConsultationProblem::DuplicateConsultee { name }));
        }
        let today = self.today();
        let change = match n.consulted_on {
            Some(on) => {
                let on = past(Some(on), today)?;
                let deadline = round::agency_deadline_under(
                    on,
                    n.deadline.map(in_bounds).transpose()?,
                    self.round_agency_rule(&round).await?,
                    &*self.calendar_of(&place.province_code),
                )?;
                ConsulteeChange {
                    cycle: 1,
                    consulted_on: Some(on),
                    deadline: Some(in_bounds(deadline)?),
                }
            }
            None if n.deadline.is_some() => {
                return Err(refused(ConsultationProblem::ConsulteeNotConsulted));
            }
            None => ConsulteeChange {
                cycle: 0,
                consulted_on: None,
                deadline: None,
            },
        };
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        let id = self
            .db
            .insert_consultee(
                &mut tx,
                round_id,
                n.organisation_id,
                outside.as_deref(),
                n.required,
                &change,
                now,
            )
            .await?;
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "consultee_added",
            json!({
                "consultee": id,
                "organisation": n.organisation_id,
                "name": name,
                "required": n.required,
                "consulted_on": change.consulted_on,
                "deadline": change.deadline,
            }),
        )
        .await?;
        tx.commit().await?;
        self.consultee_now(id).await
    }

    /// Removes a body from the register; one that replied stays.
    pub async fn remove_consultee(&self, caller: Caller<'_>, id: i64) -> Result<()> {
        let row = self.db.consultee(id).await?;
        let (round, place) = self.round_place(row.round_id).await?;
        caller.allowed(|p| access::run_consultation(p, &place.scope()))?;
        let replies = self.replies_of(round.id, id).await?;
        if !replies.is_empty() {
            return Err(refused(ConsultationProblem::ConsulteeHasReplies));
        }
        let mut tx = self.db.begin_write().await?;
        if !self.db.delete_consultee(&mut tx, id, row.version).await? {
            return Err(conflict());
        }
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "consultee_removed",
            json!({ "consultee": id, "name": row.name }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Consults a body (again, after a revision): a new cycle and a new deadline, 15 days
    /// unless later; its earlier replies are kept but no longer answer it.
    pub async fn reconsult(
        &self,
        caller: Caller<'_>,
        id: i64,
        r: &Reconsultation,
    ) -> Result<Consultee> {
        let row = self.db.consultee(id).await?;
        let (round, place) = self.round_place(row.round_id).await?;
        caller.allowed(|p| access::run_consultation(p, &place.scope()))?;
        if !row.required {
            return Err(refused(ConsultationProblem::ConsulteeNotRequired));
        }
        let on = past(r.on, self.today())?;
        let deadline = in_bounds(round::agency_deadline_under(
            on,
            r.deadline.map(in_bounds).transpose()?,
            self.round_agency_rule(&round).await?,
            &*self.calendar_of(&place.province_code),
        )?)?;
        let change = ConsulteeChange {
            cycle: row.cycle + 1,
            consulted_on: Some(on),
            deadline: Some(deadline),
        };
        let kind = if row.cycle == 0 {
            "consultee_consulted"
        } else {
            "consultee_reconsulted"
        };
        self.change_consultee(
            caller,
            &round,
            &row,
            &change,
            kind,
            json!({ "consultee": id, "cycle": change.cycle, "consulted_on": on, "deadline": deadline }),
        )
        .await
    }

    /// Gives a body that has not replied a later deadline.
    pub async fn extend_consultee(
        &self,
        caller: Caller<'_>,
        id: i64,
        e: &Extension,
    ) -> Result<Consultee> {
        let row = self.db.consultee(id).await?;
        let (round, place) = self.round_place(row.round_id).await?;
        caller.allowed(|p| access::run_consultation(p, &place.scope()))?;
        let replies = self.replies_of(round.id, id).await?;
        let to = in_bounds(e.deadline)?;
        record_of(&row, &replies).check_extension(to)?;
        let change = ConsulteeChange {
            cycle: row.cycle,
            consulted_on: row.consulted_on,
            deadline: Some(to),
        };
        self.change_consultee(
            caller,
            &round,
            &row,
            &change,
            "consultee_extended",
            json!({ "consultee": id, "from": row.deadline, "to": to }),
        )
        .await
    }

    /// Records a body's reply: entered by its own account, or by the commune from its letter
    /// (marked as recorded on its behalf).
    pub async fn record_reply(
        &self,
        caller: Caller<'_>,
        id: i64,
        n: &NewReply,
    ) -> Result<Consultee> {
        let row = self.db.consultee(id).await?;
        let (round, place) = self.round_place(row.round_id).await?;
        let on_behalf = match caller {
            // The operator loads letters received: on the body's behalf.
            Caller::Operator => true,
            Caller::Account(p) => {
                let p = p.ok_or(Denied::NotSignedIn)?;
                let own = row
                    .organisation_id
                    .is_some_and(|org| access::reply_as_consultee(Some(p), org).is_ok());
                if own {
                    false
                } else if access::run_consultation(Some(p), &place.scope()).is_ok() {
                    true
                } else {
                    return Err(refused(ConsultationProblem::NotTheConsultee {
                        name: row.name.clone(),
                    }));
                }
            }
        };
        let replies = self.replies_of(round.id, id).await?;
        let today = self.today();
        let on = in_bounds(n.on.unwrap_or(today))?;
        record_of(&row, &replies).check_reply(on, today)?;
        let text = checked_text("text", &n.text, MAX_RESPONSE_TEXT, n.position.needs_text())?;
        let document = checked_text("document", &n.document, MAX_SHORT_TEXT, false)?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        let reply = self
            .db
            .insert_reply(
                &mut tx, id, row.cycle, n.position, &text, &document, on, on_behalf, &who.name, now,
            )
            .await?;
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "consultee_replied",
            json!({
                "consultee": id,
                "reply": reply,
                "cycle": row.cycle,
                "position": n.position,
                "text": text,
                "document": document,
                "replied_on": on,
                "on_behalf": on_behalf,
            }),
        )
        .await?;
        tx.commit().await?;
        self.consultee_now(id).await
    }

    /// Records a resident's opinion collected on paper, at a meeting or at the public
    /// display, while the residents' track is open (dated within it). The text is kept as
    /// given.
    pub async fn record_opinion(
        &self,
        caller: Caller<'_>,
        round_id: i64,
        n: &NewOpinion,
    ) -> Result<Opinion> {
        let (round, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::run_consultation(p, &place.scope()))?;
        if !n.source.entered_by_commune() {
            return Err(refused(ConsultationProblem::OnlineThroughPublicPage));
        }
        let today = self.today();
        let received = in_bounds(n.received_on.unwrap_or(today))?;
        opinion::check_received(&round.residents, received, today)?;
        checked_text("text", &n.text, MAX_OPINION_TEXT, true)?;
        let author = n
            .author_name
            .as_deref()
            .map(|s| checked_text("name", s, MAX_SHORT_TEXT, false))
            .transpose()?
            .filter(|s| !s.is_empty());
        let o = NewOpinion {
            author_name: author,
            hamlet: checked_text("hamlet", &n.hamlet, MAX_SHORT_TEXT, false)?,
            contact: checked_text("contact", &n.contact, MAX_SHORT_TEXT, false)?,
            ..n.clone()
        };
        opinion::check_cosigners(o.cosigners)?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        let id = self
            .db
            .insert_opinion(&mut tx, round_id, &o, received, &who.name, now)
            .await?;
        // The chain holds the text's hash, not the text: names, contacts and what residents
        // wrote stay in the table, where they can be redacted; the hash still shows any edit.
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "opinion_recorded",
            json!({
                "opinion": id,
                "source": o.source,
                "anonymous": o.author_name.is_none(),
                "cosigners": o.cosigners,
                "received_on": received,
                "text_sha256": hex::encode(Sha256::digest(o.text.as_bytes())),
            }),
        )
        .await?;
        tx.commit().await?;
        self.opinion_now(round_id, id).await
    }

    /// Answers an opinion (or a point of it) under a topic: accepted (what changed),
    /// explained (why not) or not in scope. Only the commune's own officers answer.
    pub async fn answer_opinion(
        &self,
        caller: Caller<'_>,
        round_id: i64,
        n: &NewAnswer,
    ) -> Result<Opinion> {
        let (round, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::answer_opinions(p, &place.scope()))?;
        let (opinion_round, received) = self.db.opinion_place(n.opinion_id).await?;
        if opinion_round != round_id {
            return Err(refused(ConsultationProblem::OpinionNotInRound {
                id: n.opinion_id,
            }));
        }
        self.check_topic(&round, &n.topic).await?;
        n.response.check_text(&n.text)?;
        let text = checked_text("response", &n.text, MAX_RESPONSE_TEXT, false)?;
        let point = checked_text("point", &n.point, MAX_OPINION_TEXT, false)?;
        let today = self.today();
        let on = in_bounds(n.on.unwrap_or(today))?;
        if on < received || on > today {
            return Err(refused(ConsultationProblem::AnswerBeforeOpinion {
                received_on: received,
            }));
        }
        let a = NewAnswer {
            point,
            text,
            topic: n.topic.clone(),
            ..n.clone()
        };
        let who = actor(caller);
        let org = caller.principal().map(|p| p.organisation.id);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        let id = self
            .db
            .insert_answer(&mut tx, round_id, &a, on, &who.name, org, now)
            .await?;
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "opinion_answered",
            json!({
                "answer": id,
                "opinion": a.opinion_id,
                "point": a.point,
                "topic": a.topic,
                "response": a.response,
                "text": a.text,
                "answered_on": on,
            }),
        )
        .await?;
        tx.commit().await?;
        self.opinion_now(round_id, a.opinion_id).await
    }

    /// Writes a topic's summary (replacing the last one; the history keeps each).
    pub async fn summarise_topic(
        &self,
        caller: Caller<'_>,
        round_id: i64,
        n: &NewSummary,
    ) -> Result<ConsultationSheet> {
        let (round, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::answer_opinions(p, &place.scope()))?;
        self.check_topic(&round, &n.topic).await?;
        let text = checked_text("summary", &n.text, MAX_RESPONSE_TEXT, true)?;
        let who = actor(caller);
        let today = self.today();
        let mut tx = self.db.begin_write().await?;
        self.db
            .write_summary(&mut tx, round_id, &n.topic, &text, today, &who.name)
            .await?;
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "topic_summarised",
            json!({ "topic": n.topic, "text": text }),
        )
        .await?;
        tx.commit().await?;
        self.sheet(round).await
    }

    /// A province's consultation rules.
    pub async fn consultation_rules(
        &self,
        caller: Caller<'_>,
        province: &str,
    ) -> Result<ConsultationRules> {
        caller.allowed(|p| access::read_consultation_rules(p, province))?;
        self.db.unit(province).await?;
        Ok(ConsultationRules {
            silence_is_agreement: self.db.silence_is_agreement(province).await?,
        })
    }

    /// Sets whether, in a province, an agency's silence past its deadline counts as agreement.
    pub async fn set_silence_is_agreement(
        &self,
        caller: Caller<'_>,
        province: &str,
        on: bool,
    ) -> Result<()> {
        caller.allowed(|p| access::set_consultation_rules(p, province))?;
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        self.db
            .set_silence_is_agreement(&mut tx, province, on)
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: province,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: "consultation rules set",
                kind: "consultation_rules_set",
                subject: format!("province:{province}"),
                payload: json!({ "silence_is_agreement": on }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn round_place(&self, id: i64) -> Result<(ConsultationRound, DossierPlace)> {
        let round = self.db.consultation_round(id).await?;
        let place = self.db.dossier_place(round.dossier_id).await?;
        Ok((round, place))
    }

    /// How long agencies have to reply on `subject` under a dossier's template: working days
    /// where the template counts them (the task's), else calendar days.
    fn agency_rule(
        &self,
        template: &str,
        version: u32,
        subject: plantrack_domain::consultation::Subject,
    ) -> Result<round::AgencyReply> {
        Ok(round::AgencyReply::of(
            &*self.template(template, Some(version))?,
            subject,
        ))
    }

    /// The agencies' rule of a round's dossier and subject.
    async fn round_agency_rule(&self, round: &ConsultationRound) -> Result<round::AgencyReply> {
        let (state, _, _) = self.db.dossier_row(round.dossier_id).await?;
        self.agency_rule(&state.template, state.template_version, round.subject)
    }

    /// A round and its dossier's place, for the sibling use cases (notices, public table).
    pub(super) async fn consultation_round_place(
        &self,
        id: i64,
    ) -> Result<(ConsultationRound, DossierPlace)> {
        self.round_place(id).await
    }

    /// A round's table as read today, for the sibling use cases.
    pub(super) async fn consultation_sheet(
        &self,
        round: ConsultationRound,
    ) -> Result<ConsultationSheet> {
        self.sheet(round).await
    }

    pub(super) async fn check_topic(&self, round: &ConsultationRound, topic: &str) -> Result<()> {
        let topics = self.db.consultation_topics(&round.province_code).await?;
        if topics.iter().any(|t| t.key == topic) {
            Ok(())
        } else {
            Err(refused(ConsultationProblem::UnknownTopic {
                topic: topic.to_owned(),
            }))
        }
    }

    async fn replies_of(&self, round_id: i64, consultee: i64) -> Result<Vec<ConsulteeReply>> {
        Ok(self
            .db
            .consultee_replies(round_id)
            .await?
            .into_iter()
            .filter(|(c, _)| *c == consultee)
            .map(|(_, r)| r)
            .collect())
    }

    async fn consultees_of(
        &self,
        round: &ConsultationRound,
        day: NaiveDate,
    ) -> Result<Vec<Consultee>> {
        Ok(self
            .consultees_of_rounds(&[round], day)
            .await?
            .remove(&round.id)
            .unwrap_or_default())
    }

    /// The registers of several rounds as read on `day`, by round: three queries in all (the
    /// provinces' rules, the consultees, their replies), however many rounds.
    async fn consultees_of_rounds(
        &self,
        rounds: &[&ConsultationRound],
        day: NaiveDate,
    ) -> Result<BTreeMap<i64, Vec<Consultee>>> {
        let mut silence: BTreeMap<i64, bool> = BTreeMap::new();
        let mut rules: BTreeMap<&str, bool> = BTreeMap::new();
        for round in rounds {
            let province = round.province_code.as_str();
            if !rules.contains_key(province) {
                let on = self.db.silence_is_agreement(province).await?;
                rules.insert(province, on);
            }
            silence.insert(round.id, rules[province]);
        }
        let ids: Vec<i64> = rounds.iter().map(|r| r.id).collect();
        let mut replies: BTreeMap<i64, Vec<ConsulteeReply>> = BTreeMap::new();
        for (c, r) in self.db.consultee_replies_of_rounds(&ids).await? {
            replies.entry(c).or_default().push(r);
        }
        let mut registers: BTreeMap<i64, Vec<Consultee>> = BTreeMap::new();
        for row in self.db.consultees_of_rounds(&ids).await? {
            let mine = replies.remove(&row.id).unwrap_or_default();
            let on = silence.get(&row.round_id).copied().unwrap_or(false);
            registers
                .entry(row.round_id)
                .or_default()
                .push(consultee_view(row, mine, day, on));
        }
        Ok(registers)
    }

    async fn consultee_now(&self, id: i64) -> Result<Consultee> {
        let row = self.db.consultee(id).await?;
        let round = self.db.consultation_round(row.round_id).await?;
        self.consultees_of(&round, self.today())
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::not_found("consultee", &id))
    }

    async fn opinion_now(&self, round_id: i64, id: i64) -> Result<Opinion> {
        self.db
            .opinions(round_id)
            .await?
            .into_iter()
            .find(|o| o.id == id)
            .ok_or_else(|| StoreError::not_found("opinion", &id))
    }

    /// The round's table as read today.
    async fn sheet(&self, round: ConsultationRound) -> Result<ConsultationSheet> {
        let today = self.today();
        let consultees = self.consultees_of(&round, today).await?;
        let opinions = self.db.opinions(round.id).await?;
        let summaries = self.db.topic_summaries(round.id).await?;
        let list = self.db.consultation_topics(&round.province_code).await?;
        let mut per_topic: BTreeMap<&str, BTreeSet<i64>> = BTreeMap::new();
        for o in &opinions {
            for a in &o.answers {
                per_topic.entry(a.topic.as_str()).or_default().insert(o.id);
            }
        }
        let used: BTreeSet<String> = per_topic.keys().map(|k| (*k).to_owned()).collect();
        let summarised: BTreeSet<String> = summaries.iter().map(|s| s.0.clone()).collect();
        let answered: Vec<bool> = opinions.iter().map(|o| !o.answers.is_empty()).collect();
        let topics = list
            .into_iter()
            .filter(|t| used.contains(&t.key) || summarised.contains(&t.key))
            .map(|t| {
                let summary = summaries.iter().find(|s| s.0 == t.key);
                TopicSummary {
                    opinions: per_topic.get(t.key.as_str()).map_or(0, |s| s.len() as u64),
                    summary: summary.map(|s| s.1.clone()),
                    written_by: summary.map(|s| s.2.clone()),
                    written_on: summary.map(|s| s.3),
                    topic: t,
                }
            })
            .collect();
        Ok(ConsultationSheet {
            completeness: completeness(&answered, &used, &summarised),
            silence_is_agreement: self.db.silence_is_agreement(&round.province_code).await?,
            open: round.residents.is_open_on(today),
            round,
            consultees,
            opinions,
            topics,
        })
    }

    async fn change_consultee(
        &self,
        caller: Caller<'_>,
        round: &ConsultationRound,
        row: &ConsulteeRow,
        change: &ConsulteeChange,
        kind: &str,
        payload: serde_json::Value,
    ) -> Result<Consultee> {
        let mut tx = self.db.begin_write().await?;
        if !self
            .db
            .change_consultee(&mut tx, row.id, row.version, change)
            .await?
        {
            return Err(conflict());
        }
        self.consultation_event(&mut tx, caller, round, kind, payload)
            .await?;
        tx.commit().await?;
        self.consultee_now(row.id).await
    }

    /// The round's event in its province's follow-up chain.
    pub(super) async fn consultation_event(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        caller: Caller<'_>,
        round: &ConsultationRound,
        kind: &str,
        payload: serde_json::Value,
    ) -> Result<()> {
        events::append(
            tx,
            FollowUpEvent {
                province_code: &round.province_code,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: kind,
                kind,
                subject: format!("consultation:{}", round.id),
                payload,
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        Ok(())
    }
}
