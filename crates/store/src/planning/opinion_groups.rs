//! Similar opinions grouped for the officer (issue 15, item 5): the grouping of a round's
//! opinions (the same as `plantrack consultation group`, map pins counting), one response
//! given to a whole group, and the officer's corrections. A merge keeps the two groups' opinions
//! together, a split keeps an opinion apart from the rest of its group; both are stored as
//! pairs and given to every later grouping of the round, which keeps them. Each asks
//! `domain::access`, writes its rows and one event of the province's chain in one
//! transaction; a refusal stores nothing.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access;
use plantrack_domain::access::Caller;
use plantrack_domain::calendar::bounds::within_bounds;
use plantrack_domain::consultation::grouping::{
    self, Corrections, GroupingSettings, OpinionText, Point,
};
use plantrack_domain::consultation::{
    ConsultationProblem, answer::MAX_RESPONSE_TEXT, checked_text,
};
use serde_json::json;

use super::Planning;
use super::follow_up::actor;
use crate::consultation::groups::{
    GroupAnswer, GroupMerge, GroupSplit, LinkKind, OpinionGroup, OpinionGrouping, pair,
};
use crate::consultation::{NewAnswer, Opinion};
use crate::error::Result;

fn refused(p: ConsultationProblem) -> crate::error::StoreError {
    DomainError::Consultation(p).into()
}

/// A round's opinions and their groups, as computed now.
struct Grouped {
    groups: Vec<OpinionGroup>,
    together: u64,
    apart: u64,
}

impl Grouped {
    fn group_of(&self, id: i64) -> Option<&OpinionGroup> {
        self.groups.iter().find(|g| g.opinions.contains(&id))
    }

    fn view(self, round_id: i64) -> OpinionGrouping {
        OpinionGrouping {
            round_id,
            groups: self.groups,
            together: self.together,
            apart: self.apart,
        }
    }
}

impl Planning {
    /// A round's opinions grouped by similarity (text, and the map pins of public opinions),
    /// the officer's merges and splits respected; the largest groups first.
    pub async fn opinion_groups(
        &self,
        caller: Caller<'_>,
        round_id: i64,
    ) -> Result<OpinionGrouping> {
        let (_, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::read_consultation(p, &place.scope()))?;
        Ok(self.grouped(round_id).await?.view(round_id))
    }

