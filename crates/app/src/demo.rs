//! The Lai Châu demo: the province as it stood at the meeting of 25 November 2025 on speeding
//! up commune general plans. The units, boundaries, lineage, the stage counts (1 submitted for
//! appraisal, 20 collecting opinions on the draft, 8 preparing the planning task, 5 started
//! after the directive on the National Tourism Area scope) and Decision 2785/QĐ-UBND come from
//! the public record; every date before the meeting, the consultants, amounts and the other
//! plans are the demo's own invention, built through the same commands a user issues, so every
//! history is legal under its template.

use chrono::NaiveDate;
use plantrack_domain::plan::{NewPlan, PlanBodies, PlanType};
use plantrack_domain::workflow::{Actor, Command, CommandKind, DossierState};
use plantrack_store::{Planning, StoreError};

/// The day of the meeting the demo reproduces.
pub const MEETING_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2025, 11, 25) {
    Some(d) => d,
    None => panic!("valid date"),
};

pub const PROVINCE: &str = "12";

const UNITS_FILES: [(&str, &str); 4] = [
    (
        "laichau_units_2025.json",
        include_str!("../../../data/laichau_units_2025.json"),
    ),
    (
        "laichau_communes_2025.geojson",
        include_str!("../../../data/laichau_communes_2025.geojson"),
    ),
    (
        "laichau_province_2025.geojson",
        include_str!("../../../data/laichau_province_2025.geojson"),
    ),
    (
        "laichau_merges_2025.json",
        include_str!("../../../data/laichau_merges_2025.json"),
    ),
];

/// Where each campaign commune's general plan stood at the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    SubmittedForAppraisal,
    CollectingOpinions,
    PreparingTask,
    /// Held for the National Tourism Area scope, resumed after the directive.
    StartedAfterDirective,
}

/// 1 + 20 + 8 + 5 = the 34 communes of the campaign. Which commune stood where is the demo's
/// choice (the report gives only counts); the 5 held ones lie on the Sìn Hồ plateau, which
/// Plan 1625/KH-UBND names as a National Tourism Area candidate.
const CAMPAIGN: [(&str, Standing); 34] = {
    use Standing::*;
    [
        ("03598", SubmittedForAppraisal), // Tân Uyên
        ("03637", CollectingOpinions),    // Mường Kim
        ("03640", CollectingOpinions),    // Khoen On
        ("03595", CollectingOpinions),    // Than Uyên
        ("03618", CollectingOpinions),    // Mường Than
        ("03616", CollectingOpinions),    // Pắc Ta
        ("03613", CollectingOpinions),    // Nậm Sỏ
        ("03601", CollectingOpinions),    // Mường Khoa
        ("03424", CollectingOpinions),    // Bản Bo
        ("03390", CollectingOpinions),    // Bình Lư
        ("03405", CollectingOpinions),    // Tả Lèng
        ("03430", CollectingOpinions),    // Khun Há
        ("03394", CollectingOpinions),    // Sin Suối Hồ
        ("03549", CollectingOpinions),    // Phong Thổ
        ("03562", CollectingOpinions),    // Sì Lở Lầu
        ("03571", CollectingOpinions),    // Dào San
        ("03583", CollectingOpinions),    // Khổng Lào
        ("03529", CollectingOpinions),    // Tủa Sín Chải
        ("03544", CollectingOpinions),    // Nậm Cuổi
        ("03538", CollectingOpinions),    // Nậm Mạ
        ("03503", CollectingOpinions),    // Pa Tần
        ("03445", PreparingTask),         // Mường Tè
        ("03439", PreparingTask),         // Thu Lũm
        ("03442", PreparingTask),         // Pa Ủ
        ("03433", PreparingTask),         // Bum Tở
        ("03466", PreparingTask),         // Bum Nưa
        ("03472", PreparingTask),         // Mường Mô
        ("03460", PreparingTask),         // Hua Bum
        ("03434", PreparingTask),         // Nậm Hàng
        ("03478", StartedAfterDirective), // Sìn Hồ
        ("03508", StartedAfterDirective), // Hồng Thu
        ("03532", StartedAfterDirective), // Pu Sam Cáp
        ("03517", StartedAfterDirective), // Nậm Tăm
        ("03487", StartedAfterDirective), // Lê Lợi
    ]
};

