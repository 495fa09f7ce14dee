//! Plans side by side (issue 19) on the demo with its generated maps: the contract's JSON of
//! `plantrack appraisal compare`, its refusals, the API and the page.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::process::{Command, Output};

use common::pages::{page, sign_in, text};
use plantrack_domain::access::Caller;
use reqwest::StatusCode;
use serde_json::Value;

fn run(db_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", db_url])
        .args(args)
        .output()
        .expect("run plantrack")
}

#[tokio::test]
async fn the_plans_in_consultation_side_by_side_in_json_api_and_page() {
    let (app, _hand, password, client) = common::pages::demo_app_on("2025-12-15").await;
    let documents =
        plantrack_store::blobs::BlobStore::open(app.documents_folder(), 5_000_000).unwrap();
    let attached = plantrack::demo::maps::attach(&app.planning, &documents, "12")
        .await
        .unwrap();
    assert_eq!(
        attached, 20,
        "the 20 plans collecting opinions on their draft"
    );
    // Attaching again adds nothing: every plan has its map.
    assert_eq!(
        plantrack::demo::maps::attach(&app.planning, &documents, "12")
            .await
            .unwrap(),
        0
    );

    // The contract: {"plans": [{"dossier", "unit_code", "indicators": {…}, "outliers": [...]}]}.
    let args = [
        "appraisal",
        "compare",
        "--province",
        "12",
        "--plan-type",
        "commune_general",
        "--format",
        "json",
    ];
    let out = run(app.db_url(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let plans = json["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 20);
    let mut outliers = 0;
    for p in plans {
        assert!(p["dossier"].is_i64() && p["unit_code"].is_string(), "{p}");
        let i = &p["indicators"];
        // Residential land per person against each plan's forecast population (the demo's
        // estimate from the commune's area): a plausible figure for a mountain commune.
        let per_person = i["residential_m2_per_person"].as_f64().unwrap_or(f64::NAN);
        assert!((1.0..2_000.0).contains(&per_person), "{i}");
        // The plans in consultation were never appraised: nothing open, no return yet.
        assert_eq!(
            (&i["findings_open"], &i["revision_rounds"]),
            (&0.into(), &0.into())
        );
        let shares = i["landuse_share"].as_object().unwrap();
        let total: f64 = shares.values().map(|s| s.as_f64().unwrap()).sum();
        assert!((total - 1.0).abs() < 1e-9, "shares add up to {total}");
        assert!(shares["residential"].as_f64().unwrap() > 0.0);
        let coverage = i["services_coverage"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&coverage), "{coverage}");
        // The demo publishes no layer: nothing to conflict with.
        assert_eq!(i["conflicts_left"], 0);
        for o in p["outliers"].as_array().unwrap() {
            outliers += 1;
            let (v, lo, hi) = (
                o["value"].as_f64().unwrap(),
                o["low_fence"].as_f64().unwrap(),
                o["high_fence"].as_f64().unwrap(),
            );
            match o["side"].as_str().unwrap() {
                "low" => assert!(v < lo, "{o}"),
                "high" => assert!(v > hi, "{o}"),
                side => panic!("{side}"),
            }
        }
    }
    assert!(outliers > 0, "the demo's communes differ, a few a lot");
    assert_eq!(
        json["plans_without_map"], 14,
        "34 campaign plans, 20 compared"
    );

    // The country: the same plans (Lai Châu is the only province with plans), each measured
    // against its own province's plans, so with the same outliers.
    let country = run(
        app.db_url(),
        &[
            "appraisal",
            "compare",
            "--plan-type",
            "commune_general",
            "--format",
            "json",
        ],
    );
    assert!(
        country.status.success(),
        "{}",
        String::from_utf8_lossy(&country.stderr)
    );
    let country: Value = serde_json::from_slice(&country.stdout).unwrap();
    assert_eq!(country["province_code"], "");
    assert_eq!(country["plans"].as_array().unwrap().len(), 20);
    for (p, q) in plans.iter().zip(country["plans"].as_array().unwrap()) {
        assert_eq!(
            (&p["dossier"], &p["outliers"]),
            (&q["dossier"], &q["outliers"])
        );
        assert_eq!(q["province_code"], "12");
    }

    // The text table names the communes and the rule.
    let table = run(
        app.db_url(),
        &[
            "appraisal",
            "compare",
            "--province",
            "12",
            "--plan-type",
            "commune_general",
        ],
    );
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains(plans[0]["unit_code"].as_str().unwrap()),
        "{table}"
    );
    assert!(table.contains("Q1"), "{table}");
    // The plan type by its name, not its key.
    assert!(table.contains("Quy hoạch chung xã"), "{table}");
    assert!(!table.contains("commune_general"), "{table}");
    // The country's table says it is the country's and names each plan's province.
    let national = run(
        app.db_url(),
        &["appraisal", "compare", "--plan-type", "commune_general"],
    );
    let national = String::from_utf8(national.stdout).unwrap();
    assert!(national.starts_with("Cả nước"), "{national}");
    assert!(
        national.contains(&format!("12 · {}", plans[0]["unit_code"].as_str().unwrap())),
        "{national}"
    );

    // Refusals: a clear message and a failing exit code, nothing printed on stdout.
    for (bad, says) in [
        (["--province", "99", "--plan-type", "commune_general"], "99"),
        // A commune's code is no province's.
        (
            ["--province", "03390", "--plan-type", "commune_general"],
            "03390",
        ),
        (["--province", "12", "--plan-type", "casino"], "casino"),
    ] {
        let mut all = vec!["appraisal", "compare"];
        all.extend(bad);
        let out = run(app.db_url(), &all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{bad:?} was accepted");
        assert!(err.contains(says), "{bad:?}: {err}");
        assert!(out.stdout.is_empty(), "{bad:?}");
    }

    // The API gives the same plans to leadership, and refuses a commune.
    let user = app
        .planning
        .user(Caller::Operator, "lanhdao")
        .await
        .unwrap();
    let token = app
        .planning
        .create_token(Caller::Operator, user.id, "test", chrono::Utc::now())
        .await
        .unwrap()
        .0;
    let api: Value = client
        .get(app.url("/api/v1/provinces/12/appraisal-comparison?plan_type=commune_general"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["plans"], json["plans"]);
    let bad = client
        .get(app.url("/api/v1/provinces/12/appraisal-comparison?plan_type=casino"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    // The country's table is the administrator's: a province's leadership is refused it.
    let national = client
        .get(app.url("/api/v1/appraisal-comparison?plan_type=commune_general"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(national.status(), StatusCode::FORBIDDEN);

    // The progress report of the day carries the table (its DOCX's text, read from the file).
    let docx = client
        .get(app.url("/api/v1/reports/progress?province=12&format=docx"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(docx.status(), StatusCode::OK);
    let bytes = docx.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("Thẩm định: các đồ án đặt cạnh nhau"),
        "no appraisal section"
    );
    assert!(
        xml.contains("20 đồ án quy hoạch chung xã"),
        "the summary counts the 20 plans"
    );
    assert!(xml.contains("Đất ở bình quân (m²/người)"));
    // A report of a past day does not show today's maps as if known then.
    let past = client
        .get(app.url("/api/v1/reports/progress?province=12&format=docx&as_of=2025-11-25"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(past.bytes().await.unwrap())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(!xml.contains("Thẩm định: các đồ án đặt cạnh nhau"));

    // The page: one row per plan, outliers said in words, the chart, the demo's maps named.
    let cookie = sign_in(&client, &app.base, "lanhdao", &password).await;
    let (status, html) = page(
        &client,
        &app.base,
        &cookie,
        "/provinces/12/appraisal-comparison",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(html.matches("<tr data-dossier=").count(), 20);
    assert!(html.contains("<svg id=\"compare-chart\""));
    assert_eq!(html.matches("<g>").count(), 20, "a bar per plan");
    let words = text(&html);
    assert!(words.contains("(demo)"), "{words}");
    assert!(words.contains("bất thường"), "{words}");
    // The dashboard links to it.
    let (_, dashboard) = page(&client, &app.base, &cookie, "/provinces/12").await;
    assert!(dashboard.contains("/provinces/12/appraisal-comparison?plan_type=commune_general"));
    // A commune officer does not read the province's table.
    let commune = sign_in(&client, &app.base, "xa-03390", &password).await;
    let (status, _) = page(
        &client,
        &app.base,
        &commune,
        "/provinces/12/appraisal-comparison",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
