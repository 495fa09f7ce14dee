use proptest::prelude::*;

use super::*;

fn kinds(text: &str, names: &[&str]) -> Vec<(PersonalKind, String)> {
    propose(text, names)
        .into_iter()
        .map(|r| (r.kind, r.text))
        .collect()
}

fn one(kind: PersonalKind, s: &str) -> Vec<(PersonalKind, String)> {
    vec![(kind, s.to_owned())]
}

#[test]
fn phone_numbers_in_vietnamese_formats() {
    for phone in [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "091-234-5678",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "0386123456",
        "024 3825 1234",
        "02133876543",
        "+84 24 3825 1234",
    ] {
        let text = format!("Liên hệ: {phone}, xin cảm ơn.");
        assert_eq!(
            kinds(&text, &[]),
            one(PersonalKind::Phone, phone),
            "{phone}"
        );
    }
}

#[test]
fn numbers_that_are_not_phones_stay() {
    for text in [
        "Diện tích 1.234.567.000 đ cho 12 hộ",
        "Quyết định số 12/QĐ-UBND ngày 25/11/2025",
        "Thửa đất số 123, tờ bản đồ số 45, diện tích 0,5 ha",
        "Năm 2025 có 1500 người",
        "mã 0112345678",    // 01x is no longer a mobile prefix
        "0912345678901234", // too long for anything
        "x0912345678",      // glued to a word
    ] {
        assert_eq!(kinds(text, &[]), vec![], "{text}");
    }
}

#[test]
fn citizen_id_numbers_have_twelve_digits() {
    assert_eq!(
        kinds("CCCD số 001203004567 cấp ngày 01/02/2021", &[]),
        one(PersonalKind::CitizenId, "001203004567")
    );
    assert_eq!(
        kinds("CCCD 012 345 678 901.", &[]),
        one(PersonalKind::CitizenId, "012 345 678 901")
    );
    // Eleven or thirteen digits: neither a CCCD nor a phone.
    assert_eq!(kinds("số 00120300456", &[]), vec![]);
    assert_eq!(kinds("số 0012030045678", &[]), vec![]);
}

#[test]
fn email_addresses() {
    assert_eq!(
        kinds("Gửi về lo.van.thu+qh@gmail.com.", &[]),
        one(PersonalKind::Email, "lo.van.thu+qh@gmail.com")
    );
    assert_eq!(
        kinds("thư: thu@ubnd.laichau.gov.vn; hoặc gọi", &[]),
        one(PersonalKind::Email, "thu@ubnd.laichau.gov.vn")
    );
    assert_eq!(kinds("giá 5@ 10 nghìn, a@b", &[]), vec![]);
}

#[test]
fn house_addresses() {
    assert_eq!(
        kinds(
            "Nhà tôi ở số 12 đường Trần Hưng Đạo, phường Tân Phong.",
            &[]
        ),
        one(PersonalKind::Address, "số 12 đường Trần Hưng Đạo")
    );
    assert_eq!(
        kinds("Số nhà 45A, tổ 3 bị ảnh hưởng", &[]),
        one(PersonalKind::Address, "Số nhà 45A")
    );
    assert_eq!(
        kinds("nhà số 7/2 ngõ 34 phố Huế. Đề nghị", &[]),
        one(PersonalKind::Address, "nhà số 7/2 ngõ 34 phố Huế")
    );
    assert_eq!(
        kinds("số 3 ngõ 12\nđường mới cắt qua ruộng", &[]),
        one(PersonalKind::Address, "số 3 ngõ 12")
    );
    // "số" before a number that is not a house's: a decision, a plot.
    assert_eq!(kinds("Văn bản số 12 ngày 3/4", &[]), vec![]);
    assert_eq!(kinds("thửa số 12 tờ 4", &[]), vec![]);
}