const CONSULTANTS: [&str; 4] = [
    "Công ty CP Tư vấn Quy hoạch Tây Bắc (demo)",
    "Viện Quy hoạch Nông thôn Miền núi (demo)",
    "Công ty TNHH Kiến trúc và Quy hoạch Hoàng Liên (demo)",
    "Trung tâm Tư vấn Quy hoạch Sông Đà (demo)",
];

pub const FUNDING_DECISION: &str = "2785/QĐ-UBND";
const DIRECTIVE: &str = "Chỉ đạo điều chỉnh phạm vi KDL quốc gia (demo)";

const CONSTRUCTION: &str = "Sở Xây dựng tỉnh Lai Châu";
const PROVINCIAL_PC: &str = "UBND tỉnh Lai Châu";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("demo dates are valid")
}

/// Shifts a template date by a few days per commune, so that histories differ plausibly.
fn spread(date: NaiveDate, index: usize, max: u64) -> NaiveDate {
    date + chrono::Days::new((index as u64 * 3) % (max + 1))
}

/// Summary of what the demo loaded.
#[derive(Debug, serde::Serialize)]
pub struct DemoSummary {
    pub units: usize,
    pub plans: usize,
    pub events: usize,
    pub meeting_date: NaiveDate,
}

struct Loader<'a> {
    planning: &'a Planning,
    events: usize,
}

