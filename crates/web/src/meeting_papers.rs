//! A meeting's own papers (issue 14): the minutes (biên bản) and the conclusion notice (thông
//! báo kết luận), laid out by plantrack-reports like the progress report, in the reader's
//! language. Three parts are chosen by the reader: the participants (invited, attended), the
//! progress report as the meeting saw it (frozen at its start), and the directives' status on
//! a later day (the next meeting's, by default).

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_reports::model::{Cell, Report, Section, Table, TitleBlock};
use plantrack_store::Planning;
use plantrack_store::follow_up::{Conclusion, Directive, Meeting, MeetingAgenda, Task, TaskQuery};
use plantrack_store::planning::{DocumentQuery, ProgressDocumentData};

use crate::document_words::{Words, col, section};
use crate::i18n::Lang;
use crate::progress_document::progress_document;

/// Which paper of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// Biên bản: what was said and decided, item by item.
    Minutes,
    /// Thông báo kết luận: the conclusions and the directives with assignees and due dates.
    Notice,
}

impl Paper {
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::Minutes => "minutes",
            Paper::Notice => "notice",
        }
    }
}

/// The parts a reader may leave in or out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaperSections {
    /// The organisations invited, and which came.
    pub participants: bool,
    /// The progress report as known when the meeting started.
    pub report: bool,
    /// Each directive's tasks as they stood on the status day.
    pub status: bool,
}

impl PaperSections {
    pub const NAMES: [&'static str; 3] = ["participants", "report", "status"];

    pub const ALL: PaperSections = PaperSections {
        participants: true,
        report: true,
        status: true,
    };

    /// `participants,report,status`, `all` or `none`; `Err` names the word not understood.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut chosen = PaperSections::default();
        for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word.to_ascii_lowercase().as_str() {
                "all" => chosen = PaperSections::ALL,
                "none" => {}
                "participants" => chosen.participants = true,
                "report" => chosen.report = true,
                "status" => chosen.status = true,
                _ => return Err(word.to_owned()),
            }
        }
        Ok(chosen)
    }
}

/// What the papers of a meeting are made from, as the caller may read it.
#[derive(Debug, Clone)]
pub struct MeetingPapersData {
    pub meeting: Meeting,
    pub agenda: MeetingAgenda,
    pub conclusions: Vec<Conclusion>,
    pub directives: Vec<Directive>,
    /// Every directive's tasks as they stood on `status_on`.
    pub tasks: Vec<Task>,
    pub status_on: NaiveDate,
    /// The progress report on the meeting's day as known at its start.
    pub report: ProgressDocumentData,
}

/// Why the papers cannot be made.
#[derive(Debug)]
pub enum PapersError {
    Store(plantrack_store::StoreError),
    /// The status day is before the meeting was held.
    StatusBeforeMeeting {
        held_on: NaiveDate,
    },
}

impl From<plantrack_store::StoreError> for PapersError {
    fn from(e: plantrack_store::StoreError) -> Self {
        PapersError::Store(e)
    }
}

