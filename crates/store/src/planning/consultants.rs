//! Consultant firms, their people and certificates, and their assignment to plans (issue 16).
//! Each use case asks `domain::access`, lets the domain decide (tax code, grades, dates, the
//! Decree 175 rule table as of the assignment's day) and writes its rows with one event of
//! the province's follow-up chain in one transaction; a refusal stores nothing.

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller, FirmReach};
use plantrack_domain::calendar::bounds::within_bounds;
use plantrack_domain::consultant::{
    CapabilityRules, CertificateDates, CertificateHeld, ConsultantProblem, Discipline, Grade,
    PlanRole, TaxCode, capacity, checked_text,
};
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::{Actor, CommandKind};
use serde_json::json;

use super::Planning;
use super::dossiers::Order;
use super::follow_up::actor;
use crate::consultant::rows::{FirmRow, NewAssignmentRow};
use crate::consultant::{
    Assignment, Certificate, ExpiryWarning, Firm, FirmSheet, NewAssignment, NewCertificate,
    NewFirm, NewPerson, NewPractisingCertificate, Person,
};
use crate::error::{Result, StoreError};
use crate::follow_up::events::{self, FollowUpEvent};

fn refused(p: ConsultantProblem) -> StoreError {
    DomainError::Consultant(p).into()
}

fn in_bounds(day: NaiveDate) -> Result<NaiveDate> {
    if within_bounds(day) {
        Ok(day)
    } else {
        Err(refused(ConsultantProblem::DayOutOfBounds))
    }
}

