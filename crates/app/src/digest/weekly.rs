//! The weekly report by e-mail (issue 14, item 3): to each leadership or administrator
//! account that opted in, its province's progress report as PDF — as of the day, compared
//! with 7 days earlier — in its language, once per ISO week (the store keeps the claims).

use std::collections::HashMap;

use chrono::{NaiveDate, TimeDelta};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_reports::Format;
use plantrack_store::Planning;
use plantrack_store::accounts::iso_week;
use plantrack_store::planning::DocumentQuery;
use plantrack_web::i18n::translate;
use serde::Serialize;

use super::mail::Letter;
use super::{Outcome, Run};

/// One account's line of a weekly run.
#[derive(Debug, Clone, Serialize)]
pub struct WeeklyDelivery {
    pub username: String,
    pub address: String,
    pub language: Language,
    pub province: String,
    pub week: String,
    pub attachment: String,
    pub outcome: Outcome,
}

/// dd/mm/yyyy, as the reports write dates.
fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The attachment's file name: the report's name in the reader's language, the province and
/// the day.
pub fn attachment_name(lang: Language, province: &str, day: NaiveDate) -> String {
    translate(
        lang.into(),
        "weekly-attachment-name",
        &[
            ("province", province.into()),
            ("date", day.format("%Y-%m-%d").to_string().into()),
        ],
    )
}

/// The short letter the report is attached to.
pub fn letter(lang: Language, name: &str, day: NaiveDate) -> Letter {
    let compared = day - TimeDelta::days(7);
    let subject = translate(
        lang.into(),
        "weekly-subject",
        &[("week", iso_week(day).into()), ("date", date(day).into())],
    );
    let mut text = translate(lang.into(), "weekly-greeting", &[("name", name.into())]);
    text.push_str("\n\n");
    text.push_str(&translate(
        lang.into(),
        "weekly-body",
        &[
            ("date", date(day).into()),
            ("compare", date(compared).into()),
        ],
    ));
    text.push_str("\n\n-- \n");
    text.push_str(&translate(lang.into(), "weekly-footer", &[]));
    text.push('\n');
    Letter { subject, text }
}

/// The province's report of `day` compared with 7 days earlier, as PDF; compared with
/// nothing when the data begin within that week.
async fn report_pdf(
    planning: &Planning,
    province: &str,
    lang: Language,
    day: NaiveDate,
) -> Result<Vec<u8>, String> {
    let query = |compare| DocumentQuery {
        as_of: day,
        compare,
        as_known_on: None,
        province: Some(province.to_owned()),
        lang,
        with_forecast: true,
        target: None,
    };
    let data = match planning
        .progress_document(Caller::Operator, &query(Some(day - TimeDelta::days(7))))
        .await
    {
        Ok(data) => data,
        Err(_) => planning
            .progress_document(Caller::Operator, &query(None))
            .await
            .map_err(|e| e.to_string())?,
    };
    let report = plantrack_web::progress_document::progress_document(&data, lang.into());
    // Laying out a document is CPU work: off the runtime's threads.
    tokio::task::spawn_blocking(move || plantrack_reports::render(&report, Format::Pdf))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

/// Sends the weekly report of `day` to every account that opted in, once per ISO week each.
pub async fn send_all(
    planning: &Planning,
    run: Run<'_>,
    day: NaiveDate,
) -> Result<Vec<WeeklyDelivery>, plantrack_store::StoreError> {
    let caller = Caller::Operator;
    let week = iso_week(day);
    // One document per province and language, however many read it.
    let mut documents: HashMap<(String, Language), Result<Vec<u8>, String>> = HashMap::new();
    let mut deliveries = Vec::new();
    for subscriber in planning.weekly_report_subscribers(caller).await? {
        let user = &subscriber.user;
        let province = user.organisation.province_code.clone();
        let lang = subscriber.language;
        let to = subscriber.email.clone();
        let attachment = attachment_name(lang, &province, day);
        let outcome = match run {
            Run::DryRun => {
                if planning.weekly_report_sent(caller, user.id, day).await? {
                    Outcome::AlreadySent
                } else {
                    Outcome::WouldSend
                }
            }
            Run::Send(mailer) => {
                if planning
                    .claim_weekly_report(caller, user.id, day, &to)
                    .await?
                {
                    let key = (province.clone(), lang);
                    if !documents.contains_key(&key) {
                        let pdf = report_pdf(planning, &province, lang, day).await;
                        documents.insert(key.clone(), pdf);
                    }
                    let sent = match &documents[&key] {
                        Ok(pdf) => mailer
                            .send_with_pdf(
                                &to,
                                &letter(lang, &user.display_name, day),
                                &attachment,
                                pdf.clone(),
                            )
                            .await
                            .map_err(|e| e.to_string()),
                        Err(why) => Err(why.clone()),
                    };
                    match sent {
                        Ok(()) => {
                            tracing::info!(user = user.id, %to, %week, "weekly report sent");
                            Outcome::Sent
                        }
                        Err(why) => {
                            tracing::warn!(user = user.id, %to, %week, error = %why, "weekly report not sent");
                            // Given back, so that the next run tries again.
                            planning.release_weekly_report(caller, user.id, day).await?;
                            Outcome::Failed(why)
                        }
                    }
                } else {
                    Outcome::AlreadySent
                }
            }
        };
        deliveries.push(WeeklyDelivery {
            username: user.username.clone(),
            address: to,
            language: lang,
            province,
            week: week.clone(),
            attachment,
            outcome,
        });
    }
    Ok(deliveries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_and_the_file_name_speak_the_readers_language() {
        let day = "2025-12-01".parse().unwrap();
        let vi = letter(Language::Vi, "Nguyễn Văn Lãnh", day);
        assert!(vi.subject.contains("2025-W49"), "{}", vi.subject);
        assert!(vi.text.contains("Kính gửi Nguyễn Văn Lãnh"), "{}", vi.text);
        assert!(vi.text.contains("01/12/2025") && vi.text.contains("24/11/2025"));
        let en = letter(Language::En, "Lanh", day);
        assert!(en.text.contains("compared with 24/11/2025"), "{}", en.text);
        let id = letter(Language::Id, "Lanh", day);
        assert_ne!(id.subject, en.subject);
        assert_eq!(
            attachment_name(Language::Vi, "12", day),
            "bao-cao-tien-do-12-2025-12-01.pdf"
        );
        assert_eq!(
            attachment_name(Language::En, "12", day),
            "progress-report-12-2025-12-01.pdf"
        );
    }
}
