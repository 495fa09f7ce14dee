//! Checks on the built-in workflow templates (`crates/domain/templates/*.toml`): they parse and
//! validate, their stage graphs are sound, the Vietnamese templates line up with the commune one,
//! the commune template's limits match the research brief (shared/domain/law.md), and every
//! text is given in Vietnamese, English and Indonesian.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;

use plantrack_domain::Language;
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::{
    LimitUnit, LocalText, RunsFrom, Template, TimeLimit, Verification,
};

fn builtin() -> Vec<Template> {
    Template::builtin().into_iter().map(|(t, _)| t).collect()
}

fn template(key: &str) -> Template {
    builtin()
        .into_iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("no built-in template {key}"))
}

/// Stage keys reachable from `start` by following transitions (including `start`).
fn reachable_from<'a>(t: &'a Template, start: &'a str) -> BTreeSet<&'a str> {
    let mut reached = BTreeSet::from([start]);
    let mut frontier = vec![start];
    while let Some(from) = frontier.pop() {
        for tr in t.transitions_from(from) {
            if reached.insert(tr.to.as_str()) {
                frontier.push(tr.to.as_str());
            }
        }
    }
    reached
}

fn limit<'a>(t: &'a Template, stage: &str, key: &str) -> &'a TimeLimit {
    t.stage(stage)
        .unwrap_or_else(|| panic!("{}: no stage {stage}", t.key))
        .time_limits
        .iter()
        .find(|l| l.key == key)
        .unwrap_or_else(|| panic!("{}: stage {stage} has no limit {key}", t.key))
}

#[test]
fn every_builtin_template_parses_and_validates() {
    let all = Template::builtin();
    assert_eq!(all.len(), 7);
    for (t, text) in &all {
        t.validate().unwrap_or_else(|e| panic!("{}: {e}", t.key));
        let again = Template::from_toml(text).unwrap_or_else(|e| panic!("{}: {e}", t.key));
        assert_eq!(&again, t);
        // Version 2 of the Vietnamese ones asks for every opinion answered (issue 15); version
        // 3 marks the plan appraisal's pass and return, where findings hold the pass (issue 19).
        let expected = if t.key.starts_with("vn.") { 3 } else { 1 };
        assert_eq!(t.version, expected, "{}", t.key);
        assert!(!t.legal_basis.is_empty(), "{} names no legal basis", t.key);
    }
    let keys: BTreeSet<&str> = all.iter().map(|(t, _)| t.key.as_str()).collect();
    assert_eq!(keys.len(), 7, "template keys must be unique");
}

#[test]
fn every_plan_type_has_its_default_template() {
    let all = builtin();
    for plan_type in PlanType::ALL {
        let t = all
            .iter()
            .find(|t| t.key == plan_type.default_template())
            .unwrap_or_else(|| panic!("no template {}", plan_type.default_template()));
        assert_eq!(t.plan_types, vec![plan_type], "{}", t.key);
        let country = if plan_type == PlanType::Rdtr {
            "ID"
        } else {
            "VN"
        };
        assert_eq!(t.country, country, "{}", t.key);
    }
}

#[test]
fn stages_are_reachable_and_lead_to_a_terminal_stage() {
    for t in builtin() {
        let terminals: BTreeSet<&str> = t
            .stages
            .iter()
            .filter(|s| s.terminal)
            .map(|s| s.key.as_str())
            .collect();
        assert!(!terminals.is_empty(), "{} has no terminal stage", t.key);
        assert!(
            !t.initial_stage().terminal,
            "{} starts in a terminal stage",
            t.key
        );
        let from_start = reachable_from(&t, &t.initial_stage().key);
        for stage in &t.stages {
            assert!(
                from_start.contains(stage.key.as_str()),
                "{}: {} is unreachable",
                t.key,
                stage.key
            );
            if stage.terminal {
                assert!(
                    t.transitions_from(&stage.key).next().is_none(),
                    "{}: {} is terminal",
                    t.key,
                    stage.key
                );
            } else {
                assert!(
                    reachable_from(&t, &stage.key)
                        .iter()
                        .any(|s| terminals.contains(s)),
                    "{}: no terminal stage can be reached from {}",
                    t.key,
                    stage.key
                );
            }
        }
    }
}