/// A day something happened: in bounds, not still to come.
fn past(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate> {
    let day = in_bounds(day)?;
    if day > today {
        return Err(refused(ConsultantProblem::DayInFuture));
    }
    Ok(day)
}

/// A certificate as given, checked: number and issuer given, grade one that exists, issued
/// by today, expiring after it was issued.
fn certificate(c: &NewCertificate, today: NaiveDate) -> Result<Certificate> {
    let number = checked_text("certificate_number", &c.number, true)?;
    let issuer = checked_text("certificate_issuer", &c.issuer, true)?;
    let grade = Grade::parse(&c.grade)?;
    let issued_on = past(c.issued_on, today)?;
    let dates = CertificateDates::new(issued_on, in_bounds(c.expires_on)?)?;
    Ok(Certificate {
        number,
        grade,
        issuer,
        issued_on: dates.issued_on,
        expires_on: dates.expires_on,
    })
}

fn dates_of(c: &Certificate) -> CertificateDates {
    CertificateDates {
        issued_on: c.issued_on,
        expires_on: c.expires_on,
    }
}

fn firm_of(row: FirmRow, today: NaiveDate) -> Firm {
    let certificate_valid = dates_of(&row.certificate)
        .holds_on(today, &row.name)
        .is_ok();
    Firm {
        id: row.id,
        name: row.name,
        province_code: row.province_code,
        tax_code: row.tax_code,
        address: row.address,
        contact: row.contact,
        certificate: row.certificate,
        certificate_valid,
        plans_in_hand: row.plans_in_hand,
    }
}

/// The role a person is assigned in: `lead`, or the discipline they lead.
fn plan_role(given: Option<&str>) -> Result<PlanRole> {
    match given.map(str::trim) {
        None | Some("lead") => Ok(PlanRole::Lead),
        Some(d) => Ok(PlanRole::DisciplineLead(Discipline::parse(d)?)),
    }
}

/// The certificate in `field` that holds longest: the one a warning reads.
fn latest_in(person: &Person, field: Discipline) -> Option<&Certificate> {
    person
        .certificates
        .iter()
        .filter(|c| c.discipline == field)
        .map(|c| &c.certificate)
        .max_by_key(|c| c.expires_on)
}

impl Planning {
    /// The Decree 175 rule table plantrack checks against.
    pub fn capability_rules(&self) -> &'static CapabilityRules {
        CapabilityRules::builtin()
    }

    /// The province whose firms a caller lists when it names none: its own (the operator and
    /// the administrator: every province).
    fn firms_province(caller: Caller<'_>, asked: Option<&str>) -> Option<String> {
        match (asked, caller.principal()) {
            (Some(p), _) => Some(p.to_owned()),
            (None, Some(p)) if p.role != access::Role::Administrator => {
                Some(p.organisation.province_code.clone())
            }
            _ => None,
        }
    }

    fn reach(caller: Caller<'_>, province: Option<&str>) -> Result<FirmReach> {
        match caller {
            Caller::Operator => Ok(FirmReach::All),
            Caller::Account(p) => Ok(access::read_firms(p, province.unwrap_or(""))?),
        }
    }

    /// The firms registered in a province or working on its plans, with their load today.
    pub async fn firms(&self, caller: Caller<'_>, province: Option<&str>) -> Result<Vec<Firm>> {
        let province = Self::firms_province(caller, province);
        let reach = match (caller, province.as_deref()) {
            // The administrator's whole country.
            (Caller::Account(Some(p)), None) if p.role == access::Role::Administrator => {
                FirmReach::All
            }
            _ => Self::reach(caller, province.as_deref())?,
        };
        let today = self.today();
        Ok(self
            .db
            .firm_rows(province.as_deref())
            .await?
            .into_iter()
            .filter(|f| reach == FirmReach::All || reach == FirmReach::Own(f.id))
            .map(|f| firm_of(f, today))
            .collect())
    }

    /// A firm's page: its people and their certificates, its assignments and the warnings.
    pub async fn firm(&self, caller: Caller<'_>, id: i64) -> Result<FirmSheet> {
        let row = self.db.firm_row(id).await?;
        if let FirmReach::Own(own) = Self::reach(caller, Some(&row.province_code))?
            && own != id
        {
            return Err(access::Denied::Forbidden {
                role: "consultant",
                action: "read_firms",
                why: "another firm",
            }
            .into());
        }
        let today = self.today();
        let people = self.db.people(Some(id)).await?;
        let assignments = self.db.assignments(Some(id), None, None).await?;
        let firm = firm_of(row, today);
        let warnings = warnings_of(&assignments, std::slice::from_ref(&firm), &people, today);
        Ok(FirmSheet {
            firm,
            people,
            assignments,
            warnings,
        })
    }

    /// Registers a firm: an existing consultant organisation, or a new one.
    pub async fn register_firm(&self, caller: Caller<'_>, n: &NewFirm) -> Result<Firm> {
        let today = self.today();
        let tax_code = TaxCode::parse(&n.tax_code)?;
        let address = checked_text("address", &n.address, true)?;
        let contact = checked_text("contact", &n.contact, false)?;
        let certificate = certificate(&n.certificate, today)?;
        let (existing, name, province) = if let Some(id) = n.organisation_id {
            let org = self
                .db
                .organisations()
                .await?
                .into_iter()
                .find(|o| o.id == id)
                .ok_or_else(|| StoreError::not_found("organisation", &id))?;
            if org.kind != access::OrgKind::ConsultantFirm {
                return Err(refused(ConsultantProblem::NotAConsultantFirm { id }));
            }
            (Some(id), org.name, org.province_code)
        } else {
            let name = checked_text("name", n.name.as_deref().unwrap_or(""), true)?;
            let province = n
                .province
                .clone()
                .or_else(|| {
                    caller
                        .principal()
                        .map(|p| p.organisation.province_code.clone())
                })
                .ok_or_else(|| DomainError::invalid("province", "must be given"))?;
            self.province_of_code(&province).await?;
            if self.db.organisation_by_name(&name).await?.is_some() {
                return Err(refused(ConsultantProblem::AlreadyRegistered { name }));
            }
            (None, name, province)
        };
        caller.allowed(|p| access::register_firms(p, &province))?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        if self.db.tax_code_taken(&mut tx, tax_code.as_str()).await? {
            return Err(StoreError::Duplicate {
                what: "tax_code",
                key: tax_code.to_string(),
            });
        }
        let id = match existing {
            Some(id) => {
                if self.db.firm_registered(&mut tx, id).await? {
                    return Err(refused(ConsultantProblem::AlreadyRegistered { name }));
                }
                id
            }
            None => {
                self.db
                    .insert_firm_organisation(&mut tx, &name, &province, now)
                    .await?
            }
        };
        self.db
            .insert_firm(
                &mut tx,
                id,
                tax_code.as_str(),
                &address,
                &contact,
                &certificate,
                now,
            )
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &province,
                occurred_on: today,
                actor: &who,
                reason: "consultant firm registered",
                kind: "firm_registered",
                subject: format!("firm:{id}"),
                payload: json!({
                    "firm": id,
                    "name": name,
                    "tax_code": tax_code,
                    "address": address,
                    "contact": contact,
                    "certificate": certificate,
                }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(firm_of(self.db.firm_row(id).await?, today))
    }

    /// Replaces a firm's capability certificate with its renewal.
    pub async fn renew_firm_certificate(
        &self,
        caller: Caller<'_>,
        firm_id: i64,
        c: &NewCertificate,
    ) -> Result<Firm> {
        let row = self.db.firm_row(firm_id).await?;
        caller.allowed(|p| access::register_firms(p, &row.province_code))?;
        let today = self.today();
        let certificate = certificate(c, today)?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        self.db
            .update_firm_certificate(&mut tx, firm_id, &certificate)
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &row.province_code,
                occurred_on: today,
                actor: &who,
                reason: "capability certificate renewed",
                kind: "firm_certificate_renewed",
                subject: format!("firm:{firm_id}"),
                payload: json!({ "firm": firm_id, "previous": row.certificate, "certificate": certificate }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(firm_of(self.db.firm_row(firm_id).await?, today))
    }

    /// Adds a person to a firm.
    pub async fn add_person(
        &self,
        caller: Caller<'_>,
        firm_id: i64,
        n: &NewPerson,
    ) -> Result<Person> {
        let row = self.db.firm_row(firm_id).await?;
        caller.allowed(|p| access::register_firms(p, &row.province_code))?;
        let name = checked_text("name", &n.name, true)?;
        let today = self.today();
        let experience_from = past(n.experience_from, today)?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        let id = self
            .db
            .insert_person(&mut tx, firm_id, &name, experience_from, now)
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &row.province_code,
                occurred_on: today,
                actor: &who,
                reason: "person added to a consultant firm",
                kind: "consultant_person_added",
                subject: format!("person:{id}"),
                payload: json!({ "firm": firm_id, "person": id, "name": name, "experience_from": experience_from }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        self.db.person(id).await
    }

    /// Records a person's practising certificate, checking the experience its grade needs.
    pub async fn add_practising_certificate(
        &self,
        caller: Caller<'_>,
        person_id: i64,
        n: &NewPractisingCertificate,
    ) -> Result<Person> {
        let person = self.db.person(person_id).await?;
        let row = self.db.firm_row(person.firm_id).await?;
        caller.allowed(|p| access::register_firms(p, &row.province_code))?;
        let today = self.today();
        let discipline = Discipline::parse(&n.discipline)?;
        let certificate = certificate(&n.certificate, today)?;
        self.capability_rules().check_experience(
            certificate.grade,
            person.experience_from,
            certificate.issued_on,
        )?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        if self
            .db
            .certificate_number_taken(&mut tx, &certificate.number)
            .await?
        {
            return Err(StoreError::Duplicate {
                what: "certificate",
                key: certificate.number.clone(),
            });
        }
        let id = self
            .db
            .insert_practising_certificate(&mut tx, person_id, discipline, &certificate, now)
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &row.province_code,
                occurred_on: today,
                actor: &who,
                reason: "practising certificate recorded",
                kind: "practising_certificate_added",
                subject: format!("person:{person_id}"),
                payload: json!({ "person": person_id, "certificate_id": id, "discipline": discipline, "certificate": certificate }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        self.db.person(person_id).await
    }

    /// Assigns a firm, or a person of the plan's firm, to a plan, checked as of the day of
    /// the assignment against the rule table. A new firm ends the previous firm's
    /// assignments and is named on the dossier: its `change_consultant` event (in the
    /// dossier's own chain), the assignment rows and the follow-up event are written in one
    /// transaction — a failure leaves none of them.
    pub async fn assign_consultant(
        &self,
        caller: Caller<'_>,
        n: &NewAssignment,
    ) -> Result<Assignment> {
        let (state, _, place) = self.db.dossier_row(n.dossier_id).await?;
        caller.allowed(|p| access::assign_consultant(p, &place.scope()))?;
        let today = self.today();
        let on = past(n.on.unwrap_or(today), today)?;
        if on < state.opened_on {
            return Err(refused(ConsultantProblem::BeforeDossierOpened {
                opened_on: state.opened_on,
            }));
        }
        let plan_type = self.db.dossier_plan_type(n.dossier_id).await?;
        let plan_type = PlanType::parse(&plan_type)
            .ok_or_else(|| StoreError::corrupt(format!("plan type '{plan_type}'")))?;
        let rules = self.capability_rules();
        let running = self
            .db
            .assignments(None, Some(n.dossier_id), None)
            .await?
            .into_iter()
            .filter(|a| a.ended_on.is_none())
            .collect::<Vec<_>>();
        let who = actor(caller);
        let (firm, person, role) = match (n.firm_id, n.person_id) {
            (Some(firm_id), None) => {
                let firm = self.db.firm_row(firm_id).await?;
                if running
                    .iter()
                    .any(|a| a.role == "firm" && a.firm_id == firm_id)
                {
                    return Err(refused(ConsultantProblem::AlreadyAssigned {
                        name: firm.name,
                    }));
                }
                rules.check_firm(
                    plan_type,
                    on,
                    &firm.name,
                    Some(CertificateHeld {
                        number: &firm.certificate.number,
                        grade: firm.certificate.grade,
                        dates: dates_of(&firm.certificate),
                    }),
                )?;
                (firm, None, None)
            }
            (None, Some(person_id)) => {
                let person = self.db.person(person_id).await?;
                let role = plan_role(n.role.as_deref())?;
                let Some(current) = running.iter().find(|a| a.role == "firm") else {
                    return Err(refused(ConsultantProblem::NoFirmAssigned));
                };
                if person.firm_id != current.firm_id {
                    return Err(refused(ConsultantProblem::PersonNotOfFirm {
                        person: person.name,
                        firm: current.firm_name.clone(),
                    }));
                }
                if running.iter().any(|a| {
                    a.person_id == Some(person_id)
                        && a.role == role.kind()
                        && a.discipline
                            == Some(role.discipline()).filter(|_| role != PlanRole::Lead)
                }) {
                    return Err(refused(ConsultantProblem::AlreadyAssigned {
                        name: person.name,
                    }));
                }
                let held: Vec<(Discipline, CertificateHeld<'_>)> = person
                    .certificates
                    .iter()
                    .map(|c| {
                        (
                            c.discipline,
                            CertificateHeld {
                                number: &c.certificate.number,
                                grade: c.certificate.grade,
                                dates: dates_of(&c.certificate),
                            },
                        )
                    })
                    .collect();
                rules.check_person(plan_type, on, role, &person.name, &held)?;
                let firm = self.db.firm_row(person.firm_id).await?;
                (firm, Some(person), Some(role))
            }
            _ => {
                return Err(
                    DomainError::invalid("firm_id", "name a firm or a person, not both").into(),
                );
            }
        };
        // The firm is named on the dossier through the workflow's own command, so that its
        // accounts reach the plan and the dossier's history says who was engaged.
        let renamed = if person.is_none() && state.consultant.as_deref() != Some(firm.name.as_str())
        {
            let order = Order {
                kind: CommandKind::ChangeConsultant {
                    name: firm.name.clone(),
                },
                reason: "consultant firm assigned".into(),
                effective_on: Some(on),
                expected_version: Some(state.version),
                actor: match caller {
                    Caller::Operator => Some(Actor {
                        name: who.name.clone(),
                        role: "commune_pc".into(),
                    }),
                    Caller::Account(_) => None,
                },
            };
            Some(self.decide_event(caller, n.dossier_id, order, None).await?)
        } else {
            None
        };
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        if let Some(d) = &renamed {
            crate::db::Db::append_in(&mut tx, &d.state, &d.head, &d.event, &d.next, None).await?;
        }
        let current = self.db.running_on_dossier(&mut tx, n.dossier_id).await?;
        let ending: Vec<i64> = current
            .iter()
            .filter(|a| match role {
                // A new firm ends the previous firm and its people.
                None => true,
                // A new lead in a role ends whoever held it.
                Some(r) => {
                    a.role == r.kind()
                        && (r == PlanRole::Lead || a.discipline == Some(r.discipline()))
                }
            })
            .map(|a| a.id)
            .collect();
        self.db.end_assignments(&mut tx, &ending, on).await?;
        let discipline = match role {
            Some(PlanRole::DisciplineLead(d)) => d.as_str(),
            _ => "",
        };
        let role_kind = role.map_or("firm", PlanRole::kind);
        let id = self
            .db
            .insert_assignment(
                &mut tx,
                &NewAssignmentRow {
                    dossier_id: n.dossier_id,
                    province_code: &place.province_code,
                    firm_id: firm.id,
                    person_id: person.as_ref().map(|p| p.id),
                    role: role_kind,
                    discipline,
                    assigned_on: on,
                    assigned_by: &who.name,
                },
                now,
            )
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &place.province_code,
                occurred_on: on,
                actor: &who,
                reason: "consultant assigned to a plan",
                kind: "consultant_assigned",
                subject: format!("assignment:{id}"),
                payload: json!({
                    "dossier": n.dossier_id,
                    "firm": firm.id,
                    "person": person.as_ref().map(|p| p.id),
                    "role": role_kind,
                    "discipline": discipline,
                    "assigned_on": on,
                    "ended": ending,
                }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        self.db
            .assignments(None, Some(n.dossier_id), None)
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| StoreError::not_found("assignment", &id))
    }

    /// Who works on a dossier now, and the warnings on their certificates.
    pub async fn dossier_consultants(
        &self,
        caller: Caller<'_>,
        dossier_id: i64,
    ) -> Result<(Vec<Assignment>, Vec<ExpiryWarning>)> {
        self.readable(caller, dossier_id).await?;
        let mut running: Vec<Assignment> = self
            .db
            .assignments(None, Some(dossier_id), None)
            .await?
            .into_iter()
            .filter(|a| a.ended_on.is_none())
            .collect();
        // The firm, its lead, then the discipline leads: the order a team is read in.
        running.sort_by_key(|a| (a.role != "firm", a.role != "lead", a.discipline, a.id));
        let warnings = self.warnings_for(&running).await?;
        Ok((running, warnings))
    }

    /// The warnings of a province a caller reads (its inbox): certificates expiring during
    /// running assignments — a commune's own plans, a firm's own, all for the offices.
    pub async fn consultant_warnings(
        &self,
        caller: Caller<'_>,
        province: &str,
    ) -> Result<Vec<ExpiryWarning>> {
        let reach = Self::reach(caller, Some(province))?;
        let unit = caller
            .principal()
            .filter(|p| p.role == access::Role::CommuneOfficer)
            .and_then(|p| p.organisation.unit_code.clone());
        let running: Vec<Assignment> = self
            .db
            .assignments(None, None, Some(province))
            .await?
            .into_iter()
            .filter(|a| reach == FirmReach::All || reach == FirmReach::Own(a.firm_id))
            .filter(|a| unit.as_ref().is_none_or(|u| *u == a.unit_code))
            .collect();
        self.warnings_for(&running).await
    }

    pub(crate) async fn warnings_for(&self, running: &[Assignment]) -> Result<Vec<ExpiryWarning>> {
        if running.is_empty() {
            return Ok(Vec::new());
        }
        let today = self.today();
        let mut firms = Vec::new();
        for id in running
            .iter()
            .map(|a| a.firm_id)
            .collect::<std::collections::BTreeSet<_>>()
        {
            firms.push(firm_of(self.db.firm_row(id).await?, today));
        }
        let people = self.db.people(None).await?;
        Ok(warnings_of(running, &firms, &people, today))
    }

    /// Sets the province's limit of plans one lead carries at once.
    pub async fn set_load_limit(
        &self,
        caller: Caller<'_>,
        province: &str,
        plans_per_lead: i64,
    ) -> Result<i64> {
        caller.allowed(|p| access::set_load_limit(p, province))?;
        self.province_of_code(province).await?;
        let limit = capacity::load_limit(plans_per_lead)?;
        let who = actor(caller);
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        self.db.set_load_limit(&mut tx, province, limit).await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: province,
                occurred_on: self.today(),
                actor: &who,
                reason: "load limit set",
                kind: "consultant_load_limit_set",
                subject: format!("consultant_rules:{province}"),
                payload: json!({ "max_plans_per_lead": limit }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(limit)
    }

    /// The province's limit of plans per lead (its own, or the default).
    pub async fn load_limit(&self, province: &str) -> Result<i64> {
        Ok(self
            .db
            .load_limit(province)
            .await?
            .unwrap_or(capacity::DEFAULT_MAX_PLANS_PER_LEAD))
    }

    /// Refuses a province code that is not a province.
    async fn province_of_code(&self, province: &str) -> Result<()> {
        let unit = self.unit(province).await?;
        if unit.unit.parent_code.is_some() {
            return Err(DomainError::invalid("province", "is not a province").into());
        }
        Ok(())
    }
}

/// Warnings of running assignments: the firm's capability certificate, a person's latest in
/// the field of their role, when it has expired or expires within the warning's days.
pub(crate) fn warnings_of(
    running: &[Assignment],
    firms: &[Firm],
    people: &[Person],
    today: NaiveDate,
) -> Vec<ExpiryWarning> {
    let mut out = Vec::new();
    for a in running.iter().filter(|a| a.ended_on.is_none()) {
        let (holder, c) = match a.person_id {
            None => match firms.iter().find(|f| f.id == a.firm_id) {
                Some(f) => (f.name.clone(), f.certificate.clone()),
                None => continue,
            },
            Some(pid) => {
                let Some(p) = people.iter().find(|p| p.id == pid) else {
                    continue;
                };
                let field = a.discipline.unwrap_or(Discipline::ArchitecturePlanning);
                match latest_in(p, field) {
                    Some(c) => (p.name.clone(), c.clone()),
                    None => continue,
                }
            }
        };
        if capacity::expiry_warned(c.expires_on, today) {
            out.push(ExpiryWarning {
                dossier_id: a.dossier_id,
                unit_code: a.unit_code.clone(),
                firm_id: a.firm_id,
                holder,
                certificate_number: c.number,
                expires_on: c.expires_on,
                expired: c.expires_on < today,
            });
        }
    }
    out.sort_by(|x, y| {
        x.expires_on
            .cmp(&y.expires_on)
            .then(x.dossier_id.cmp(&y.dossier_id))
    });
    out
}