impl Loader<'_> {
    async fn act(
        &mut self,
        state: &mut DossierState,
        on: NaiveDate,
        (actor, role): (&str, &str),
        reason: &str,
        kind: CommandKind,
    ) -> Result<(), StoreError> {
        let command = Command {
            expected_version: Some(state.version),
            actor: Actor {
                name: actor.to_owned(),
                role: role.to_owned(),
            },
            reason: reason.to_owned(),
            effective_on: on,
            kind,
        };
        let (_, next) = self.planning.execute(state.id, &command).await?;
        *state = next;
        self.events += 1;
        Ok(())
    }

    async fn attach(
        &mut self,
        state: &mut DossierState,
        on: NaiveDate,
        who: (&str, &str),
        kind: &str,
        title: &str,
    ) -> Result<(), StoreError> {
        let reference = format!("{}-{}-{}", kind, state.id, on.format("%Y%m%d"));
        let command = CommandKind::AttachDocument {
            kind: kind.to_owned(),
            title: title.to_owned(),
            reference,
            file: None,
        };
        self.act(state, on, who, "Nộp tài liệu", command).await
    }

    async fn transition(
        &mut self,
        state: &mut DossierState,
        on: NaiveDate,
        who: (&str, &str),
        action: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        let kind = CommandKind::Transition {
            action: action.to_owned(),
        };
        self.act(state, on, who, reason, kind).await
    }

    async fn fund(
        &mut self,
        state: &mut DossierState,
        on: NaiveDate,
        amount_vnd: i64,
    ) -> Result<(), StoreError> {
        let kind = CommandKind::AllocateFunding {
            decision_number: FUNDING_DECISION.to_owned(),
            decision_date: day(2025, 11, 4),
            amount_vnd,
        };
        let who = (PROVINCIAL_PC, "provincial_pc");
        self.act(
            state,
            on,
            who,
            "Phân bổ kinh phí lập quy hoạch theo QĐ 2785/QĐ-UBND",
            kind,
        )
        .await
    }

    async fn open(
        &mut self,
        unit: &str,
        plan_type: PlanType,
        name: String,
        opened_on: NaiveDate,
        commune: &str,
    ) -> Result<DossierState, StoreError> {
        let new = NewPlan {
            unit_code: unit.to_owned(),
            plan_type,
            name,
            horizon_year: Some(2035),
            vision_year: Some(2050),
            map_scale: Some(match plan_type {
                PlanType::CommuneGeneral | PlanType::GeneralUrban => 10_000,
                PlanType::Zoning => 2_000,
                _ => 500,
            }),
            area_ha: None,
            bodies: PlanBodies {
                preparing: commune.to_owned(),
                appraising: CONSTRUCTION.to_owned(),
                approving: PROVINCIAL_PC.to_owned(),
            },
            template: None,
        };
        let actor = Actor {
            name: commune.to_owned(),
            role: "commune_pc".to_owned(),
        };
        let (_, state) = self
            .planning
            .create_plan(
                &new,
                &actor,
                "Triển khai lập quy hoạch sau sắp xếp đơn vị hành chính",
                Some(opened_on),
            )
            .await?;
        self.events += 1;
        Ok(state)
    }

    /// Walks a commune general plan from consultant selection to where it stood at the meeting.
    async fn commune_general(
        &mut self,
        index: usize,
        unit: &str,
        name: &str,
        standing: Standing,
    ) -> Result<(), StoreError> {
        let commune = format!("UBND xã {name}");
        let c = (commune.as_str(), "commune_pc");
        let sxd = (CONSTRUCTION, "construction_dept");
        let ubnd = (PROVINCIAL_PC, "provincial_pc");
        let consultant_name = CONSULTANTS[index % CONSULTANTS.len()];
        let consultant = (consultant_name, "consultant");
        let plan_name = format!("Quy hoạch chung xã {name} đến năm 2035, tầm nhìn đến năm 2050");
        let opened = spread(day(2025, 7, 10), index, 6);
        let mut s = self
            .open(unit, PlanType::CommuneGeneral, plan_name, opened, &commune)
            .await?;
        let amount = 900_000_000 + (index as i64 % 7) * 150_000_000;

        if standing == Standing::StartedAfterDirective {
            let hold_on = spread(day(2025, 7, 25), index, 6);
            let reason = "Tạm dừng chờ điều chỉnh phạm vi Khu du lịch quốc gia cao nguyên Sìn Hồ";
            self.act(&mut s, hold_on, ubnd, reason, CommandKind::Hold)
                .await?;
            self.fund(&mut s, day(2025, 11, 6), amount).await?;
            let reason = format!("Tiếp tục theo {DIRECTIVE}");
            self.act(
                &mut s,
                day(2025, 11, 14),
                ubnd,
                &reason,
                CommandKind::Resume,
            )
            .await?;
            return Ok(());
        }

        let (selected, task_ready) = match standing {
            Standing::PreparingTask => (spread(day(2025, 9, 22), index, 9), None),
            Standing::SubmittedForAppraisal => (day(2025, 7, 24), Some(day(2025, 8, 18))),
            _ => (
                spread(day(2025, 7, 28), index, 9),
                Some(spread(day(2025, 8, 22), index, 9)),
            ),
        };
        self.act(
            &mut s,
            selected - chrono::Days::new(1),
            c,
            "Ký hợp đồng tư vấn lập quy hoạch",
            CommandKind::ChangeConsultant {
                name: consultant_name.to_owned(),
            },
        )
        .await?;
        self.attach(
            &mut s,
            selected - chrono::Days::new(1),
            c,
            "consultant_contract",
            "Hợp đồng tư vấn lập quy hoạch",
        )
        .await?;
        self.transition(
            &mut s,
            selected,
            c,
            "select_consultant",
            "Đã lựa chọn đơn vị tư vấn",
        )
        .await?;
        let Some(task_ready) = task_ready else {
            // Preparing the task at the meeting: funded, task not yet submitted.
            return self.fund(&mut s, day(2025, 11, 6), amount).await;
        };
        self.attach(
            &mut s,
            task_ready,
            consultant,
            "task_draft",
            "Dự thảo nhiệm vụ quy hoạch",
        )
        .await?;
        self.transition(
            &mut s,
            task_ready + chrono::Days::new(1),
            c,
            "submit_task_for_consultation",
            "Lấy ý kiến các cơ quan về nhiệm vụ",
        )
        .await?;
        let t = task_ready + chrono::Days::new(10);
        self.attach(
            &mut s,
            t,
            c,
            "task_opinion_synthesis",
            "Báo cáo tổng hợp, giải trình ý kiến về nhiệm vụ",
        )
        .await?;
        self.transition(
            &mut s,
            t + chrono::Days::new(1),
            c,
            "submit_task_for_appraisal",
            "Trình thẩm định nhiệm vụ",
        )
        .await?;
        let t = t + chrono::Days::new(12);
        self.attach(
            &mut s,
            t,
            sxd,
            "task_appraisal_report",
            "Báo cáo thẩm định nhiệm vụ",
        )
        .await?;
        self.transition(
            &mut s,
            t + chrono::Days::new(1),
            sxd,
            "forward_task_for_approval",
            "Trình phê duyệt nhiệm vụ",
        )
        .await?;
        let t = t + chrono::Days::new(6);
        self.attach(
            &mut s,
            t,
            ubnd,
            "task_approval_decision",
            "Quyết định phê duyệt nhiệm vụ quy hoạch",
        )
        .await?;
        self.transition(
            &mut s,
            t,
            ubnd,
            "approve_task",
            "Phê duyệt nhiệm vụ quy hoạch",
        )
        .await?;

        let (draft_on, consult_on, submit_on) = match standing {
            Standing::SubmittedForAppraisal => {
                (day(2025, 9, 29), day(2025, 10, 1), Some(day(2025, 11, 12)))
            }
            _ => (
                spread(day(2025, 10, 27), index, 9),
                spread(day(2025, 10, 30), index, 9),
                None,
            ),
        };
        self.attach(
            &mut s,
            draft_on,
            consultant,
            "draft_plan",
            "Hồ sơ dự thảo đồ án quy hoạch",
        )
        .await?;
        self.transition(
            &mut s,
            consult_on,
            c,
            "open_plan_consultation",
            "Lấy ý kiến cơ quan, tổ chức và cộng đồng dân cư về đồ án",
        )
        .await?;
        self.attach(
            &mut s,
            consult_on + chrono::Days::new(1),
            c,
            "consultation_notice",
            "Thông báo lấy ý kiến cộng đồng dân cư",
        )
        .await?;
        let fund_on = day(2025, 11, 6).max(s.last_event_on);
        self.fund(&mut s, fund_on, amount).await?;
        if let Some(submit_on) = submit_on {
            self.attach(
                &mut s,
                submit_on - chrono::Days::new(2),
                c,
                "opinion_synthesis_report",
                "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến",
            )
            .await?;
            self.transition(
                &mut s,
                submit_on,
                c,
                "submit_plan_for_appraisal",
                "Trình Sở Xây dựng thẩm định đồ án",
            )
            .await?;
        }
        Ok(())
    }
}

