//! Bulk loading: registering many plans and executing their commands in a few large
//! transactions instead of one per command. For benchmarks and data migrations, where a
//! national history (hundreds of thousands of events) would take too long command by command.
//!
//! Every command is decided by the domain exactly as [`Planning::execute`] decides it, against
//! the same template version, calendar and "today", and the outcome is written with the same
//! statements as the normal path (`PreparedEvent`, `record_span`, `write_projection` and the same
//! span-closing rule as [`Db::append`]). Only the intermediate projections are skipped: the
//! dossier row is written once, from the final state, which is what the last of the normal
//! path's updates leaves there.
//!
//! A batch is decided in full before anything of it is written: a refused command stops the
//! load before its batch is written, and the batches written before it stay.

use chrono::NaiveDate;
use plantrack_domain::plan::NewPlan;
use plantrack_domain::workflow::{Actor, Command, DossierEvent, DossierState, EventKind};

use crate::db::{Db, now_text};
use crate::dossiers::{PreparedEvent, record_span, write_projection};
use crate::error::{Result, StoreError};
use crate::plans::{insert_dossier, insert_plan};

/// One plan to register, with what [`Planning::create_plan`] takes and the commands
/// [`Planning::execute`] would then be given, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkDossier {
    pub plan: NewPlan,
    /// Who registers the plan and opens its dossier.
    pub actor: Actor,
    pub reason: String,
    pub opened_on: NaiveDate,
    pub commands: Vec<Command>,
}

/// What a bulk load wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkSummary {
    pub plans: usize,
    /// Events, the opening events included.
    pub events: usize,
    pub spans: usize,
}

/// A dossier decided in memory: its events carry dossier id 0 and plan id 0 until written.
pub(crate) struct Decided<'a> {
    pub(crate) source: &'a BulkDossier,
    pub(crate) province_code: String,
    pub(crate) events: Vec<DossierEvent>,
}

