//! The pages of issue 16 on the demo (15/12/2025), each figure checked against the store and
//! the JSON API: leadership reads the firms' capacity (the firm over the limit flagged, the
//! certificate expiring during its assignments warned about), a firm's page, the province's
//! money per decision and per commune, a decision's lines, and both summaries on its
//! dashboard; the Department of Finance reads the money; another sector department, nobody
//! signed in, a commune beyond its own unit and a firm beyond its own do not; the commune's
//! dossier page shows its firm, its line, contract and payments and the warning, which its
//! inbox carries too. Amounts read 1.234.567.000 đ.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, page, sign_in, text};
use plantrack_domain::access::Caller;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::Value;

/// `1.234.567.000 đ`.
fn vnd(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("{}{out} đ", if n < 0 { "-" } else { "" })
}

async fn api(client: &reqwest::Client, base: &str, cookie: &str, path: &str) -> Value {
    let resp = client
        .get(format!("{base}{path}"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn the_firms_and_the_money_read_on_the_pages_as_in_the_store_and_the_api() {
    let (app, _hand, password, client) = demo_app_on("2025-12-15").await;
    let base = &app.base;
    let p = &app.planning;
    let lead = sign_in(&client, base, "lanhdao", &password).await;

    // The capacity page: the counts, each firm's plans in hand, the flag, the warnings.
    let cap = p.capacity(Caller::Operator, "12").await.unwrap();
    assert!(
        cap.firms_over_limit >= 1,
        "the demo has a lead over the limit"
    );
    assert!(
        !cap.warnings.is_empty(),
        "the demo has an expiring certificate"
    );
    let (status, html) = page(&client, base, &lead, "/provinces/12/consultants").await;
    assert_eq!(status, StatusCode::OK);
    for (id, value) in [
        ("plans-open", cap.plans_open),
        ("plans-without-firm", cap.plans_without_firm),
        ("firms-over-limit", cap.firms_over_limit),
        ("load-limit", cap.max_plans_per_lead.unsigned_abs()),
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\" data-value=\"{value}\"")),
            "{id} = {value} on the capacity page"
        );
    }
    for f in &cap.firms {
        assert!(
            html.contains(&format!(
                "data-firm=\"{}\" data-in-hand=\"{}\" data-over-limit=\"{}\"",
                f.firm_id, f.plans_in_hand, f.over_limit
            )),
            "firm {} on the capacity page",
            f.name
        );
    }
    for w in &cap.warnings {
        assert!(html.contains(&w.certificate_number), "{w:?}");
    }
    let said = text(&html);
    assert!(said.contains("vượt giới hạn"), "{said}");
    let from_api = api(
        &client,
        base,
        &lead,
        "/api/v1/provinces/12/consultant-capacity",
    )
    .await;
    assert_eq!(from_api["plans_open"].as_u64(), Some(cap.plans_open));
    assert_eq!(
        from_api["firms_over_limit"].as_u64(),
        Some(cap.firms_over_limit)
    );
    // A firm over the limit: its page names its leads.
    let over = cap.firms.iter().find(|f| f.over_limit).unwrap();
    let (status, html) = page(
        &client,
        base,
        &lead,
        &format!("/consultant-firms/{}", over.firm_id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(
        "id=\"firm-in-hand\" data-value=\"{}\"",
        over.plans_in_hand
    )));
    for l in &over.leads {
        assert!(html.contains(&l.name), "{} on the firm's page", l.name);
    }

    // The money of the province: totals, each decision, each commune, the missing contracts.
    let sum = p
        .funding_summary(Caller::Operator, Some("12"))
        .await
        .unwrap();
    assert!(sum.totals.allocated_vnd > 0 && sum.totals.paid_vnd > 0);
    let (status, html) = page(&client, base, &lead, "/provinces/12/funding").await;
    assert_eq!(status, StatusCode::OK);
    for (id, value) in [
        ("total-allocated", sum.totals.allocated_vnd),
        ("total-contracted", sum.totals.contracted_vnd),
        ("total-paid", sum.totals.paid_vnd),
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\" data-vnd=\"{value}\">{}", vnd(value))),
            "{id}"
        );
    }
    assert!(!html.contains('₫'));
    for d in &sum.decisions {
        assert!(html.contains(&format!(
            "data-decision=\"{}\" data-allocated=\"{}\" data-contracted=\"{}\" data-paid=\"{}\"",
            d.id, d.allocated_vnd, d.contracted_vnd, d.paid_vnd
        )));
    }
    for u in &sum.units {
        assert!(html.contains(&format!(
            "data-unit=\"{}\" data-allocated=\"{}\" data-contracted=\"{}\" data-paid=\"{}\"",
            u.unit_code, u.totals.allocated_vnd, u.totals.contracted_vnd, u.totals.paid_vnd
        )));
    }
    for m in &sum.missing_contracts {
        assert!(html.contains(&format!("<li data-dossier=\"{}\">", m.dossier_id)));
    }
    let from_api = api(&client, base, &lead, "/api/v1/funding?province=12").await;
    assert_eq!(
        from_api["decisions"][0]["paid_vnd"].as_i64(),
        Some(sum.decisions[0].paid_vnd)
    );
    assert_eq!(
        from_api["decisions"][0]["allocated_vnd"].as_i64(),
        Some(sum.decisions[0].allocated_vnd)
    );
    // The decision's page: its lines with their status, its contracts with what was paid.
    let decision = &sum.decisions[0];
    let sheet = p
        .funding_decision(Caller::Operator, decision.id)
        .await
        .unwrap();
    let (status, html) = page(
        &client,
        base,
        &lead,
        &format!("/funding/decisions/{}", decision.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("data-line=").count(), sheet.lines.len());
    for l in &sheet.lines {
        assert!(html.contains(&format!(
            "data-line=\"{}\" data-status=\"{}\"",
            l.id,
            l.status.as_str()
        )));
    }
    for c in &sheet.contracts {
        assert!(html.contains(&format!(
            "data-contract=\"{}\" data-paid=\"{}\"",
            c.id, c.paid_vnd
        )));
    }
    assert!(html.contains(&vnd(sheet.decision.total_vnd)));

    // The dashboard: the money and the firms over the limit.
    let (status, html) = page(&client, base, &lead, "/provinces/12").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(
        "id=\"money-allocated\" data-vnd=\"{}\"",
        sum.totals.allocated_vnd
    )));
    assert!(html.contains(&format!(
        "id=\"money-paid\" data-vnd=\"{}\"",
        sum.totals.paid_vnd
    )));
    assert!(html.contains(&format!(
        "id=\"firms-over-limit\" data-count=\"{}\"",
        cap.firms_over_limit
    )));
    assert!(html.contains("href=\"/provinces/12/funding\""));

    // The Department of Finance reads the same money; another department reads none of it.
    let finance = sign_in(&client, base, "so-taichinh", &password).await;
    let (status, html) = page(&client, base, &finance, "/provinces/12/funding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(
        "id=\"total-paid\" data-vnd=\"{}\"",
        sum.totals.paid_vnd
    )));
    let farming = sign_in(&client, base, "so-nongnghiep", &password).await;
    let (status, html) = page(&client, base, &farming, "/provinces/12/funding").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains(&vnd(sum.totals.allocated_vnd)));
    let (_, html) = page(&client, base, &farming, "/provinces/12").await;
    assert!(!html.contains("dashboard-money"));
    assert!(!html.contains(&vnd(sum.totals.allocated_vnd)));
    assert!(!html.contains("href=\"/provinces/12/funding\""));
    let (_, html) = page(
        &client,
        base,
        &farming,
        &format!("/funding/decisions/{}", decision.id),
    )
    .await;
    assert!(!html.contains(&vnd(sheet.decision.total_vnd)));

    // Nobody signed in is sent to sign in, with no figure.
    for path in [
        "/provinces/12/funding".to_owned(),
        format!("/funding/decisions/{}", decision.id),
        "/provinces/12/consultants".to_owned(),
        format!("/consultant-firms/{}", over.firm_id),
    ] {
        let resp = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{path}");
        let body = resp.text().await.unwrap();
        assert!(!body.contains(&vnd(sum.totals.allocated_vnd)), "{path}");
    }

    // The commune whose firm's certificate expires during the work: its dossier page and inbox
    // warn about it; its dossier shows its firm, its line, contract and payments; the
    // province's money page shows its own unit only.
    let w = &cap.warnings[0];
    let commune = sign_in(&client, base, &format!("xa-{}", w.unit_code), &password).await;
    let (status, html) = page(
        &client,
        base,
        &commune,
        &format!("/dossiers/{}", w.dossier_id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let warned = &html[html.find("id=\"consultant-warnings\"").unwrap()..];
    assert!(warned.contains(&w.certificate_number));
    assert!(html.contains("id=\"dossier-team\""));
    let unit = p
        .unit_funding(Caller::Operator, &w.unit_code)
        .await
        .unwrap();
    let allocated: i64 = unit
        .lines
        .iter()
        .filter(|l| l.dossier_id == Some(w.dossier_id))
        .map(|l| l.amount_vnd)
        .sum();
    let paid: i64 = unit
        .contracts
        .iter()
        .filter(|c| c.dossier_id == Some(w.dossier_id))
        .map(|c| c.paid_vnd)
        .sum();
    assert!(allocated > 0, "the demo funds the plan");
    assert!(html.contains(&format!(
        "id=\"money-allocated\" data-vnd=\"{allocated}\">{}",
        vnd(allocated)
    )));
    assert!(html.contains(&format!("id=\"money-paid\" data-vnd=\"{paid}\"")));
    for c in unit
        .contracts
        .iter()
        .filter(|c| c.dossier_id == Some(w.dossier_id))
    {
        assert!(html.contains(&format!("data-contract=\"{}\"", c.id)));
    }
    let (status, inbox) = page(&client, base, &commune, "/inbox").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        inbox.contains(&w.certificate_number),
        "the warning in the inbox"
    );
    let (status, html) = page(&client, base, &commune, "/provinces/12/funding").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("data-unit=").count(), 1);
    assert!(html.contains(&format!("data-unit=\"{}\"", w.unit_code)));

    // The firm itself: its own row only on the capacity page, the warning in its inbox.
    let firm = cap.firms.iter().find(|f| f.firm_id == w.firm_id).unwrap();
    let usernames = ["tuvan-1", "tuvan-2", "tuvan-3", "tuvan-4"];
    let mut seen = false;
    for u in usernames {
        let c = sign_in(&client, base, u, &password).await;
        let (status, html) = page(&client, base, &c, "/provinces/12/consultants").await;
        assert_eq!(status, StatusCode::OK, "{u}");
        assert_eq!(
            html.matches("data-firm=").count(),
            1,
            "{u} reads its own firm"
        );
        if html.contains(&format!("data-firm=\"{}\"", firm.firm_id)) {
            seen = true;
            let (_, inbox) = page(&client, base, &c, "/inbox").await;
            assert!(inbox.contains(&w.certificate_number), "{u}'s inbox");
        } else {
            let (_, inbox) = page(&client, base, &c, "/inbox").await;
            assert!(!inbox.contains(&w.certificate_number), "{u}'s inbox");
        }
    }
    assert!(seen, "{} signs in", firm.name);
}