/// Loads the demo into an empty database. Refuses if plans already exist.
pub async fn load(
    planning: &Planning,
    progress: &mut dyn FnMut(&str),
) -> Result<DemoSummary, StoreError> {
    let (_, existing) = planning
        .db
        .dossiers(&plantrack_store::plans::DossierFilter {
            limit: 1,
            ..Default::default()
        })
        .await?;
    if existing > 0 {
        return Err(StoreError::Duplicate {
            what: "demo data (the database already holds plans)",
            key: "plans".into(),
        });
    }
    let mut units = 0;
    for (name, text) in UNITS_FILES {
        progress(&format!("units: {name}"));
        let import = plantrack_gis::read_units_str(name, text, &mut |_, _| {})?;
        units = units.max(planning.db.import_units(&import).await?.units);
    }
    planning
        .db
        .record_decision(
            FUNDING_DECISION,
            day(2025, 11, 4),
            PROVINCIAL_PC,
            "Phân bổ kinh phí lập quy hoạch đô thị và nông thôn cho các xã, phường",
        )
        .await?;
    planning
        .db
        .record_decision(
            DIRECTIVE,
            day(2025, 11, 12),
            PROVINCIAL_PC,
            "Điều chỉnh phạm vi Khu du lịch quốc gia; các xã liên quan triển khai lập quy hoạch chung (số hiệu chưa xác minh)",
        )
        .await?;
    let mut loader = Loader {
        planning,
        events: 0,
    };
    let mut plans = 0;
    for (index, (code, standing)) in CAMPAIGN.iter().enumerate() {
        let unit = planning.db.unit(code).await?;
        progress(&format!("dossier: {}", unit.unit.full_name));
        loader
            .commune_general(index, code, &unit.unit.name_vi, *standing)
            .await?;
        plans += 1;
    }
    plans += other_plans(&mut loader).await?;
    Ok(DemoSummary {
        units,
        plans,
        events: loader.events,
        meeting_date: MEETING_DATE,
    })
}

