//! The demo's public consultation (issue 15, item 3): Mường Kim, collecting opinions on its
//! draft at the meeting, consults its residents online from 01/12 to 30/12/2025 — open on the
//! demo's "today" (15/12/2025 unless `serve --demo-today` says otherwise). A handful of
//! residents send opinions through the public page's use case, each from its own address and
//! with a form opened a minute before; the commune publishes some (with the redactions
//! plantrack proposes), leaves some waiting, and rejects an advertisement. Every text is
//! marked "(demo)".

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

use chrono::{Days, NaiveDate};
use plantrack_domain::access::Caller;
use plantrack_domain::consultation::{ConsultationForm, Subject};
use plantrack_store::consultation::NewRound;
use plantrack_store::consultation::public::{Moderation, PublicSubmission};
use plantrack_store::{Planning, StoreError};

/// The commune consulted online.
pub const UNIT: &str = "03637";
/// The residents' track: 29 days, open on the demo's days.
pub const OPENS_ON: (i32, u32, u32) = (2025, 12, 1);
pub const CLOSES_ON: (i32, u32, u32) = (2025, 12, 30);

/// What the commune does with an opinion.
enum Then {
    Publish,
    Wait,
    Reject(&'static str),
}

/// (days after opening, name, hamlet, contact, text, point, what the commune does)
type Sent = (
    u64,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    Option<(f64, f64)>,
    Then,
);

const OPINIONS: [Sent; 7] = [
    (
        1,
        Some("Lò Văn Piếng"),
        "Bản Mường Kim",
        "0912 345 678",
        "(demo) Tôi là Lò Văn Piếng, đề nghị giữ chợ ở trung tâm xã, không chuyển ra ven quốc lộ. Liên hệ 0912 345 678.",
        Some((103.935, 21.861)),
        Then::Publish,
    ),
    (
        2,
        None,
        "Bản Nà Khương",
        "",
        "(demo) Tuyến đường mới cắt qua ruộng lúa của bản, đề nghị điều chỉnh theo bờ suối.",
        Some((103.921, 21.872)),
        Then::Publish,
    ),
    (
        3,
        Some("Tòng Thị Hoa"),
        "Bản Hua Pầu",
        "hoa.tong@example.vn",
        "(demo) Nhà tôi ở số 12 đường Mường Kim, chị Hoa đề nghị bố trí thêm điểm trường mầm non cho bản Hua Pầu. Email hoa.tong@example.vn.",
        None,
        Then::Publish,
    ),
    (
        5,
        Some("Lường Văn Inh"),
        "Bản Nậm Ngặp",
        "",
        "(demo) Đề nghị quy hoạch đất nghĩa trang xa nguồn nước sinh hoạt của bản.",
        Some((103.948, 21.855)),
        Then::Wait,
    ),
    (
        8,
        None,
        "",
        "",
        "(demo) Bán đất nền giá rẻ, gọi ngay 0987 654 321!",
        None,
        Then::Reject("(demo) Quảng cáo, không phải ý kiến về quy hoạch"),
    ),
    (
        12,
        Some("Hoàng Văn Sơn"),
        "Bản Chiềng Ban",
        "0388 111 222",
        "(demo) Khu tái định cư nên gần trường học và trạm y tế; CCCD của tôi 012345678901 để xã liên hệ.",
        None,
        Then::Wait,
    ),
    (
        13,
        None,
        "Bản Mường Kim",
        "",
        "(demo) Đồng ý với phương án mở rộng nhà văn hóa xã.",
        None,
        Then::Wait,
    ),
];

fn day((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("the demo's dates are calendar dates")
}

/// Opens the round on Mường Kim's dossier and plays the residents' opinions and the
/// commune's moderation. `at` moves the replay's clock to a day and seconds after 16:30.
pub(crate) async fn play(
    planning: &Planning,
    dossiers: &HashMap<String, i64>,
    at: &dyn Fn(NaiveDate, i64),
) -> Result<i64, StoreError> {
    let dossier = *dossiers.get(UNIT).ok_or_else(|| StoreError::NotFound {
        what: "demo dossier",
        key: UNIT.to_owned(),
    })?;
    let opens = day(OPENS_ON);
    at(opens, 0);
    let reading = planning.dossier(Caller::Operator, dossier).await?;
    let documents = reading
        .state
        .documents
        .iter()
        .filter(|d| d.file.is_some())
        .map(|d| d.seq)
        .collect();
    let round = planning
        .open_consultation(
            Caller::Operator,
            dossier,
            &NewRound {
                subject: Subject::Plan,
                documents,
                forms: vec![
                    ConsultationForm::PublicDisplay,
                    ConsultationForm::OnlinePage,
                    ConsultationForm::ResidentMeeting,
                ],
                opens_on: opens,
                closes_on: day(CLOSES_ON),
                agencies_opens_on: None,
                agencies_closes_on: None,
            },
        )
        .await?
        .round
        .id;
    let mut decisions = Vec::new();
    for (i, (after, name, hamlet, contact, text, point, then)) in OPINIONS.iter().enumerate() {
        let on = opens + Days::new(*after);
        at(on, 0);
        let token = planning.public_form_token(round).await?;
        // A person reads the page and writes for a minute or two.
        at(on, 90);
        let receipt = planning
            .submit_public_opinion(
                round,
                &PublicSubmission {
                    author_name: name.map(str::to_owned),
                    hamlet: (*hamlet).to_owned(),
                    contact: (*contact).to_owned(),
                    text: (*text).to_owned(),
                    lon: point.map(|p| p.0),
                    lat: point.map(|p| p.1),
                    honeypot: String::new(),
                    form_token: token,
                },
                None,
                IpAddr::V4(Ipv4Addr::new(192, 0, 2, u8::try_from(i + 10).unwrap_or(10))),
            )
            .await?;
        match then {
            Then::Publish => {
                decisions.push((receipt.opinion_id, Moderation::Publish { text: None }));
            }
            Then::Reject(reason) => decisions.push((
                receipt.opinion_id,
                Moderation::Reject {
                    reason: (*reason).to_owned(),
                },
            )),
            Then::Wait => {}
        }
    }
    // The commune's officer works through the queue on the day before the demo's today;
    // the later opinions still wait.
    let moderated_on = opens + Days::new(13);
    at(moderated_on, 3600);
    for (opinion, decision) in &decisions {
        planning
            .moderate_public_opinion(Caller::Operator, *opinion, decision)
            .await?;
    }
    Ok(round)
}