impl Db {
    /// Writes decided dossiers in one transaction.
    pub(crate) async fn write_decided(&self, decided: Vec<Decided<'_>>) -> Result<BulkSummary> {
        let mut summary = BulkSummary::default();
        let mut tx = self.pool.begin().await?;
        let now = now_text();
        for d in decided {
            let new = &d.source.plan;
            let opened = d
                .events
                .first()
                .map(|e| &e.kind)
                .ok_or_else(|| StoreError::corrupt("a dossier without events"))?;
            // The same rows as `Db::create_plan` inserts.
            let plan_id = insert_plan(&mut tx, new, &now).await?;
            let dossier_id = insert_dossier(
                &mut tx,
                plan_id,
                &d.province_code,
                new,
                opened,
                d.source.opened_on,
            )
            .await?;
            summary.plans += 1;

            let mut state: Option<DossierState> = None;
            let mut head = String::new();
            for mut event in d.events {
                event.dossier_id = dossier_id;
                if let EventKind::Opened { plan_id: p, .. } = &mut event.kind {
                    *p = plan_id;
                }
                let next = DossierState::apply(state.clone(), &event)
                    .ok_or_else(|| StoreError::corrupt("applying an event to a dossier lost it"))?;
                let prepared = PreparedEvent::new(&event, &head)?;
                prepared.insert(&mut tx).await?;
                head = prepared.hash;
                summary.events += 1;
                if record_span(&mut tx, state.as_ref(), &next, &event).await? {
                    summary.spans += 1;
                }
                state = Some(next);
            }
            let state = state.ok_or_else(|| StoreError::corrupt("a dossier without events"))?;
            if !write_projection(&mut tx, &state, 0, &head, None).await? {
                return Err(StoreError::corrupt(format!(
                    "dossier {dossier_id} changed during its bulk load"
                )));
            }
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// Refreshes the query planner's statistics, as is usual after a bulk load.
    pub(crate) async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::Days;
    use plantrack_domain::calendar::WorkingCalendar;
    use plantrack_domain::plan::{PlanBodies, PlanType};
    use plantrack_domain::workflow::{self, CommandKind, Template};

    use super::*;
    use chrono::Utc;

    use crate::Planning;
    use crate::planning::{Clock, ProgressQuery};
    use crate::testing::TestDb;

    const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 10, 31) {
        Some(d) => d,
        None => panic!("valid date"),
    };

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    async fn open() -> (TestDb, Planning) {
        let db = TestDb::new().await;
        Planning::migrate(&db.url).await.unwrap();
        let planning = Planning::open(&db.url, Clock::fixed(TODAY))
            .await
            .expect("open");
        let text = include_str!("../../../data/laichau_units_2025.json");
        let import = plantrack_gis::read_units_str("laichau_units_2025.json", text, &mut |_, _| {})
            .expect("units");
        planning.db.import_units(&import).await.expect("import");
        (db, planning)
    }

    fn actor(role: &str) -> Actor {
        let name = match role {
            "commune_pc" => "UBND xã",
            "construction_dept" => "Sở Xây dựng",
            "provincial_pc" => "UBND tỉnh",
            _ => "Đơn vị tư vấn",
        };
        Actor {
            name: name.to_owned(),
            role: role.to_owned(),
        }
    }

    /// Commands for one dossier, decided step by step so that each is legal: every visit to a
    /// stage attaches its required documents and moves on, with a variant's own extras.
    fn script(
        template: &Template,
        calendar: &dyn WorkingCalendar,
        opened_on: NaiveDate,
        variant: usize,
        new: &NewPlan,
    ) -> Vec<Command> {
        let opened =
            workflow::open_dossier(0, new.bodies.clone(), template, opened_on, TODAY, calendar)
                .expect("open");
        let mut state = DossierState::apply(
            None,
            &DossierEvent {
                dossier_id: 0,
                seq: 1,
                occurred_on: opened_on,
                recorded_at: Utc::now(),
                actor: "x".into(),
                role: "commune_pc".into(),
                reason: "x".into(),
                kind: opened,
                acted_by: None,
            },
        )
        .expect("opened");
        let mut commands = Vec::new();
        let mut on = opened_on;
        let mut returned = false;
        let mut extended = false;
        let steps = [12, 30, 45, 60, 25][variant % 5];
        for step in 0..steps {
            on = on + Days::new((step % 4 + variant as u64 % 3) * 3);
            if on > TODAY {
                break;
            }
            let stage = template.stage(&state.stage).expect("stage");
            let cmd = |role: &str, reason: &str, kind: CommandKind| Command {
                expected_version: Some(state.version),
                actor: actor(role),
                reason: reason.to_owned(),
                effective_on: on,
                kind,
            };
            let missing = stage.required_documents.iter().find(|d| {
                !state.documents.iter().any(|a| {
                    a.kind == **d
                        && a.stage == state.stage
                        && a.attached_on >= state.stage_entered_on
                })
            });
            let command = if state.status == workflow::DossierStatus::Completed {
                break;
            } else if state.status == workflow::DossierStatus::OnHold {
                cmd("construction_dept", "Tiếp tục", CommandKind::Resume)
            } else if variant == 1 && step == 3 {
                cmd("provincial_pc", "Tạm dừng", CommandKind::Hold)
            } else if variant == 2 && step == 2 {
                cmd(
                    "provincial_pc",
                    "Phân bổ kinh phí",
                    CommandKind::AllocateFunding {
                        decision_number: "1/QĐ-UBND".into(),
                        decision_date: on,
                        amount_vnd: 900_000_000,
                    },
                )
            } else if let Some(due) = state
                .due_on
                .filter(|_| variant == 2 && step >= 5 && !extended)
            {
                extended = true;
                let new_due_on = due.max(on) + Days::new(30);
                cmd(
                    "construction_dept",
                    "Gia hạn",
                    CommandKind::ExtendDeadline {
                        new_due_on,
                        approver: "UBND tỉnh".into(),
                    },
                )
            } else if variant == 4 && step == 1 {
                cmd(
                    "commune_pc",
                    "Đổi tư vấn",
                    CommandKind::ChangeConsultant {
                        name: "Tư vấn B".into(),
                    },
                )
            } else if let Some(doc) = missing {
                cmd(
                    "commune_pc",
                    "Nộp tài liệu",
                    CommandKind::AttachDocument {
                        kind: doc.clone(),
                        title: format!("{doc} {step}"),
                        reference: format!("{doc}-{step}"),
                        file: None,
                    },
                )
            } else {
                let index = template.stage_index(&state.stage).expect("stage");
                let (back, forward): (Vec<_>, Vec<_>) = template
                    .transitions_from(&state.stage)
                    .partition(|t| template.stage_index(&t.to).is_some_and(|i| i < index));
                let t = match back.first() {
                    Some(t) if (variant == 3 || variant == 4) && !returned => {
                        returned = true;
                        *t
                    }
                    _ => forward
                        .first()
                        .or(back.first())
                        .copied()
                        .expect("a way out"),
                };
                cmd(
                    &t.roles[0],
                    "Chuyển bước",
                    CommandKind::Transition {
                        action: t.action.clone(),
                    },
                )
            };
            let kind = workflow::decide(&state, template, calendar, &command, TODAY)
                .unwrap_or_else(|e| panic!("variant {variant} step {step}: {e}"));
            let event = DossierEvent {
                dossier_id: 0,
                seq: state.version + 1,
                occurred_on: on,
                recorded_at: Utc::now(),
                actor: command.actor.name.clone(),
                role: command.actor.role.clone(),
                reason: command.reason.clone(),
                kind,
                acted_by: None,
            };
            state = DossierState::apply(Some(state), &event).expect("state");
            commands.push(command);
        }
        commands
    }

    fn dossiers(planning: &Planning) -> Vec<BulkDossier> {
        let units = ["03598", "03637", "03640", "03595", "03618"];
        let types = [
            PlanType::CommuneGeneral,
            PlanType::GeneralUrban,
            PlanType::Zoning,
            PlanType::Detailed,
            PlanType::InvestmentProject,
        ];
        let calendar = planning.calendar_of("12");
        (0..5)
            .map(|i| {
                let plan_type = types[i];
                let plan = NewPlan {
                    unit_code: units[i].to_owned(),
                    plan_type,
                    name: format!("{} {}", plan_type.name_vi(), units[i]),
                    horizon_year: Some(2035),
                    vision_year: Some(2050),
                    map_scale: Some(5000),
                    area_ha: Some(1200.5 + i as f64),
                    population: Some(9_000 + 500 * i as u64),
                    bodies: PlanBodies {
                        preparing: "UBND xã".into(),
                        appraising: "Sở Xây dựng".into(),
                        approving: "UBND tỉnh".into(),
                    },
                    template: None,
                };
                let template: Arc<Template> = planning
                    .template(plan_type.default_template(), None)
                    .expect("template");
                let opened_on = day(2025, 7, 1) + Days::new(i as u64 * 11);
                let commands = script(&template, calendar.as_ref(), opened_on, i, &plan);
                BulkDossier {
                    plan,
                    actor: actor("commune_pc"),
                    reason: "Đăng ký quy hoạch".into(),
                    opened_on,
                    commands,
                }
            })
            .collect()
    }

    /// Every stored column of the tables a dossier writes, as text, except the wall-clock
    /// ones (`created_at`, `recorded_at`) and the event table's surrogate key.
    async fn snapshot(db: &Db) -> Vec<Vec<Vec<Option<String>>>> {
        use sqlx::Row;
        let tables = [
            (
                "plans",
                "id, unit_code, plan_type, name, horizon_year, vision_year, map_scale, area_ha, preparing_body, appraising_body, approving_body",
                "id",
            ),
            (
                "dossiers",
                "id, plan_id, province_code, unit_code, plan_type, template_key, template_version, stage, status, version, stage_entered_on, due_on, state",
                "id",
            ),
            (
                "dossier_events",
                "dossier_id, seq, occurred_on, actor, role, reason, kind, payload",
                "dossier_id, seq",
            ),
            (
                "stage_spans",
                "dossier_id, seq, province_code, plan_type, stage, status, stage_entered_on, due_on, from_on, to_on",
                "dossier_id, seq",
            ),
        ];
        let mut out = Vec::new();
        for (table, columns, order) in tables {
            let cols: Vec<&str> = columns.split(", ").collect();
            let select = cols
                .iter()
                .map(|c| format!("CAST({c} AS TEXT) AS {c}"))
                .collect::<Vec<_>>()
                .join(", ");
            let rows = sqlx::query(&format!("SELECT {select} FROM {table} ORDER BY {order}"))
                .fetch_all(&db.pool)
                .await
                .expect("snapshot");
            out.push(
                rows.iter()
                    .map(|r| {
                        (0..cols.len())
                            .map(|i| r.try_get::<Option<String>, _>(i).expect("text"))
                            .collect()
                    })
                    .collect(),
            );
        }
        out
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bulk_load_writes_what_execute_writes() {
        let (db_a, normal) = open().await;
        let (db_b, bulk) = open().await;
        let input = dossiers(&normal);
        let total_commands: usize = input.iter().map(|d| d.commands.len()).sum();
        assert!(
            total_commands > 60,
            "the histories are long enough: {total_commands}"
        );

        for d in &input {
            let (_, state) = normal
                .create_plan(
                    plantrack_domain::access::Caller::Operator,
                    &d.plan,
                    &d.actor,
                    &d.reason,
                    Some(d.opened_on),
                )
                .await
                .expect("create");
            for c in &d.commands {
                normal.apply(state.id, c).await.expect("execute");
            }
        }
        let summary = bulk
            .bulk_load(
                plantrack_domain::access::Caller::Operator,
                &input,
                2,
                &mut |_, _| {},
            )
            .await
            .expect("bulk load");
        assert_eq!(summary.plans, 5);
        assert_eq!(summary.events, total_commands + 5);

        let a = snapshot(&normal.db).await;
        let b = snapshot(&bulk.db).await;
        assert_eq!(a[0], b[0], "plans");
        assert_eq!(a[1], b[1], "dossiers");
        assert_eq!(a[2], b[2], "events");
        assert_eq!(a[3], b[3], "stage spans");
        assert_eq!(b[3].len(), summary.spans);
        // Some variety: holds, returns, completions.
        let kinds: Vec<&str> = b[2].iter().filter_map(|r| r[6].as_deref()).collect();
        for k in [
            "put_on_hold",
            "resumed",
            "funding_allocated",
            "deadline_extended",
            "consultant_changed",
        ] {
            assert!(kinds.contains(&k), "{k} in the histories");
        }
        let payloads: Vec<&str> = b[2].iter().filter_map(|r| r[7].as_deref()).collect();
        assert!(payloads.iter().any(|p| p.contains("\"return_")), "a return");
        assert!(
            payloads.iter().any(|p| p.contains("\"completes\":true")),
            "a completion"
        );

        // The spans answer "as of" as folding the events does, on every day.
        let ids: Vec<i64> = b[1]
            .iter()
            .map(|r| r[0].as_deref().expect("id").parse().expect("id"))
            .collect();
        let mut on = day(2025, 6, 30);
        while on <= TODAY {
            let rows = bulk
                .db
                .positions(
                    &crate::progress::Moment {
                        as_of: on,
                        known_at: None,
                        current: false,
                    },
                    crate::progress::Scope::default(),
                )
                .await
                .expect("positions");
            let mut folded = 0;
            for id in &ids {
                match bulk
                    .dossier_as_of(plantrack_domain::access::Caller::Operator, *id, on)
                    .await
                {
                    Ok(reading) => {
                        let s = reading.state;
                        folded += 1;
                        let r = rows
                            .iter()
                            .find(|r| r.dossier_id == *id)
                            .unwrap_or_else(|| panic!("dossier {id} on {on} has a span"));
                        assert_eq!(
                            (&r.stage, r.status, r.stage_entered_on, r.due_on),
                            (&s.stage, s.status, s.stage_entered_on, s.due_on),
                            "dossier {id} on {on}"
                        );
                    }
                    Err(StoreError::NotFound { .. }) => {}
                    Err(e) => panic!("{e}"),
                }
            }
            assert_eq!(rows.len(), folded, "{on}");
            on = on + Days::new(1);
        }
        let q = |as_of| ProgressQuery {
            as_of: Some(as_of),
            lang: plantrack_domain::Language::Vi,
            ..ProgressQuery::default()
        };
        for as_of in [day(2025, 9, 1), day(2025, 12, 31), TODAY] {
            assert_eq!(
                normal.report(&q(as_of)).await.expect("progress"),
                bulk.report(&q(as_of)).await.expect("progress"),
                "progress on {as_of}"
            );
        }
        normal.db.close().await;
        bulk.db.close().await;
        drop((db_a, db_b));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_refused_command_writes_nothing_of_its_batch() {
        let (db, planning) = open().await;
        let mut input = dossiers(&planning);
        input.truncate(2);
        let mut bad = input[1].commands[0].clone();
        bad.kind = CommandKind::Transition {
            action: "approve_plan".into(),
        };
        input[1].commands.insert(0, bad);
        let err = planning
            .bulk_load(
                plantrack_domain::access::Caller::Operator,
                &input,
                1,
                &mut |_, _| {},
            )
            .await
            .expect_err("refused");
        assert!(matches!(err, StoreError::Domain(_)), "{err}");
        let snap = snapshot(&planning.db).await;
        assert_eq!(
            snap[0].len(),
            1,
            "the first batch stays, the second is not written"
        );
        assert!(snap[1].iter().all(|r| r[1].as_deref() == Some("1")));
        planning.db.close().await;
        drop(db);
    }
}