/// The plans outside the campaign: the two wards, the two communes that were not merged
/// (Mù Cả, Tà Tổng), and detailed plans some communes prepare with the same funding.
async fn other_plans(l: &mut Loader<'_>) -> Result<usize, StoreError> {
    let sxd = (CONSTRUCTION, "construction_dept");
    let ubnd = (PROVINCIAL_PC, "provincial_pc");

    // Ward Đoàn Kết: adjusting the general urban plan of the provincial capital; task approved.
    let who = "UBND phường Đoàn Kết";
    let c = (who, "commune_pc");
    let mut s = l
        .open(
            "03388",
            PlanType::GeneralUrban,
            "Điều chỉnh quy hoạch chung đô thị Lai Châu (khu vực phường Đoàn Kết)".into(),
            day(2025, 7, 8),
            who,
        )
        .await?;
    l.attach(
        &mut s,
        day(2025, 7, 21),
        c,
        "consultant_contract",
        "Hợp đồng tư vấn",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 7, 22),
        c,
        "select_consultant",
        "Đã lựa chọn tư vấn",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 8, 15),
        c,
        "task_draft",
        "Dự thảo nhiệm vụ",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 8, 18),
        c,
        "submit_task_for_consultation",
        "Lấy ý kiến nhiệm vụ",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 8, 27),
        c,
        "task_opinion_synthesis",
        "Tổng hợp ý kiến",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 8, 28),
        c,
        "submit_task_for_appraisal",
        "Trình thẩm định",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 9, 10),
        sxd,
        "task_appraisal_report",
        "Báo cáo thẩm định nhiệm vụ",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 9, 11),
        sxd,
        "forward_task_for_approval",
        "Trình phê duyệt",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 9, 19),
        ubnd,
        "task_approval_decision",
        "Quyết định phê duyệt nhiệm vụ",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 9, 19),
        ubnd,
        "approve_task",
        "Phê duyệt nhiệm vụ",
    )
    .await?;
    l.fund(&mut s, day(2025, 11, 5), 2_400_000_000).await?;

    // Ward Tân Phong: a zoning plan of the new western urban area, task under appraisal.
    let who = "UBND phường Tân Phong";
    let c = (who, "commune_pc");
    let mut s = l
        .open(
            "03408",
            PlanType::Zoning,
            "Quy hoạch phân khu khu đô thị mới phường Tân Phong, tỷ lệ 1/2000".into(),
            day(2025, 8, 4),
            who,
        )
        .await?;
    l.attach(
        &mut s,
        day(2025, 8, 25),
        c,
        "consultant_contract",
        "Hợp đồng tư vấn",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 8, 26),
        c,
        "select_consultant",
        "Đã lựa chọn tư vấn",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 9, 22),
        c,
        "task_draft",
        "Dự thảo nhiệm vụ",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 9, 24),
        c,
        "submit_task_for_consultation",
        "Lấy ý kiến nhiệm vụ",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 11, 10),
        c,
        "task_opinion_synthesis",
        "Tổng hợp ý kiến",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 11, 17),
        c,
        "submit_task_for_appraisal",
        "Trình thẩm định",
    )
    .await?;

    // Mù Cả (not merged): detailed plan of the commune centre, being prepared.
    let who = "UBND xã Mù Cả";
    let c = (who, "commune_pc");
    let mut s = l
        .open(
            "03451",
            PlanType::Detailed,
            "Quy hoạch chi tiết trung tâm hành chính xã Mù Cả, tỷ lệ 1/500".into(),
            day(2025, 8, 11),
            who,
        )
        .await?;
    l.attach(
        &mut s,
        day(2025, 8, 29),
        c,
        "consultant_contract",
        "Hợp đồng tư vấn",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 9, 1),
        c,
        "select_consultant",
        "Đã lựa chọn tư vấn",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 9, 23),
        c,
        "task_draft",
        "Dự thảo nhiệm vụ",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 9, 24),
        c,
        "submit_task_for_consultation",
        "Lấy ý kiến nhiệm vụ",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 10, 2),
        c,
        "task_opinion_synthesis",
        "Tổng hợp ý kiến",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 10, 3),
        c,
        "submit_task_for_appraisal",
        "Trình thẩm định",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 10, 15),
        sxd,
        "task_appraisal_report",
        "Báo cáo thẩm định",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 10, 16),
        sxd,
        "forward_task_for_approval",
        "Trình phê duyệt",
    )
    .await?;
    l.attach(
        &mut s,
        day(2025, 10, 22),
        ubnd,
        "task_approval_decision",
        "Quyết định phê duyệt nhiệm vụ",
    )
    .await?;
    l.transition(
        &mut s,
        day(2025, 10, 22),
        ubnd,
        "approve_task",
        "Phê duyệt nhiệm vụ",
    )
    .await?;
    l.fund(&mut s, day(2025, 11, 5), 650_000_000).await?;

    // Tà Tổng (not merged): a plan serving an investment project, consultant being selected.
    let who = "UBND xã Tà Tổng";
    let mut s = l
        .open(
            "03463",
            PlanType::InvestmentProject,
            "Quy hoạch chi tiết phục vụ dự án khu tái định cư bản Tà Tổng, tỷ lệ 1/500".into(),
            day(2025, 10, 6),
            who,
        )
        .await?;
    l.fund(&mut s, day(2025, 11, 5), 480_000_000).await?;

    // Detailed plans of administrative centres funded by the same decision.
    let mut count = 4;
    for (code, name) in [
        ("03598", "Tân Uyên"),
        ("03595", "Than Uyên"),
        ("03549", "Phong Thổ"),
    ] {
        let who = format!("UBND xã {name}");
        let c = (who.as_str(), "commune_pc");
        let mut s = l
            .open(
                code,
                PlanType::Detailed,
                format!("Quy hoạch chi tiết khu trung tâm hành chính xã {name}, tỷ lệ 1/500"),
                day(2025, 11, 7),
                &who,
            )
            .await?;
        l.fund(&mut s, day(2025, 11, 7), 550_000_000).await?;
        l.attach(
            &mut s,
            day(2025, 11, 18),
            c,
            "consultant_contract",
            "Hợp đồng tư vấn",
        )
        .await?;
        l.transition(
            &mut s,
            day(2025, 11, 19),
            c,
            "select_consultant",
            "Đã lựa chọn tư vấn",
        )
        .await?;
        count += 1;
    }
    Ok(count)
}

