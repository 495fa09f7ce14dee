//! A digest as a letter in its recipient's language: the subject, then one section after the
//! other, dates dd/mm/yyyy. Every word comes from the Fluent files (`digest.ftl`).

use chrono::NaiveDate;
use plantrack_domain::Language;
use plantrack_domain::follow_up::{Digest, DigestTask, ItemKind, SectionKind, TaskStatus};
use plantrack_web::i18n::translate;

use super::mail::Letter;

/// dd/mm/yyyy, as Vietnamese documents write dates (and the English and Indonesian pages).
fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn heading(lang: Language, kind: SectionKind, count: usize) -> String {
    let key = match kind {
        SectionKind::Overdue => "digest-section-overdue",
        SectionKind::DueSoon => "digest-section-due-soon",
        SectionKind::Replies => "digest-section-replies",
    };
    translate(lang.into(), key, &[("count", count.into())])
}

/// What the item is, in words: "Nhiệm vụ: …", "Yêu cầu cung cấp thông tin: …".
fn what(lang: Language, task: &DigestTask) -> String {
    let key = match task.what {
        ItemKind::Task => "digest-kind-task",
        ItemKind::RequestToAnswer => "digest-kind-request-to-answer",
        ItemKind::RequestAnswered | ItemKind::RequestDelayed => "digest-kind-request-asked",
        ItemKind::StatusCall => "digest-kind-status-call",
    };
    let kind = translate(lang.into(), key, &[]);
    if task.text.is_empty() {
        kind
    } else {
        format!("{kind}: {}", task.text)
    }
}

fn item(lang: Language, kind: SectionKind, task: &DigestTask) -> String {
    let text = what(lang, task);
    let text = text.as_str();
    let due = date(task.due_on);
    match kind {
        SectionKind::Overdue => translate(
            lang.into(),
            "digest-item-overdue",
            &[
                ("text", text.into()),
                ("due", due.into()),
                ("late", task.working_days_late.into()),
            ],
        ),
        SectionKind::DueSoon => translate(
            lang.into(),
            "digest-item-due-soon",
            &[("text", text.into()), ("due", due.into())],
        ),
        SectionKind::Replies => {
            let status = match (task.what, task.status) {
                (_, TaskStatus::Cancelled) => {
                    translate(lang.into(), "digest-status-cancelled", &[])
                }
                (ItemKind::RequestAnswered, _) => {
                    translate(lang.into(), "digest-status-answered", &[])
                }
                (ItemKind::RequestDelayed, _) => {
                    translate(lang.into(), "digest-status-delayed", &[])
                }
                _ => translate(lang.into(), "digest-status-done", &[]),
            };
            translate(
                lang.into(),
                "digest-item-reply",
                &[
                    ("text", text.into()),
                    ("status", status.into()),
                    ("on", task.resolved_on.map(date).unwrap_or_default().into()),
                ],
            )
        }
    }
}

/// The letter of a digest in `lang`.
pub fn letter(digest: &Digest, lang: Language) -> Letter {
    let day = date(digest.day);
    let subject = translate(
        lang.into(),
        "digest-subject",
        &[
            ("date", day.clone().into()),
            ("overdue", digest.count(SectionKind::Overdue).into()),
            ("soon", digest.count(SectionKind::DueSoon).into()),
        ],
    );
    let mut text = String::new();
    text.push_str(&translate(
        lang.into(),
        "digest-greeting",
        &[("organisation", digest.organisation.as_str().into())],
    ));
    text.push_str("\n\n");
    text.push_str(&translate(
        lang.into(),
        "digest-intro",
        &[("date", day.into())],
    ));
    text.push('\n');
    for section in &digest.sections {
        text.push('\n');
        text.push_str(&heading(lang, section.kind, section.items.len()));
        text.push('\n');
        for task in &section.items {
            text.push_str("- ");
            text.push_str(&item(lang, section.kind, task));
            text.push('\n');
        }
    }
    text.push_str("\n-- \n");
    text.push_str(&translate(lang.into(), "digest-footer", &[]));
    text.push('\n');
    Letter { subject, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest() -> Digest {
        Digest::compose(
            3,
            "UBND xã Bum Tở",
            "2025-12-01".parse().unwrap(),
            [DigestTask {
                what: ItemKind::Task,
                id: 9,
                text: "Hoàn thiện hồ sơ nhiệm vụ quy hoạch chung xã".into(),
                due_on: "2025-11-28".parse().unwrap(),
                status: TaskStatus::Late,
                resolved_on: None,
                working_days_late: 1,
            }],
        )
    }

    #[test]
    fn the_letter_speaks_the_recipients_language_with_dates_as_dd_mm_yyyy() {
        let vi = letter(&digest(), Language::Vi);
        assert!(vi.subject.contains("01/12/2025"), "{}", vi.subject);
        assert!(vi.text.contains("Kính gửi UBND xã Bum Tở"), "{}", vi.text);
        assert!(vi.text.contains("hạn 28/11/2025"), "{}", vi.text);
        let en = letter(&digest(), Language::En);
        assert!(en.text.contains("Overdue (1)"), "{}", en.text);
        assert!(en.text.contains("due 28/11/2025"), "{}", en.text);
        let id = letter(&digest(), Language::Id);
        assert!(id.text.contains("28/11/2025"), "{}", id.text);
        assert_ne!(id.subject, en.subject);
    }
}