    /// Answers every opinion of a group at once under one topic: one answer per opinion (each
    /// opinion linked to its own), one event naming them all, in one transaction. Only the
    /// commune's own officers answer.
    pub async fn answer_group(
        &self,
        caller: Caller<'_>,
        round_id: i64,
        a: &GroupAnswer,
    ) -> Result<Vec<Opinion>> {
        let (round, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::answer_opinions(p, &place.scope()))?;
        let ids: BTreeSet<i64> = a.opinions.iter().copied().collect();
        if ids.is_empty() {
            return Err(refused(ConsultationProblem::EmptyGroup));
        }
        let table = self.db.opinions(round_id).await?;
        let mut latest: Option<NaiveDate> = None;
        for id in &ids {
            let o = table
                .iter()
                .find(|o| o.id == *id)
                .ok_or_else(|| refused(ConsultationProblem::OpinionNotInRound { id: *id }))?;
            latest = latest.max(Some(o.received_on));
        }
        self.check_topic(&round, &a.topic).await?;
        a.response.check_text(&a.text)?;
        let text = checked_text("response", &a.text, MAX_RESPONSE_TEXT, false)?;
        let today = self.today();
        let on = a.on.unwrap_or(today);
        if !within_bounds(on) {
            return Err(refused(ConsultationProblem::DayOutOfBounds));
        }
        if let Some(received_on) = latest
            && (on < received_on || on > today)
        {
            return Err(refused(ConsultationProblem::AnswerBeforeOpinion {
                received_on,
            }));
        }
        let who = actor(caller);
        let org = caller.principal().map(|p| p.organisation.id);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        let mut answers = Vec::with_capacity(ids.len());
        for id in &ids {
            let one = NewAnswer {
                opinion_id: *id,
                point: String::new(),
                topic: a.topic.clone(),
                response: a.response,
                text: text.clone(),
                on: Some(on),
            };
            let answer = self
                .db
                .insert_answer(&mut tx, round_id, &one, on, &who.name, org, now)
                .await?;
            answers.push(json!({ "answer": answer, "opinion": id }));
        }
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "opinion_group_answered",
            json!({
                "answers": answers,
                "topic": a.topic,
                "response": a.response,
                "text": text,
                "answered_on": on,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(self
            .db
            .opinions(round_id)
            .await?
            .into_iter()
            .filter(|o| ids.contains(&o.id))
            .collect())
    }

    /// Makes two groups one: the group of `first` and the group of `second` are kept together
    /// from now on (a split between them made earlier is undone).
    pub async fn merge_opinion_groups(
        &self,
        caller: Caller<'_>,
        round_id: i64,
        m: &GroupMerge,
    ) -> Result<OpinionGrouping> {
        let (round, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::answer_opinions(p, &place.scope()))?;
        let now = self.grouped(round_id).await?;
        let find = |id: i64| {
            now.group_of(id)
                .ok_or_else(|| refused(ConsultationProblem::OpinionNotInRound { id }))
        };
        let (a, b) = (find(m.first)?, find(m.second)?);
        if a == b {
            return Err(refused(ConsultationProblem::SameGroup {
                first: m.first,
                second: m.second,
            }));
        }
        let hub = a.representative;
        let members: Vec<i64> = a.opinions.iter().chain(&b.opinions).copied().collect();
        let (in_a, in_b): (BTreeSet<i64>, BTreeSet<i64>) = (
            a.opinions.iter().copied().collect(),
            b.opinions.iter().copied().collect(),
        );
        let links = self.db.group_links(round_id).await?;
        let who = actor(caller);
        let at = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        // The splits that kept the two apart give way to the newer decision.
        for ((x, y), kind) in links {
            let across = (in_a.contains(&x) && in_b.contains(&y))
                || (in_b.contains(&x) && in_a.contains(&y));
            if kind == LinkKind::Apart && across {
                self.db.delete_group_link(&mut tx, round_id, (x, y)).await?;
            }
        }
        for &x in members.iter().filter(|&&x| x != hub) {
            self.db
                .set_group_link(
                    &mut tx,
                    round_id,
                    pair(hub, x),
                    LinkKind::Together,
                    &who.name,
                    at,
                )
                .await?;
        }
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "opinion_groups_merged",
            json!({
                "first": m.first,
                "second": m.second,
                "opinions": members,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(self.grouped(round_id).await?.view(round_id))
    }

    /// Takes an opinion out of its group: it is kept apart from the group's other opinions
    /// from now on (a merge that put it there is undone).
    pub async fn split_opinion_group(
        &self,
        caller: Caller<'_>,
        round_id: i64,
        s: &GroupSplit,
    ) -> Result<OpinionGrouping> {
        let (round, place) = self.round_place(round_id).await?;
        caller.allowed(|p| access::answer_opinions(p, &place.scope()))?;
        let now = self.grouped(round_id).await?;
        let group = now
            .group_of(s.opinion)
            .ok_or_else(|| refused(ConsultationProblem::OpinionNotInRound { id: s.opinion }))?;
        let others: Vec<i64> = group
            .opinions
            .iter()
            .copied()
            .filter(|&x| x != s.opinion)
            .collect();
        if others.is_empty() {
            return Err(refused(ConsultationProblem::AloneInGroup { id: s.opinion }));
        }
        // Opinions a merge tied through this one stay tied to each other.
        let linked: Vec<i64> = self
            .db
            .group_links(round_id)
            .await?
            .into_iter()
            .filter(|&((a, b), kind)| {
                kind == LinkKind::Together && (a == s.opinion || b == s.opinion)
            })
            .map(|((a, b), _)| if a == s.opinion { b } else { a })
            .collect();
        let who = actor(caller);
        let at = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        for &x in &others {
            self.db
                .set_group_link(
                    &mut tx,
                    round_id,
                    pair(s.opinion, x),
                    LinkKind::Apart,
                    &who.name,
                    at,
                )
                .await?;
        }
        if let Some((&hub, rest)) = linked.split_first() {
            for &x in rest {
                self.db
                    .set_group_link(
                        &mut tx,
                        round_id,
                        pair(hub, x),
                        LinkKind::Together,
                        &who.name,
                        at,
                    )
                    .await?;
            }
        }
        self.consultation_event(
            &mut tx,
            caller,
            &round,
            "opinion_split_from_group",
            json!({ "opinion": s.opinion, "from": others }),
        )
        .await?;
        tx.commit().await?;
        Ok(self.grouped(round_id).await?.view(round_id))
    }

    /// The round's opinions of the table, grouped with the kept corrections.
    async fn grouped(&self, round_id: i64) -> Result<Grouped> {
        let opinions = self.db.opinions(round_id).await?;
        let points: HashMap<i64, [f64; 2]> = self
            .db
            .public_rows(round_id)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.opinion_id, r.point?)))
            .collect();
        let texts: Vec<OpinionText> = opinions
            .iter()
            .map(|o| OpinionText {
                id: o.id.to_string(),
                text: grouping::normalize::nfc(&o.text),
                point: points.get(&o.id).map(|&[lon, lat]| Point { lon, lat }),
            })
            .collect();
        let links = self.db.group_links(round_id).await?;
        let mut corrections = Corrections::default();
        for ((a, b), kind) in &links {
            let p = (a.to_string(), b.to_string());
            match kind {
                LinkKind::Together => corrections.must_link.push(p),
                LinkKind::Apart => corrections.cannot_link.push(p),
            }
        }
        let groups = grouping::group(&texts, &GroupingSettings::default(), &corrections)
            .into_iter()
            .map(|g| OpinionGroup {
                opinions: g.members.iter().map(|&i| opinions[i].id).collect(),
                representative: opinions[g.representative].id,
                answered: g
                    .members
                    .iter()
                    .filter(|&&i| !opinions[i].answers.is_empty())
                    .count() as u64,
            })
            .collect();
        Ok(Grouped {
            groups,
            together: corrections.must_link.len() as u64,
            apart: corrections.cannot_link.len() as u64,
        })
    }
}