/// The sector departments that attended the meeting, each with a demo account.
const DEPARTMENTS: [(&str, &str); 7] = [
    ("so-taichinh", "Sở Tài chính tỉnh Lai Châu"),
    (
        "so-nongnghiep",
        "Sở Nông nghiệp và Môi trường tỉnh Lai Châu",
    ),
    ("so-congthuong", "Sở Công Thương tỉnh Lai Châu"),
    ("so-vanhoa", "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu"),
    ("congan", "Công an tỉnh Lai Châu"),
    ("quansu", "Bộ Chỉ huy Quân sự tỉnh Lai Châu"),
    ("quydat", "Trung tâm Phát triển quỹ đất tỉnh Lai Châu"),
];

/// An organisation of the demo (kind, name, unit) and its accounts (username, name, role).
type DemoOrganisation = (
    plantrack_domain::access::OrgKind,
    String,
    Option<String>,
    Vec<(String, String, plantrack_domain::access::Role)>,
);

/// The demo's accounts: one per role and per organisation, all with one password made for
/// this run. Only `serve --demo` creates them, and only on a database with no accounts.
#[derive(Debug, serde::Serialize)]
pub struct DemoAccounts {
    pub password: String,
    pub usernames: Vec<String>,
}

/// Creates the demo accounts: `admin` and `lanhdao` (UBND tỉnh), `thamdinh` (Sở Xây dựng),
/// one per sector department, `xa-<code>` for each of the 38 communes and wards, `tuvan-1`…
/// `tuvan-4` for the demo consultants, and `congdan` for a resident.
pub async fn create_demo_accounts(planning: &Planning) -> Result<DemoAccounts, StoreError> {
    use plantrack_domain::access::{OrgKind, Role};
    use plantrack_store::accounts::{NewUser, generate_password};
    let db = &planning.db;
    let password = generate_password();
    let mut usernames = Vec::new();
    let mut add = |username: String| {
        usernames.push(username.clone());
        username
    };
    let mut orgs: Vec<DemoOrganisation> = vec![
        (
            OrgKind::ProvincialPc,
            PROVINCIAL_PC.to_owned(),
            None,
            vec![
                (
                    add("admin".into()),
                    "Quản trị hệ thống (demo)".into(),
                    Role::Administrator,
                ),
                (
                    add("lanhdao".into()),
                    "Lãnh đạo UBND tỉnh (demo)".into(),
                    Role::Leadership,
                ),
            ],
        ),
        (
            OrgKind::ConstructionDept,
            CONSTRUCTION.to_owned(),
            None,
            vec![(
                add("thamdinh".into()),
                "Chuyên viên thẩm định (demo)".into(),
                Role::Appraiser,
            )],
        ),
    ];
    for (username, name) in DEPARTMENTS {
        orgs.push((
            OrgKind::SectorDepartment,
            name.to_owned(),
            None,
            vec![(
                add(username.into()),
                format!("Cán bộ {name} (demo)"),
                Role::DepartmentOfficer,
            )],
        ));
    }
    let filter = plantrack_store::units::UnitFilter {
        parent_code: Some(PROVINCE.into()),
        limit: 1000,
        ..Default::default()
    };
    for unit in db.units(&filter).await?.0 {
        let u = unit.unit;
        // "Xã Sìn Hồ" → "UBND xã Sìn Hồ", as the communes sign their documents.
        let mut kind_word = u.full_name.chars();
        let full = match kind_word.next() {
            Some(first) => format!("{}{}", first.to_lowercase(), kind_word.as_str()),
            None => u.full_name.clone(),
        };
        orgs.push((
            OrgKind::CommunePc,
            format!("UBND {full}"),
            Some(u.code.clone()),
            vec![(
                add(format!("xa-{}", u.code)),
                format!("Cán bộ UBND {full} (demo)"),
                Role::CommuneOfficer,
            )],
        ));
    }
    for (i, firm) in CONSULTANTS.iter().enumerate() {
        orgs.push((
            OrgKind::ConsultantFirm,
            (*firm).to_owned(),
            None,
            vec![(
                add(format!("tuvan-{}", i + 1)),
                format!("Chủ nhiệm đồ án, {firm}"),
                Role::Consultant,
            )],
        ));
    }
    orgs.push((
        OrgKind::Public,
        "Người dân (demo)".to_owned(),
        None,
        vec![(
            add("congdan".into()),
            "Người dân (demo)".into(),
            Role::Public,
        )],
    ));
    for (kind, name, unit, users) in orgs {
        let org = db
            .create_organisation(kind, &name, PROVINCE, unit.as_deref())
            .await?;
        for (username, display_name, role) in users {
            db.create_user(NewUser {
                username,
                display_name,
                password: password.clone(),
                role,
                organisation_id: org.id,
            })
            .await?;
        }
    }
    Ok(DemoAccounts {
        password,
        usernames,
    })
}