#[test]
fn vietnamese_templates_line_up_with_the_commune_template() {
    let commune = template("vn.commune_general");
    let stage_keys = |t: &Template| t.stages.iter().map(|s| s.key.clone()).collect::<Vec<_>>();
    let moves = |t: &Template| {
        t.transitions
            .iter()
            .map(|tr| {
                (
                    tr.from.clone(),
                    tr.action.clone(),
                    tr.to.clone(),
                    tr.roles.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let role_keys = |t: &Template| t.roles.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
    let doc_keys = |t: &Template| {
        t.documents
            .iter()
            .map(|d| d.key.clone())
            .collect::<Vec<_>>()
    };
    let vn: Vec<Template> = builtin()
        .into_iter()
        .filter(|t| t.country == "VN")
        .collect();
    assert_eq!(vn.len(), 6);
    for t in &vn {
        assert_eq!(stage_keys(t), stage_keys(&commune), "{}: stage keys", t.key);
        assert_eq!(moves(t), moves(&commune), "{}: transitions", t.key);
        assert_eq!(role_keys(t), role_keys(&commune), "{}: roles", t.key);
        assert_eq!(doc_keys(t), doc_keys(&commune), "{}: documents", t.key);
        assert_eq!(t.permissions, commune.permissions, "{}: permissions", t.key);
        for stage in &t.stages {
            let c = commune.stage(&stage.key).expect("same keys");
            assert_eq!(
                stage.required_documents, c.required_documents,
                "{}: {}",
                t.key, stage.key
            );
            assert_eq!(stage.terminal, c.terminal, "{}: {}", t.key, stage.key);
        }
    }
}

#[test]
fn commune_template_follows_the_procedure_in_law_md() {
    let t = template("vn.commune_general");
    let order = [
        "consultant_selection",
        "task_preparation",
        "task_consultation",
        "task_appraisal",
        "task_approval",
        "plan_preparation",
        "plan_consultation",
        "plan_appraisal",
        "plan_approval",
        "publication",
        "marker_placement",
        "completed",
    ];
    assert_eq!(
        t.stages.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
        order
    );
    assert!(t.stage("completed").unwrap().terminal);
    assert_eq!(t.stages.iter().filter(|s| s.terminal).count(), 1);

    let moves = [
        (
            "consultant_selection",
            "select_consultant",
            "task_preparation",
            "consultant_contract",
        ),
        (
            "task_preparation",
            "submit_task_for_consultation",
            "task_consultation",
            "task_draft",
        ),
        (
            "task_consultation",
            "submit_task_for_appraisal",
            "task_appraisal",
            "task_opinion_synthesis",
        ),
        (
            "task_appraisal",
            "forward_task_for_approval",
            "task_approval",
            "task_appraisal_report",
        ),
        (
            "task_approval",
            "approve_task",
            "plan_preparation",
            "task_approval_decision",
        ),
        (
            "plan_preparation",
            "open_plan_consultation",
            "plan_consultation",
            "draft_plan",
        ),
        (
            "plan_consultation",
            "submit_plan_for_appraisal",
            "plan_appraisal",
            "opinion_synthesis_report",
        ),
        (
            "plan_appraisal",
            "forward_plan_for_approval",
            "plan_approval",
            "plan_appraisal_report",
        ),
        (
            "plan_approval",
            "approve_plan",
            "publication",
            "plan_approval_decision",
        ),
        (
            "publication",
            "publish_plan",
            "marker_placement",
            "publication_record",
        ),
        (
            "marker_placement",
            "complete_markers",
            "completed",
            "marker_record",
        ),
    ];
    for (from, action, to, document) in moves {
        let tr = t
            .transition(from, action)
            .unwrap_or_else(|| panic!("no {action} from {from}"));
        assert_eq!(tr.to, to, "{action}");
        assert!(
            t.stage(from)
                .unwrap()
                .required_documents
                .iter()
                .any(|d| d == document),
            "{from} must require {document}"
        );
    }
    assert_eq!(
        t.transition("task_appraisal", "return_task").unwrap().to,
        "task_preparation"
    );
    assert_eq!(
        t.transition("plan_appraisal", "return_plan").unwrap().to,
        "plan_preparation"
    );
    assert_eq!(t.transitions.len(), moves.len() + 2);
    assert_eq!(
        t.transition("plan_preparation", "open_plan_consultation")
            .unwrap()
            .roles,
        ["commune_pc", "consultant"]
    );
    assert_eq!(
        t.transition("task_approval", "approve_task").unwrap().roles,
        ["provincial_pc"]
    );
    assert_eq!(
        t.transition("plan_approval", "approve_plan").unwrap().roles,
        ["provincial_pc"]
    );

    // The consultation notice exists (the community period runs from it) but is not required.
    assert!(t.documents.iter().any(|d| d.key == "consultation_notice"));
    assert!(t.stages.iter().all(|s| {
        !s.required_documents
            .iter()
            .any(|d| d == "consultation_notice")
    }));

    // Decree 178/2025 Art 4(1)(c) [V]: task within 1 month, plan within 9 months.
    let task = limit(&t, "task_preparation", "task_preparation");
    assert_eq!(
        (task.length, task.unit, task.status),
        (1, LimitUnit::Months, Verification::Verified)
    );
    assert!(task.basis.en.contains("Art 4(1)(c)"), "{}", task.basis.en);
    let plan = limit(&t, "plan_preparation", "plan_preparation");
    assert_eq!(
        (plan.length, plan.unit, plan.status),
        (9, LimitUnit::Months, Verification::Verified)
    );
    assert!(plan.basis.en.contains("Art 4(1)(c)"), "{}", plan.basis.en);

    // Law 47/2024 Art 37(6) [V]: agencies reply in writing within 15 days.
    let agencies = limit(&t, "plan_consultation", "plan_agency_reply");
    assert_eq!(
        (
            agencies.length,
            agencies.min_length,
            agencies.unit,
            agencies.status
        ),
        (15, None, LimitUnit::CalendarDays, Verification::Verified)
    );
    assert_eq!(agencies.runs_from, RunsFrom::StageEntered);
    assert!(
        agencies.basis.en.contains("Art 37(6)"),
        "{}",
        agencies.basis.en
    );

    // Law 47/2024 Art 37(7)(b) [V]: community consultation 20 to 30 days from publication.
    let community = limit(&t, "plan_consultation", "community_consultation");
    assert_eq!(
        (
            community.length,
            community.min_length,
            community.unit,
            community.status
        ),
        (
            30,
            Some(20),
            LimitUnit::CalendarDays,
            Verification::Verified
        )
    );
    assert_eq!(
        community.runs_from,
        RunsFrom::DocumentAttached("consultation_notice".into())
    );
    assert!(
        community.basis.en.contains("Art 37(7)(b)"),
        "{}",
        community.basis.en
    );

    // The unverified defaults of law.md §3.
    let unverified = [
        (
            "task_consultation",
            "task_agency_reply",
            7,
            LimitUnit::WorkingDays,
        ),
        (
            "task_appraisal",
            "task_appraisal",
            15,
            LimitUnit::CalendarDays,
        ),
        (
            "plan_appraisal",
            "plan_appraisal",
            30,
            LimitUnit::CalendarDays,
        ),
        ("publication", "publication", 15, LimitUnit::CalendarDays),
    ];
    for (stage, key, length, unit) in unverified {
        let l = limit(&t, stage, key);
        assert_eq!(
            (l.length, l.unit, l.status),
            (length, unit, Verification::Unverified),
            "{key}"
        );
    }
    // No verified limit for approvals, marker placement or consultant selection.
    for stage in [
        "consultant_selection",
        "task_approval",
        "plan_approval",
        "marker_placement",
        "completed",
    ] {
        assert!(
            t.stage(stage).unwrap().time_limits.is_empty(),
            "{stage} should have no limit"
        );
    }
    let limits: usize = t.stages.iter().map(|s| s.time_limits.len()).sum();
    assert_eq!(limits, 8);
}

#[test]
fn preparation_limits_follow_decree_178_art_4() {
    let cases = [
        ("vn.general_urban", 1, 9, Verification::Unverified),
        ("vn.zoning", 1, 9, Verification::Verified),
        ("vn.detailed", 1, 6, Verification::Verified),
        ("vn.investment_project", 1, 6, Verification::Verified),
        ("vn.national_tourism_area", 2, 12, Verification::Verified),
    ];
    let commune = template("vn.commune_general");
    for (key, task_months, plan_months, status) in cases {
        let t = template(key);
        let task = limit(&t, "task_preparation", "task_preparation");
        let plan = limit(&t, "plan_preparation", "plan_preparation");
        assert_eq!(
            (task.length, task.unit, task.status),
            (task_months, LimitUnit::Months, status),
            "{key}"
        );
        assert_eq!(
            (plan.length, plan.unit, plan.status),
            (plan_months, LimitUnit::Months, status),
            "{key}"
        );
        // The other limits are the procedure's and do not depend on the plan type.
        for stage in &t.stages {
            if stage.key == "task_preparation" || stage.key == "plan_preparation" {
                continue;
            }
            let c = commune.stage(&stage.key).unwrap();
            assert_eq!(
                stage.time_limits.len(),
                c.time_limits.len(),
                "{key}: {}",
                stage.key
            );
            for (l, cl) in stage.time_limits.iter().zip(&c.time_limits) {
                assert_eq!(
                    (
                        &l.key,
                        l.length,
                        l.min_length,
                        l.unit,
                        &l.runs_from,
                        l.status
                    ),
                    (
                        &cl.key,
                        cl.length,
                        cl.min_length,
                        cl.unit,
                        &cl.runs_from,
                        cl.status
                    ),
                    "{key}: {}",
                    stage.key
                );
            }
        }
    }
}

#[test]
fn rdtr_template_follows_uu_26_2007_art_18() {
    let t = template("id.rdtr");
    let order = [
        "persiapan",
        "pengumpulan_data",
        "pengolahan_analisis_data",
        "perumusan_konsepsi",
        "penyusunan_rancangan_perkada",
        "persetujuan_substansi",
        "penetapan_perkada",
    ];
    let keys: Vec<&str> = t.stages.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(&keys[..order.len()], order);
    for pair in order.windows(2) {
        assert!(
            t.transitions_from(pair[0]).any(|tr| tr.to == pair[1]),
            "no move from {} to {}",
            pair[0],
            pair[1]
        );
    }
    // Enactment by the regent/mayor, or by the central government if they do not act.
    let ends: BTreeSet<&str> = t
        .transitions_from("penetapan_perkada")
        .map(|tr| tr.to.as_str())
        .collect();
    assert_eq!(ends.len(), 2);
    for end in ends {
        assert!(t.stage(end).unwrap().terminal, "{end}");
    }
    assert_eq!(
        t.transition("penetapan_perkada", "enact_by_central_government")
            .unwrap()
            .roles,
        ["kementerian_atr"]
    );
    // Public consultation, including the DPRD, before persetujuan substansi is requested.
    let drafting = t.stage("penyusunan_rancangan_perkada").unwrap();
    assert!(
        drafting
            .required_documents
            .iter()
            .any(|d| d == "berita_acara_konsultasi_dprd")
    );
    // 1 month to enact after receiving the persetujuan substansi [V].
    let enact = limit(&t, "penetapan_perkada", "penetapan_perkada");
    assert_eq!(
        (enact.length, enact.unit, enact.status),
        (1, LimitUnit::Months, Verification::Verified)
    );
    let limits: usize = t.stages.iter().map(|s| s.time_limits.len()).sum();
    assert_eq!(limits, 1, "law.md verifies no other RDTR limit");
    let roles: BTreeSet<&str> = t.roles.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        roles,
        BTreeSet::from(["pemda", "tim_ahli", "kementerian_atr", "dprd"])
    );
}

#[test]
fn every_limit_and_stage_states_its_basis_and_unverified_limits_explain_themselves() {
    for t in builtin() {
        for stage in &t.stages {
            assert!(
                !stage.basis.is_empty(),
                "{}: stage {} has no basis",
                t.key,
                stage.key
            );
            for l in &stage.time_limits {
                assert!(
                    !l.basis.is_empty(),
                    "{}: limit {} has no basis",
                    t.key,
                    l.key
                );
                if l.status == Verification::Unverified {
                    assert!(
                        !l.note.is_empty(),
                        "{}: unverified limit {} has no note",
                        t.key,
                        l.key
                    );
                }
            }
        }
    }
}

#[test]
fn every_text_has_vietnamese_english_and_indonesian() {
    fn check(template: &str, what: &str, text: &LocalText) {
        for (lang, s) in [("vi", &text.vi), ("en", &text.en), ("id", &text.id)] {
            assert!(
                !s.trim().is_empty(),
                "{template}: {what} has no '{lang}' text"
            );
        }
    }
    for t in builtin() {
        check(&t.key, "template name", &t.name);
        for r in &t.roles {
            check(&t.key, &format!("role {}", r.key), &r.name);
        }
        for d in &t.documents {
            check(&t.key, &format!("document {}", d.key), &d.name);
        }
        for (i, b) in t.legal_basis.iter().enumerate() {
            check(&t.key, &format!("legal basis {i}"), b);
        }
        for s in &t.stages {
            check(&t.key, &format!("stage {}", s.key), &s.name);
            check(&t.key, &format!("basis of stage {}", s.key), &s.basis);
            for l in &s.time_limits {
                check(&t.key, &format!("limit {}", l.key), &l.name);
                check(&t.key, &format!("basis of limit {}", l.key), &l.basis);
                if !l.note.is_empty() {
                    check(&t.key, &format!("note of limit {}", l.key), &l.note);
                }
            }
        }
        for tr in &t.transitions {
            check(&t.key, &format!("transition {}", tr.action), &tr.name);
        }
    }
}

#[test]
fn vietnamese_names_are_written_with_diacritics() {
    let t = template("vn.commune_general");
    let expected = [
        ("consultant_selection", "Lựa chọn đơn vị tư vấn"),
        ("task_preparation", "Lập nhiệm vụ quy hoạch"),
        ("task_consultation", "Lấy ý kiến về nhiệm vụ quy hoạch"),
        ("task_appraisal", "Thẩm định nhiệm vụ"),
        ("task_approval", "Phê duyệt nhiệm vụ"),
        ("plan_preparation", "Lập đồ án quy hoạch"),
        ("plan_consultation", "Lấy ý kiến về đồ án quy hoạch"),
        ("plan_appraisal", "Thẩm định đồ án"),
        ("plan_approval", "Phê duyệt đồ án"),
        ("publication", "Công bố quy hoạch"),
        ("marker_placement", "Cắm mốc giới"),
        ("completed", "Hoàn thành"),
    ];
    for (key, vi) in expected {
        assert_eq!(t.stage(key).unwrap().name.vi, vi);
    }
    for t in builtin().into_iter().filter(|t| t.country == "VN") {
        for s in &t.stages {
            assert!(
                !s.name.vi.is_ascii(),
                "{}: stage {} looks like it lacks diacritics",
                t.key,
                s.key
            );
        }
    }
}

#[test]
fn templates_with_a_plan_approval_name_it_as_the_approval_stage() {
    use plantrack_domain::workflow::DossierStatus::{Active, Completed, OnHold};
    for t in builtin() {
        let expected = if t.country == "VN" {
            "plan_approval"
        } else {
            "penetapan_perkada"
        };
        assert_eq!(t.approved_after.as_deref(), Some(expected), "{}", t.key);
    }
    let t = template("vn.commune_general");
    assert!(!t.is_approved("plan_appraisal", Active));
    assert!(!t.is_approved("plan_approval", Active));
    assert!(t.is_approved("publication", Active));
    assert!(t.is_approved("publication", OnHold));
    assert!(t.is_approved("completed", Completed));
    assert!(!t.is_approved("no_such_stage", Active));
    // Either way out of enactment approves an RDTR.
    let rdtr = template("id.rdtr");
    assert!(rdtr.is_approved("ditetapkan", Completed));
    assert!(rdtr.is_approved("ditetapkan_pemerintah_pusat", Completed));
    assert!(!rdtr.is_approved("persetujuan_substansi", Active));
    // A template that names no approval stage approves nothing, not even a completed dossier.
    let mut silent = t.clone();
    silent.approved_after = None;
    assert!(!silent.is_approved("completed", Completed));
}

#[test]
fn the_approval_stage_must_be_a_known_stage_that_can_be_left() {
    let source = include_str!("../templates/vn.commune_general.toml");
    let unknown = source.replace(
        "approved_after = \"plan_approval\"",
        "approved_after = \"plan_aproval\"",
    );
    let err = Template::from_toml(&unknown).unwrap_err().to_string();
    assert!(err.contains("unknown stage 'plan_aproval'"), "{err}");
    let terminal = source.replace(
        "approved_after = \"plan_approval\"",
        "approved_after = \"completed\"",
    );
    let err = Template::from_toml(&terminal).unwrap_err().to_string();
    assert!(err.contains("terminal stage 'completed'"), "{err}");
    let without = source.replace("approved_after = \"plan_approval\"\n", "");
    assert_eq!(Template::from_toml(&without).unwrap().approved_after, None);
}

/// Every explanation a person reads (legal basis, notes) in `t`, with where it is.
fn explanations(t: &Template) -> Vec<(String, &LocalText)> {
    let mut all: Vec<(String, &LocalText)> = t
        .legal_basis
        .iter()
        .enumerate()
        .map(|(i, b)| (format!("legal basis {i}"), b))
        .collect();
    for s in &t.stages {
        all.push((format!("basis of stage {}", s.key), &s.basis));
        for l in &s.time_limits {
            all.push((format!("basis of limit {}", l.key), &l.basis));
            all.push((format!("note of limit {}", l.key), &l.note));
        }
    }
    all
}

#[test]
fn legal_texts_are_translated_and_cite_only_the_law() {
    for t in builtin() {
        for (what, text) in explanations(&t) {
            if text.is_empty() {
                continue;
            }
            assert_ne!(
                text.vi, text.en,
                "{}: {what} is not translated into Vietnamese",
                t.key
            );
            assert_ne!(
                text.id, text.en,
                "{}: {what} is not translated into Indonesian",
                t.key
            );
            for s in [&text.vi, &text.en, &text.id] {
                for banned in ["LLM", "repository", "/work", "../", "brief", "_"] {
                    assert!(
                        !s.contains(banned),
                        "{}: {what} says {banned:?}: {s}",
                        t.key
                    );
                }
            }
        }
    }
}

#[test]
fn a_template_with_plain_english_texts_is_still_read() {
    let source = include_str!("../templates/vn.commune_general.toml");
    let mut old = String::new();
    for line in source.lines() {
        // The wording before translation: one English string per text.
        if let Some(rest) = line.strip_prefix("basis = { vi = ")
            && let Some(en) = rest.split(", en = ").nth(1)
        {
            let en = en.split(", id = ").next().unwrap_or_default();
            old.push_str("basis = ");
            old.push_str(en);
            old.push('\n');
        } else {
            old.push_str(line);
            old.push('\n');
        }
    }
    assert_ne!(old, source);
    let read = Template::from_toml(&old).expect("the old plain-string form parses");
    let stage = read.stage("task_preparation").expect("stage");
    assert!(stage.basis.get(Language::Vi).contains("Art 4(1)(c)"));
    assert_eq!(stage.basis.get(Language::Id), stage.basis.en);
    let current = template("vn.commune_general");
    assert_eq!(read.without_explanations(), current.without_explanations());
    assert_ne!(read, current);
}

/// Law 47/2024/QH15 Art 37 asks that every opinion be synthesised and explained: each
/// Vietnamese stage that requires a synthesis of opinions also requires every opinion answered,
/// on the subject it consults on.
#[test]
fn vietnamese_consultation_stages_require_every_opinion_answered() {
    use plantrack_domain::consultation::Subject;
    let mut checked = 0;
    for (t, _) in Template::builtin() {
        if !t.key.starts_with("vn.") {
            continue;
        }
        for stage in &t.stages {
            let expected = match stage.key.as_str() {
                "task_consultation" => Some(Subject::Task),
                "plan_consultation" => Some(Subject::Plan),
                _ => None,
            };
            assert_eq!(
                stage.answer_every_opinion, expected,
                "{} {}",
                t.key, stage.key
            );
            checked += usize::from(expected.is_some());
        }
    }
    assert_eq!(
        checked, 12,
        "two consultation stages in each of six templates"
    );
}