/// The words of a DOCX's body, its runs joined.
fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml
}

/// Issue 14: the progress report of the day carries the money and the firms as the store
/// has them (the totals, each decision and firm, the lead over the limit, the expiring
/// certificate); a report of a past day leaves them out.
#[tokio::test]
async fn the_progress_report_of_the_day_carries_the_money_and_the_firms() {
    let (app, _hand, password, client) = demo_app_on("2025-12-15").await;
    let base = &app.base;
    let p = &app.planning;
    let lead = sign_in(&client, base, "lanhdao", &password).await;
    let sum = p
        .funding_summary(Caller::Operator, Some("12"))
        .await
        .unwrap();
    let cap = p.capacity(Caller::Operator, "12").await.unwrap();
    let report = |as_of: &'static str| {
        let client = client.clone();
        let lead = lead.clone();
        async move {
            let resp = client
                .get(format!(
                    "{base}/api/v1/reports/progress?province=12&format=docx{as_of}"
                ))
                .header(COOKIE, lead)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            docx_text(&resp.bytes().await.unwrap())
        }
    };
    let today = report("").await;
    assert!(
        today.contains("Kinh phí và đơn vị tư vấn"),
        "no money section"
    );
    assert!(
        today.contains(&format!(
            "đã phân bổ {}, đã ký hợp đồng tư vấn {}, đã thanh toán {}",
            vnd(sum.totals.allocated_vnd),
            vnd(sum.totals.contracted_vnd),
            vnd(sum.totals.paid_vnd)
        )),
        "the totals as the store sums them"
    );
    for d in &sum.decisions {
        assert!(today.contains(&d.number), "decision {}", d.number);
        // Amounts are numbers in the table (the column says the unit).
        let allocated = vnd(d.allocated_vnd);
        assert!(
            today.contains(allocated.trim_end_matches(" đ")),
            "{allocated}"
        );
    }
    assert!(today.contains("Đã phân bổ (đồng)"));
    for f in &cap.firms {
        assert!(today.contains(&f.name), "firm {}", f.name);
    }
    assert!(today.contains("vượt giới hạn"), "the lead over the limit");
    for w in &cap.warnings {
        assert!(
            today.contains(&w.certificate_number),
            "the certificate {}",
            w.certificate_number
        );
    }
    // The figures as they stand are not shown as if known on a past day.
    let past = report("&as_of=2025-11-25").await;
    assert!(!past.contains("Kinh phí và đơn vị tư vấn"));
}