/// Reads what the papers of meeting `id` say. The status day is `status_on`, else the day of
/// the province's next meeting, else today (never after today: a status is what happened).
pub async fn meeting_papers_data(
    planning: &Planning,
    caller: Caller<'_>,
    id: i64,
    status_on: Option<NaiveDate>,
    lang: Lang,
) -> Result<MeetingPapersData, PapersError> {
    let meeting = planning.meeting(caller, id).await?;
    let agenda = planning.meeting_agenda(caller, id).await?;
    let conclusions = planning.conclusions(caller, id).await?;
    let directives = planning.directives(caller, id).await?;
    let today = planning.today();
    let status_on = match status_on {
        Some(d) if d < meeting.held_on => {
            return Err(PapersError::StatusBeforeMeeting {
                held_on: meeting.held_on,
            });
        }
        Some(d) => d,
        None => {
            let next = planning
                .meetings(caller, Some(&meeting.province_code))
                .await?
                .into_iter()
                .map(|m| m.held_on)
                .filter(|d| *d > meeting.held_on)
                .min()
                .or_else(|| agenda.upcoming.first().copied());
            next.unwrap_or(today).min(today).max(meeting.held_on)
        }
    };
    let mut tasks = Vec::new();
    for d in &directives {
        tasks.extend(
            planning
                .tasks(
                    caller,
                    &TaskQuery {
                        province: Some(meeting.province_code.clone()),
                        as_of: Some(status_on),
                        directive: Some(d.id),
                        ..TaskQuery::default()
                    },
                )
                .await?,
        );
    }
    let report = planning
        .progress_document(
            caller,
            &DocumentQuery {
                as_of: meeting.held_on.min(today),
                compare: None,
                as_known_on: meeting.report_known_at,
                province: Some(meeting.province_code.clone()),
                lang: lang.language(),
                with_forecast: false,
                target: None,
            },
        )
        .await?;
    Ok(MeetingPapersData {
        meeting,
        agenda,
        conclusions,
        directives,
        tasks,
        status_on,
        report,
    })
}

/// The file name a paper is saved under: `bien-ban-hop-7-2025-11-25.docx`.
pub fn file_name(paper: Paper, meeting: &Meeting, extension: &str) -> String {
    let stem = match paper {
        Paper::Minutes => "bien-ban-hop",
        Paper::Notice => "thong-bao-ket-luan",
    };
    format!("{stem}-{}-{}.{extension}", meeting.id, meeting.held_on)
}

fn province_name(data: &MeetingPapersData) -> String {
    data.report
        .province_name
        .clone()
        .unwrap_or_else(|| data.meeting.province_code.clone())
}

fn title_block(data: &MeetingPapersData, paper: Paper, w: &Words) -> TitleBlock {
    let m = &data.meeting;
    let province = province_name(data);
    let (number, kind, subject) = match paper {
        Paper::Minutes => (
            w.t("paper-minutes-number"),
            w.t("paper-minutes-kind"),
            w.t_args("paper-minutes-subject", &[("title", m.title.clone())]),
        ),
        Paper::Notice => (
            w.t("paper-notice-number"),
            w.t("paper-notice-kind"),
            w.t_args(
                "paper-notice-subject",
                &[("chair", m.chair.clone()), ("title", m.title.clone())],
            ),
        ),
    };
    TitleBlock {
        parent_body: String::new(),
        issuer: w.t_args("paper-issuer", &[("province", province.to_uppercase())]),
        nation: w.t("report-nation"),
        motto: w.t("report-motto"),
        number,
        place_date: w.place_date(province, m.held_on),
        kind,
        subject,
        basis: w.t_args("paper-basis", &[("date", w.date(m.held_on))]),
    }
}

fn general_section(data: &MeetingPapersData, w: &Words) -> Section {
    let m = &data.meeting;
    let mut s = section("general", w.t("paper-section-general"));
    let time = if m.starts_at.is_empty() {
        w.date(m.held_on)
    } else {
        format!("{}, {}", m.starts_at, w.date(m.held_on))
    };
    s.paragraphs.push(w.t_args("paper-time", &[("time", time)]));
    if !m.venue.is_empty() {
        s.paragraphs
            .push(w.t_args("paper-venue", &[("venue", m.venue.clone())]));
    }
    s.paragraphs.push(w.t_args(
        "paper-kind",
        &[("kind", w.t(&format!("meeting-kind-{}", m.kind.as_str())))],
    ));
    if !m.chair.is_empty() {
        s.paragraphs
            .push(w.t_args("paper-chair", &[("chair", m.chair.clone())]));
    }
    if m.connected_units > 0 {
        s.paragraphs.push(w.t_args(
            "paper-connected",
            &[("count", w.locale.integer(m.connected_units))],
        ));
    }
    s
}

