//! The follow-up pages as officials use them (issue 13), on the demo with the clock at
//! 01/12/2025: the meeting of 25/11/2025 with each directive's done / late / open, the
//! directive tracker with leadership's escalated list, a commune's inbox, where it reports its
//! task done (and cannot report another's), and nobody signed in sees none of it.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, field, page, sign_in, text};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};

#[tokio::test]
async fn the_meeting_the_tracker_and_a_communes_inbox() {
    let (app, _hand, password, client) = demo_app_on("2025-12-01").await;
    let base = &app.base;

    // Nobody signed in is sent to sign in.
    for path in ["/meetings", "/meetings/1", "/tasks", "/inbox"] {
        let resp = client.get(format!("{base}{path}")).send().await.unwrap();
        assert!(
            resp.status() == StatusCode::SEE_OTHER || resp.status() == StatusCode::UNAUTHORIZED,
            "{path}: {}",
            resp.status()
        );
    }

    let leader = sign_in(&client, base, "lanhdao", &password).await;
    let (status, meetings) = page(&client, base, &leader, "/meetings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&meetings).contains("25/11/2025"),
        "{}",
        text(&meetings)
    );
    let (status, meeting) = page(&client, base, &leader, "/meetings/1").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&meeting);
    assert!(said.contains("trong tuần này"), "{said}");
    // Its agenda (one item carried to the next meeting), who came and its minutes.
    assert!(said.contains("Chương trình họp (4)"), "{said}");
    assert!(said.contains("chuyển sang cuộc họp sau"), "{said}");
    assert!(said.contains("UBND xã Mù Cả — vắng mặt"), "{said}");
    assert!(
        said.contains("Biên bản Cuộc họp nghe Sở Xây dựng báo cáo"),
        "{said}"
    );
    // The task dossiers due 28/11: 8 communes, 3 done by 01/12, 5 late.
    assert!(
        said.contains("Hoàn thiện hồ sơ nhiệm vụ quy hoạch chung xã 28/11/2025 8 3 5 0"),
        "{said}"
    );

    let (status, tracker) = page(&client, base, &leader, "/tasks?status=late").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        tracker.matches("data-status=\"late\"").count(),
        tracker.matches("data-status=").count()
    );
    assert!(tracker.contains("data-status=\"late\""));
    // On 04/12, 4 working days after 28/11, the late communes are on leadership's list.
    let (_, later) = page(&client, base, &leader, "/tasks?as_of=2025-12-04").await;
    assert!(later.contains("id=\"escalated\""), "{}", text(&later));
    let (status, _) = page(&client, base, &leader, "/tasks?as_of=31/02/2025").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Nậm Hàng (03434), one of the 8, reported nothing: its inbox shows the task late.
    let commune = sign_in(&client, base, "xa-03434", &password).await;
    let (status, inbox) = page(&client, base, &commune, "/inbox").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&inbox);
    assert!(said.contains("Quá hạn (1)"), "{said}");
    let csrf = field(&inbox, "data-task=", "csrf");
    let version = field(&inbox, "data-task=", "version");
    let task: i64 = {
        let at = inbox.find("data-task=\"").unwrap() + "data-task=\"".len();
        inbox[at..at + inbox[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    // Another organisation's task cannot be reported from here.
    let others = app
        .planning
        .tasks(
            plantrack_domain::access::Caller::Operator,
            &plantrack_store::follow_up::TaskQuery::default(),
        )
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.unit_code.as_deref() == Some("03445"))
        .unwrap();
    let refused = client
        .post(format!("{base}/tasks/{}/done", others.id))
        .header(COOKIE, &commune)
        .form(&[("csrf", csrf.as_str()), ("version", "1"), ("evidence", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let done = client
        .post(format!("{base}/tasks/{task}/done"))
        .header(COOKIE, &commune)
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("evidence", "Tờ trình số 12/TTr-UBND (thử)"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()[LOCATION], "/inbox");
    let (_, inbox) = page(&client, base, &commune, "/inbox").await;
    assert!(text(&inbox).contains("Quá hạn (0)"), "{}", text(&inbox));
    // Sent again with the version read before: refused, and the page says why.
    let again = client
        .post(format!("{base}/tasks/{task}/done"))
        .header(COOKIE, &commune)
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("evidence", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert!(again.status().is_client_error(), "{}", again.status());
}

/// The first dossier a page links to.
fn dossier_link(html: &str) -> i64 {
    let at = html.find("href=\"/dossiers/").unwrap() + "href=\"/dossiers/".len();
    let end = at + html[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    html[at..end].parse().unwrap()
}

#[tokio::test]
async fn blockers_and_tasks_on_the_dossier_commune_and_dashboard_pages() {
    let (app, _hand, password, client) = demo_app_on("2025-12-01").await;
    let base = &app.base;

    // Sìn Hồ (03478) was held back by the National Tourism Area until 14/11/2025: lifted now.
    let leader = sign_in(&client, base, "lanhdao", &password).await;
    let (status, unit) = page(&client, base, &leader, "/units/03478").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&unit);
    assert!(said.contains("Vướng mắc đang gặp (0)"), "{said}");
    assert!(said.contains("Vướng mắc đã tháo gỡ (1)"), "{said}");
    assert!(said.contains("14/11/2025"), "{said}");

    // The dashboard on 01/12/2025 counts the tasks late that day: the five communes that
    // missed the task dossiers due 28/11, and whatever else the demo left undone.
    let late = app
        .planning
        .tasks(
            plantrack_domain::access::Caller::Operator,
            &plantrack_store::follow_up::TaskQuery {
                overdue: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(late.len() >= 5, "{late:?}");
    let (status, dashboard) = page(&client, base, &leader, "/provinces/12?as_of=01/12/2025").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&dashboard);
    assert!(
        said.contains(&format!(
            "Nhiệm vụ theo chỉ đạo đã quá hạn ({})",
            late.len()
        )),
        "{said}"
    );
    assert!(dashboard.contains("/tasks?status=late"));

    // Nậm Hàng's officer sees the commune's late task on its dossier, records what holds it
    // back, and the dossier and the progress report both show it.
    let commune = sign_in(&client, base, "xa-03434", &password).await;
    let (_, unit) = page(&client, base, &commune, "/units/03434").await;
    let id = dossier_link(&unit);
    let (status, dossier) = page(&client, base, &commune, &format!("/dossiers/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&dossier);
    assert!(said.contains("Nhiệm vụ được giao cho xã (2)"), "{said}");
    assert!(said.contains("quá hạn"), "{said}");
    assert!(dossier.contains("id=\"blocker-form\""));
    let csrf = field(&dossier, "id=\"blocker-form\"", "csrf");
    // A day written wrong is refused with why, and nothing is recorded.
    let wrong = client
        .post(format!("{base}/dossiers/{id}/blockers"))
        .header(COOKIE, &commune)
        .form(&[
            ("csrf", csrf.as_str()),
            ("category", "sectoral_information"),
            ("since_on", "31/02/2025"),
            ("note", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let recorded = client
        .post(format!("{base}/dossiers/{id}/blockers"))
        .header(COOKIE, &commune)
        .form(&[
            ("csrf", csrf.as_str()),
            ("category", "sectoral_information"),
            ("since_on", "20/11/2025"),
            (
                "note",
                "Chờ số liệu rừng của Sở Nông nghiệp và Môi trường (thử)",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    let (_, dossier) = page(&client, base, &commune, &format!("/dossiers/{id}")).await;
    let said = text(&dossier);
    assert!(said.contains("Vướng mắc đang gặp (1)"), "{said}");
    assert!(
        said.contains("Chờ thông tin chuyên ngành của sở, ngành từ ngày 20/11/2025"),
        "{said}"
    );
    let (_, dashboard) = page(&client, base, &leader, "/provinces/12?as_of=01/12/2025").await;
    assert!(
        text(&dashboard).contains("1 chờ thông tin chuyên ngành của sở, ngành"),
        "{}",
        text(&dashboard)
    );

    // A department officer reads the dossier but may not record or lift what holds it back.
    let department = sign_in(&client, base, "so-nongnghiep", &password).await;
    let (status, seen) = page(&client, base, &department, &format!("/dossiers/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{}", text(&seen));
    assert!(!seen.contains("id=\"blocker-form\""));

    // Lifted before it began: refused and still holding; then lifted today.
    let blocker: i64 = {
        let at = dossier.find("data-blocker=\"").unwrap() + "data-blocker=\"".len();
        dossier[at..at + dossier[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let dossier_field = id.to_string();
    let early = client
        .post(format!("{base}/blockers/{blocker}/lift"))
        .header(COOKIE, &commune)
        .form(&[
            ("csrf", csrf.as_str()),
            ("dossier", dossier_field.as_str()),
            ("on", "01/11/2025"),
            ("reason", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert!(early.status().is_client_error(), "{}", early.status());
    let page_said = text(&early.text().await.unwrap());
    assert!(page_said.contains("Vướng mắc đang gặp (1)"), "{page_said}");
    let lifted = client
        .post(format!("{base}/blockers/{blocker}/lift"))
        .header(COOKIE, &commune)
        .form(&[
            ("csrf", csrf.as_str()),
            ("dossier", dossier_field.as_str()),
            ("reason", "Sở đã gửi số liệu (thử)"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(lifted.status(), StatusCode::SEE_OTHER);
    let (_, dossier) = page(&client, base, &commune, &format!("/dossiers/{id}")).await;
    let said = text(&dossier);
    assert!(said.contains("Vướng mắc đang gặp (0)"), "{said}");
    assert!(said.contains("20/11/2025 – 01/12/2025"), "{said}");
}

#[tokio::test]
async fn the_status_call_on_the_meeting_page_and_in_a_communes_inbox() {
    let (app, _hand, password, client) = demo_app_on("2025-12-01").await;
    let base = &app.base;

    // The meeting page: 2 answered in time, Sìn Hồ late with another stage than the record's,
    // 31 silent.
    let leader = sign_in(&client, base, "lanhdao", &password).await;
    let (status, meeting) = page(&client, base, &leader, "/meetings/1").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&meeting);
    assert!(
        said.contains("Đề nghị báo cáo tình hình (18/11/2025 – 21/11/2025)"),
        "{said}"
    );
    assert!(
        said.contains(
            "2 đã trả lời 1 trả lời muộn 31 chưa trả lời — 1 xã báo bước khác với plantrack"
        ),
        "{said}"
    );
    assert!(meeting.contains("data-unit=\"03478\" data-state=\"answered_late\" class=\"differs\""));

    // Hồng Thu (03508) did not answer: its inbox offers the form; a stage left unchosen is
    // refused with why; then it answers.
    let commune = sign_in(&client, base, "xa-03508", &password).await;
    let (_, inbox) = page(&client, base, &commune, "/inbox").await;
    let said = text(&inbox);
    assert!(
        said.contains("Đề nghị báo cáo tình hình chưa trả lời (1)"),
        "{said}"
    );
    let csrf = field(&inbox, "class=\"status-answer\"", "csrf");
    let call: i64 = {
        let at = inbox.find("data-status-call=\"").unwrap() + "data-status-call=\"".len();
        inbox[at..at + inbox[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let refused = client
        .post(format!("{base}/status-calls/{call}/answer"))
        .header(COOKIE, &commune)
        .form(&[("csrf", csrf.as_str()), ("stage", ""), ("comment", "x")])
        .send()
        .await
        .unwrap();
    assert!(refused.status().is_client_error(), "{}", refused.status());
    let page_said = text(&refused.text().await.unwrap());
    assert!(
        page_said.contains("Đề nghị báo cáo tình hình chưa trả lời (1)"),
        "{page_said}"
    );
    let answered = client
        .post(format!("{base}/status-calls/{call}/answer"))
        .header(COOKIE, &commune)
        .form(&[
            ("csrf", csrf.as_str()),
            ("stage", "consultant_selection"),
            ("next_step_on", "15/12/2025"),
            ("blocker", "funding"),
            ("comment", "Chờ bố trí kinh phí lập quy hoạch (thử)"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    let (_, inbox) = page(&client, base, &commune, "/inbox").await;
    assert!(!inbox.contains("class=\"status-answer\""));
    let (_, meeting) = page(&client, base, &leader, "/meetings/1").await;
    let said = text(&meeting);
    assert!(
        said.contains("2 đã trả lời 2 trả lời muộn 30 chưa trả lời"),
        "{said}"
    );
    assert!(
        said.contains("Chờ bố trí kinh phí lập quy hoạch (thử)"),
        "{said}"
    );
    assert!(said.contains("15/12/2025"), "{said}");
}

/// Posts a meeting page's form as the signed-in `who`, with the page's CSRF token.
async fn post_form(
    client: &reqwest::Client,
    base: &str,
    who: &str,
    csrf: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    client
        .post(format!("{base}{path}"))
        .header(COOKIE, who)
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_secretary_runs_the_next_review_from_its_page() {
    let (app, _hand, password, client) = demo_app_on("2025-12-09").await;
    let base = &app.base;
    let leader = sign_in(&client, base, "lanhdao", &password).await;

    // The demo's review recurs every two weeks: closing it prepared the one of 09/12/2025,
    // with the item carried over and the same organisations invited.
    let (_, first) = page(&client, base, &leader, "/meetings/1").await;
    let said = text(&first);
    assert!(
        said.contains("Họp 14 ngày một lần, đến ngày 31/03/2026"),
        "{said}"
    );
    let next = app
        .planning
        .meetings(plantrack_domain::access::Caller::Operator, None)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.held_on.to_string() == "2025-12-09")
        .unwrap();
    let at = format!("/meetings/{}", next.id);
    let (status, html) = page(&client, base, &leader, &at).await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&html);
    assert!(said.contains("Chương trình họp (1)"), "{said}");
    assert!(said.contains("(từ cuộc họp trước)"), "{said}");
    assert!(said.contains("23/12/2025"), "{said}");
    let csrf = field(&html, "id=\"meeting-state\"", "csrf");

    // A commune's officer reads the meeting but gets no form, and a post is refused.
    let commune = sign_in(&client, base, "xa-03434", &password).await;
    let (status, seen) = page(&client, base, &commune, &at).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!seen.contains("id=\"agenda-form\""));
    let commune_csrf = field(&seen, "name=\"csrf\"", "csrf");
    let refused = post_form(
        &client,
        base,
        &commune,
        &commune_csrf,
        &format!("{at}/minutes"),
        &[("minutes", "x")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // An interval of 3 days is refused with why, on the page, and the series is unchanged.
    let wrong = post_form(
        &client,
        base,
        &leader,
        &csrf,
        &format!("{at}/recurrence"),
        &[("every_days", "3"), ("until", "31/03/2026")],
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = text(&wrong.text().await.unwrap());
    assert!(said.contains("từ 7 đến 92 ngày"), "{said}");

    // The secretary adds an item, schedules and opens the meeting, marks who came, settles
    // the items, writes the minutes and a conclusion, and closes it.
    let ok = |r: reqwest::Response| {
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.status());
    };
    ok(post_form(
        &client,
        base,
        &leader,
        &csrf,
        &format!("{at}/agenda"),
        &[
            ("title", "Kết quả thực hiện chỉ đạo ngày 25/11/2025 (thử)"),
            ("presenter", "Sở Xây dựng"),
            ("duration", "15"),
            ("unit_code", ""),
        ],
    )
    .await);
    for to in ["scheduled", "in_progress"] {
        ok(post_form(
            &client,
            base,
            &leader,
            &csrf,
            &format!("{at}/state"),
            &[("to", to)],
        )
        .await);
    }
    let (_, held) = page(&client, base, &leader, &at).await;
    let participant = field(&held, "class=\"attendance\"", "organisation");
    ok(post_form(
        &client,
        base,
        &leader,
        &csrf,
        &format!("{at}/attendance"),
        &[("organisation", participant.as_str()), ("attended", "yes")],
    )
    .await);
    let item = {
        let marker = "action=\"/agenda-items/";
        let start = held.find(marker).unwrap() + marker.len();
        held[start..start + held[start..].find('/').unwrap()].to_owned()
    };
    ok(post_form(
        &client,
        base,
        &leader,
        &csrf,
        &format!("/agenda-items/{item}/settle"),
        &[
            ("meeting", next.id.to_string().as_str()),
            ("state", "done"),
            ("outcome", "Các sở đã cung cấp dữ liệu (thử)"),
        ],
    )
    .await);
    ok(post_form(
        &client,
        base,
        &leader,
        &csrf,
        &format!("{at}/minutes"),
        &[("minutes", "Biên bản cuộc họp ngày 09/12/2025 (thử)")],
    )
    .await);
    ok(post_form(
        &client,
        base,
        &leader,
        &csrf,
        &format!("{at}/conclusions"),
        &[("text", "Các xã còn chậm hoàn thành trong tháng 12 (thử)")],
    )
    .await);
    ok(post_form(
        &client,
        base,
        &leader,
        &csrf,
        &format!("{at}/state"),
        &[("to", "closed")],
    )
    .await);
    let (_, closed) = page(&client, base, &leader, &at).await;
    let said = text(&closed);
    assert!(said.contains("đã kết thúc"), "{said}");
    assert!(
        said.contains("Biên bản cuộc họp ngày 09/12/2025 (thử)"),
        "{said}"
    );
    assert!(
        said.contains("Các xã còn chậm hoàn thành trong tháng 12 (thử)"),
        "{said}"
    );
    assert!(said.contains("— có mặt"), "{said}");
    assert!(!closed.contains("id=\"minutes-form\""));

    // Closing it prepared the next of the series, 23/12/2025, with the other items carried.
    let third = app
        .planning
        .meetings(plantrack_domain::access::Caller::Operator, None)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.held_on.to_string() == "2025-12-23")
        .unwrap();
    let agenda = app
        .planning
        .meeting_agenda(plantrack_domain::access::Caller::Operator, third.id)
        .await
        .unwrap();
    assert_eq!(agenda.follows, Some(next.id));
    assert!(agenda.items.iter().all(|i| i.carried_from.is_some()));
}

#[tokio::test]
async fn a_commune_asks_a_department_from_its_dossier_and_withdraws_the_request() {
    let (app, _hand, password, client) = demo_app_on("2025-12-01").await;
    let base = &app.base;
    let commune = sign_in(&client, base, "xa-03434", &password).await;
    let (_, unit) = page(&client, base, &commune, "/units/03434").await;
    let id = dossier_link(&unit);
    let at = format!("/dossiers/{id}");
    let (_, dossier) = page(&client, base, &commune, &at).await;
    assert!(dossier.contains("id=\"ask-form\""));
    let csrf = field(&dossier, "id=\"ask-form\"", "csrf");
    let department = {
        // The first option's value.
        let at = dossier.find("id=\"ask-department\"").unwrap();
        let rest = &dossier[at..];
        let start = rest.find("<option value=\"").unwrap() + "<option value=\"".len();
        rest[start..start + rest[start..].find('"').unwrap()].to_owned()
    };

    // No topic ticked: refused with why, in Vietnamese, and nothing is asked.
    let none = post_form(
        &client,
        base,
        &commune,
        &csrf,
        &format!("{at}/information-requests"),
        &[("department", department.as_str()), ("text", "x")],
    )
    .await;
    assert_eq!(none.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = text(&none.text().await.unwrap());
    assert!(
        said.contains("Đề nghị cung cấp thông tin chuyên ngành (0)"),
        "{said}"
    );

    let asked = post_form(
        &client,
        base,
        &commune,
        &csrf,
        &format!("{at}/information-requests"),
        &[
            ("department", department.as_str()),
            ("topic", "heritage"),
            ("topic", "hazard_zones"),
            (
                "text",
                "Đề nghị cung cấp danh mục di tích trên địa bàn xã (thử)",
            ),
            ("due_on", ""),
        ],
    )
    .await;
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    let (_, dossier) = page(&client, base, &commune, &at).await;
    let said = text(&dossier);
    assert!(
        said.contains("Đề nghị cung cấp thông tin chuyên ngành (1)"),
        "{said}"
    );
    // Due 15 days after asking.
    assert!(said.contains("Hạn 16/12/2025"), "{said}");
    assert!(said.contains("di tích, di sản"), "{said}");

    // The commune withdraws it; it stays on the record as withdrawn.
    let version = field(&dossier, "class=\"withdraw-request\"", "version");
    let request = {
        let marker = "action=\"/information-requests/";
        let start = dossier.find(marker).unwrap() + marker.len();
        dossier[start..start + dossier[start..].find('/').unwrap()].to_owned()
    };
    let withdrawn = post_form(
        &client,
        base,
        &commune,
        &csrf,
        &format!("/information-requests/{request}/withdraw"),
        &[
            ("dossier", id.to_string().as_str()),
            ("version", version.as_str()),
            ("reason", "Đã có số liệu từ xã (thử)"),
        ],
    )
    .await;
    assert_eq!(withdrawn.status(), StatusCode::SEE_OTHER);
    let (_, dossier) = page(&client, base, &commune, &at).await;
    assert!(!dossier.contains("class=\"withdraw-request\""));
    assert!(text(&dossier).contains("đã rút"), "{}", text(&dossier));
}