#[test]
fn the_names_the_submitter_gave() {
    let text = "Tôi là Lò Văn Thử, bản Thẳm. Ông Thử và LÒ VĂN THỬ đồng ý; Văn Thử ký.";
    let found = kinds(text, &["Lò Văn Thử"]);
    assert_eq!(
        found,
        vec![
            (PersonalKind::Name, "Lò Văn Thử".into()),
            (PersonalKind::Name, "Thử".into()),
            (PersonalKind::Name, "LÒ VĂN THỬ".into()),
            (PersonalKind::Name, "Văn Thử".into()),
        ]
    );
    // The honorific stays visible, and a word that merely contains the name is left.
    assert_eq!(
        apply(text, &propose(text, &["Lò Văn Thử"])),
        "Tôi là […], bản Thẳm. Ông […] và […] đồng ý; […] ký."
    );
    assert_eq!(kinds("Thửa đất", &["Lò Văn Thử"]), vec![]);
    assert_eq!(kinds("không tên", &["", "  "]), vec![]);
}

#[test]
fn everything_at_once_and_the_copy() {
    let text = "Tôi Nguyễn Thị Hoa, CCCD 001203004567, ĐT 0912 345 678, email hoa@gmail.com, \
                ở số 5 đường Lê Lợi, đề nghị giữ chợ ở trung tâm.";
    let (copy, spans) = proposed_copy(text, &["Nguyễn Thị Hoa"]);
    let k: Vec<PersonalKind> = spans.iter().map(|r| r.kind).collect();
    assert_eq!(
        k,
        vec![
            PersonalKind::Name,
            PersonalKind::CitizenId,
            PersonalKind::Phone,
            PersonalKind::Email,
            PersonalKind::Address
        ]
    );
    assert_eq!(
        copy,
        "Tôi […], CCCD […], ĐT […], email […], ở […], đề nghị giữ chợ ở trung tâm."
    );
    // The original is not touched; spans index it.
    for r in &spans {
        assert_eq!(&text[r.start..r.end], r.text);
    }
}

#[test]
fn apply_skips_spans_that_do_not_fit() {
    let text = "ệ 0912345678";
    let bad = [
        Redaction {
            start: 1,
            end: 2,
            kind: PersonalKind::Name,
            text: String::new(),
        },
        Redaction {
            start: 4,
            end: 99,
            kind: PersonalKind::Name,
            text: String::new(),
        },
    ];
    assert_eq!(apply(text, &bad), text);
}

#[test]
fn overlapping_finds_join() {
    // A phone inside an address clause: one span covers both.
    let text = "số 12 đường 0912345678 mới";
    let spans = propose(text, &[]);
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(apply(text, &spans), "[…]");
}

proptest! {
    /// A mobile number anywhere in ordinary text is found and hidden, whatever surrounds it.
    #[test]
    fn any_mobile_is_hidden(
        before in "[a-zA-Zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễđ ,.]{0,40}",
        prefix in prop::sample::select(vec!["03", "05", "07", "08", "09"]),
        rest in "[0-9]{8}",
        after in "[a-zA-Zđ ,.]{0,40}",
    ) {
        let phone = format!("{prefix}{rest}");
        let text = format!("{before} {phone} {after}");
        let copy = apply(&text, &propose(&text, &[]));
        prop_assert!(!copy.contains(&phone), "{copy}");
    }

    /// Text with no digit, no @ and no name given yields nothing, and apply then is the identity.
    #[test]
    fn plain_text_is_left_alone(text in "[a-zA-Zàáạảãâầấậăằắđêềếệôồốộơờớợưừứự ,.\n]{0,200}") {
        let spans = propose(&text, &[]);
        prop_assert!(spans.is_empty());
        prop_assert_eq!(apply(&text, &spans), text);
    }

    /// Proposals never overlap, are in order, and index the text on character boundaries.
    #[test]
    fn proposals_are_well_formed(text in "\\PC{0,300}", name in "[A-Za-zđ]{1,8}( [A-Za-zđ]{1,8}){0,2}") {
        let spans = propose(&text, &[&name]);
        let mut at = 0;
        for r in &spans {
            prop_assert!(r.start >= at && r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            at = r.end;
        }
    }
}