fn participants_section(data: &MeetingPapersData, w: &Words) -> Section {
    let people = &data.agenda.participants;
    let came = people.iter().filter(|p| p.attended == Some(true)).count();
    let mut s = section("participants", w.t("paper-section-participants"));
    s.paragraphs.push(if people.is_empty() {
        w.t("paper-no-participants")
    } else {
        w.t_args(
            "paper-attendance",
            &[
                ("came", came.to_string()),
                ("invited", people.len().to_string()),
            ],
        )
    });
    if !people.is_empty() {
        s.tables.push(Table {
            key: w.t("paper-sheet-participants"),
            title: w.t("paper-table-participants"),
            columns: vec![
                col(w.t("paper-col-number"), 2),
                col(w.t("paper-col-organisation"), 14),
                col(w.t("paper-col-attended"), 4),
            ],
            rows: people
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    vec![
                        Cell::Integer(i as i64 + 1),
                        Cell::text(p.organisation.clone()),
                        Cell::text(match p.attended {
                            Some(true) => w.t("paper-attended-yes"),
                            Some(false) => w.t("paper-attended-no"),
                            None => w.t("paper-attended-unknown"),
                        }),
                    ]
                })
                .collect(),
        });
    }
    s
}

fn agenda_section(data: &MeetingPapersData, w: &Words) -> Option<Section> {
    let items = &data.agenda.items;
    if items.is_empty() && data.agenda.minutes.trim().is_empty() {
        return None;
    }
    let mut s = section("agenda", w.t("paper-section-agenda"));
    for i in items {
        let presenter = if i.presenter.is_empty() {
            String::new()
        } else {
            format!(" ({})", i.presenter)
        };
        let outcome = if i.outcome.is_empty() {
            String::new()
        } else {
            format!(": {}", i.outcome)
        };
        s.paragraphs
            .push(format!("{}. {}{presenter}{outcome}", i.position, i.title));
    }
    s.paragraphs.extend(
        data.agenda
            .minutes
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
    );
    Some(s)
}

fn report_section(data: &MeetingPapersData, w: &Words) -> Section {
    let mut s = section("report", w.t("paper-section-report"));
    let as_of = w.date(data.report.report.as_of);
    s.paragraphs.push(match data.meeting.report_known_at {
        Some(at) => w.t_args(
            "paper-report-frozen",
            &[
                ("as_of", as_of),
                (
                    "known_at",
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                ),
            ],
        ),
        None => w.t_args("paper-report-current", &[("as_of", as_of)]),
    });
    // The progress report's own counts by stage, as that report words them.
    let progress = progress_document(&data.report, w.lang);
    if let Some(stages) = progress.sections.into_iter().find(|x| x.key == "stages") {
        s.paragraphs.extend(stages.paragraphs);
        s.tables.extend(stages.tables);
    }
    s
}

fn conclusions_section(data: &MeetingPapersData, w: &Words) -> Section {
    let mut s = section("conclusions", w.t("paper-section-conclusions"));
    if data.conclusions.is_empty() {
        s.paragraphs.push(w.t("paper-no-conclusions"));
    }
    for c in &data.conclusions {
        let mut line = format!("{}. {}", c.position, c.text);
        if let Some(on) = c.amended_on {
            line.push_str(&w.t_args("paper-amended", &[("date", w.date(on))]));
        }
        s.paragraphs.push(line);
    }
    s
}

/// The assignees of a directive, as its tasks name them.
fn assignees(data: &MeetingPapersData, d: &Directive) -> String {
    let names: Vec<&str> = data
        .tasks
        .iter()
        .filter(|t| t.directive == d.id)
        .map(|t| t.assignee.as_str())
        .collect();
    names.join("; ")
}

fn directives_section(data: &MeetingPapersData, w: &Words) -> Section {
    let mut s = section("directives", w.t("paper-section-directives"));
    if data.directives.is_empty() {
        s.paragraphs.push(w.t("paper-no-directives"));
        return s;
    }
    for (i, d) in data.directives.iter().enumerate() {
        s.paragraphs.push(w.t_args(
            "paper-directive-line",
            &[
                ("number", (i + 1).to_string()),
                ("text", d.text.clone()),
                ("assignees", assignees(data, d)),
                ("due", w.date(d.due_on)),
            ],
        ));
    }
    s
}

fn status_section(data: &MeetingPapersData, w: &Words) -> Section {
    let mut s = section(
        "status",
        w.t_args("paper-section-status", &[("date", w.date(data.status_on))]),
    );
    let count = |status: &str| {
        data.tasks
            .iter()
            .filter(|t| t.status.as_str() == status)
            .count()
            .to_string()
    };
    s.paragraphs.push(w.t_args(
        "paper-status-summary",
        &[
            ("total", data.tasks.len().to_string()),
            ("done", count("done")),
            ("open", count("open")),
            ("late", count("late")),
        ],
    ));
    if !data.tasks.is_empty() {
        s.tables.push(Table {
            key: w.t("paper-sheet-status"),
            title: w.t("paper-table-status"),
            columns: vec![
                col(w.t("paper-col-directive"), 10),
                col(w.t("paper-col-assignee"), 8),
                col(w.t("paper-col-due"), 4),
                col(w.t("paper-col-status"), 5),
                col(w.t("paper-col-resolved"), 4),
            ],
            rows: data
                .tasks
                .iter()
                .map(|t| {
                    vec![
                        Cell::text(t.directive_text.clone()),
                        Cell::text(t.assignee.clone()),
                        Cell::Date(t.due_on),
                        Cell::text(w.t(&format!("task-status-{}", t.status.as_str()))),
                        Cell::date(t.resolved_on),
                    ]
                })
                .collect(),
        });
    }
    s
}

/// The paper as the report model: the title block, then the parts chosen.
pub fn meeting_paper(
    data: &MeetingPapersData,
    paper: Paper,
    chosen: PaperSections,
    lang: Lang,
) -> Report {
    let w = Words::new(lang);
    let mut sections = vec![general_section(data, &w)];
    if chosen.participants {
        sections.push(participants_section(data, &w));
    }
    if paper == Paper::Minutes {
        sections.extend(agenda_section(data, &w));
    }
    if chosen.report {
        sections.push(report_section(data, &w));
    }
    sections.push(conclusions_section(data, &w));
    sections.push(directives_section(data, &w));
    if chosen.status {
        sections.push(status_section(data, &w));
    }
    let (preamble, file_title) = match paper {
        Paper::Minutes => (
            w.t_args(
                "paper-minutes-preamble",
                &[("title", data.meeting.title.clone())],
            ),
            w.t_args(
                "paper-minutes-file-title",
                &[("date", w.date(data.meeting.held_on))],
            ),
        ),
        Paper::Notice => (
            w.t_args(
                "paper-notice-preamble",
                &[
                    ("chair", data.meeting.chair.clone()),
                    ("title", data.meeting.title.clone()),
                ],
            ),
            w.t_args(
                "paper-notice-file-title",
                &[("date", w.date(data.meeting.held_on))],
            ),
        ),
    };
    Report {
        locale: w.locale,
        title: title_block(data, paper, &w),
        preamble: vec![preamble],
        sections,
        closing: vec![w.t("paper-closing-source")],
        csv_table: w.t("paper-sheet-participants"),
        file_title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_named_or_all_or_none() {
        assert_eq!(PaperSections::parse("all"), Ok(PaperSections::ALL));
        assert_eq!(PaperSections::parse("none"), Ok(PaperSections::default()));
        assert_eq!(
            PaperSections::parse("participants, status"),
            Ok(PaperSections {
                participants: true,
                report: false,
                status: true
            })
        );
        assert_eq!(
            PaperSections::parse("report,attendees"),
            Err("attendees".to_owned())
        );
    }
}
