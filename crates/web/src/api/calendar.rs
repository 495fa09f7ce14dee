//! The working-day calendar and the decisions, each of a province: the law's holidays and the
//! national overrides apply everywhere, a province's overrides and decisions in it alone.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use plantrack_domain::calendar::{DayOverride, DayOverrideKind, WorkingCalendar, holidays};
use plantrack_store::decisions::Decision;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_calendar))
        .routes(routes!(put_override, delete_override))
        .routes(routes!(list_decisions, create_decision))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HolidayView {
    pub date: NaiveDate,
    pub key: String,
    pub name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CalendarYear {
    pub year: i32,
    /// The province whose calendar this is; none for the national calendar (the law's
    /// holidays and the Government's arrangements), which an anonymous reader gets.
    pub province: Option<String>,
    /// Public holidays, lunar ones computed, with compensatory days.
    pub holidays: Vec<HolidayView>,
    /// The overrides in that year: the national ones and the province's own (which win on
    /// the same day).
    pub overrides: Vec<DayOverride>,
    /// Working days in the year after all of the above.
    pub working_days: u32,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year; the current one when absent.
    #[param(minimum = 1950, maximum = 2100)]
    pub year: Option<i32>,
    /// The province (its code); the account's own by default, the national calendar for an
    /// anonymous reader.
    pub province: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProvinceQuery {
    /// The province (its code); the account's own by default.
    pub province: Option<String>,
}

/// A year's holidays named in the reader's language (`holiday-<key>`; Tết's five days share
/// a key and are told apart by their order: 0 is the last day of the lunar year). A key with
/// no message keeps the calendar's own name. Public for the command line's calendar.
pub fn holiday_views(list: &[holidays::Holiday], lang: Lang) -> Vec<HolidayView> {
    let mut tet_day = 0;
    list.iter()
        .map(|h| {
            let key = format!("holiday-{}", h.key);
            let name = if h.key == "tet" {
                tet_day += 1;
                lang.t_args(&key, &[("day", (tet_day - 1).into())])
            } else {
                lang.try_t(&key).unwrap_or_else(|| match lang {
                    Lang::Vi => h.name_vi.to_owned(),
                    Lang::En | Lang::Id => h.name_en.to_owned(),
                })
            };
            HolidayView {
                date: h.date,
                key: h.key.to_owned(),
                name,
            }
        })
        .collect()
}

/// A province's year: holidays, overrides and number of working days, by which its dossiers'
/// deadlines are counted. A province's calendar is read by its accounts and the administrator.
#[utoipa::path(get, path = "/calendar", tag = "calendar", params(YearQuery), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = CalendarYear), (status = 400, body = crate::error::Problem),
        (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 422, description = "Not the code of a province", body = crate::error::Problem)))]
async fn get_calendar(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<YearQuery>,
) -> Result<axum::Json<CalendarYear>, Localized> {
    let year = q.year.unwrap_or_else(|| state.planning.today().year());
    if !(1950..=2100).contains(&year) {
        return Err(ApiError::bad_request("year", "must be between 1950 and 2100").in_lang(lang));
    }
    let (province, calendar) = state
        .planning
        .calendar_for(auth.caller(), q.province.as_deref())
        .await
        .map_err(fail(lang))?;
    let holidays = holiday_views(&holidays::public_holidays(year), lang);
    let overrides = calendar
        .overrides()
        .filter(|o| o.date.year() == year)
        .cloned()
        .collect();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let working_days = first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| calendar.is_working_day(*d))
        .count() as u32;
    Ok(axum::Json(CalendarYear {
        year,
        province,
        holidays,
        overrides,
        working_days,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OverrideBody {
    pub kind: DayOverrideKind,
    pub note: String,
}

/// Mark a day as an extra day off or a make-up working day in a province (the account's own
/// by default): its leadership's, or the administrator's. Only that province's deadlines move.
#[utoipa::path(put, path = "/calendar/overrides/{date}", tag = "calendar",
    params(("date" = NaiveDate, Path), ProvinceQuery), security(("bearer" = []), ("session" = [])),
    request_body = OverrideBody, responses((status = 204, description = "Set"), (status = 400, body = crate::error::Problem),
        (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 422, description = "Not the code of a province, or a day out of range", body = crate::error::Problem)))]
async fn put_override(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(date): PathParam<NaiveDate>,
    Params(q): Params<ProvinceQuery>,
    Body(body): Body<OverrideBody>,
) -> Result<StatusCode, Localized> {
    let o = DayOverride {
        date,
        kind: body.kind,
        note: body.note.trim().to_owned(),
    };
    state
        .planning
        .set_calendar_override(auth.caller(), q.province.as_deref(), &o)
        .await
        .map_err(fail(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a day's override in a province (the account's own by default).
#[utoipa::path(delete, path = "/calendar/overrides/{date}", tag = "calendar",
    params(("date" = NaiveDate, Path), ProvinceQuery), security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Removed"), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, description = "No override on that day", body = crate::error::Problem),
        (status = 422, description = "Not the code of a province, or a day out of range", body = crate::error::Problem)))]
async fn delete_override(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(date): PathParam<NaiveDate>,
    Params(q): Params<ProvinceQuery>,
) -> Result<StatusCode, Localized> {
    if state
        .planning
        .delete_calendar_override(auth.caller(), q.province.as_deref(), date)
        .await
        .map_err(fail(lang))?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound.in_lang(lang))
    }
}

/// A province's decisions (funding allocations, directives; the account's own province by
/// default), with those recorded before decisions had a province.
#[utoipa::path(get, path = "/decisions", tag = "decisions", params(ProvinceQuery), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Decision>), (status = 400, body = crate::error::Problem),
        (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 422, description = "Not the code of a province", body = crate::error::Problem)))]
async fn list_decisions(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ProvinceQuery>,
) -> Result<axum::Json<Vec<Decision>>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .decisions(auth.caller(), q.province.as_deref())
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewDecision {
    /// As written on the decision, e.g. "2785/QĐ-UBND".
    pub number: String,
    pub issued_on: NaiveDate,
    pub issuer: String,
    pub title: String,
}

/// Record a decision of the leadership's own province.
#[utoipa::path(post, path = "/decisions", tag = "decisions", request_body = NewDecision, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Decision), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 409, description = "The number is already recorded", body = crate::error::Problem),
        (status = 422, description = "A field is empty or too long, or the day is out of range", body = crate::error::Problem)))]
async fn create_decision(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(d): Body<NewDecision>,
) -> Result<(StatusCode, axum::Json<Decision>), Localized> {
    let decision = state
        .planning
        .record_decision(
            auth.caller(),
            None,
            &d.number,
            d.issued_on,
            &d.issuer,
            &d.title,
        )
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(decision)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holidays_are_named_as_the_calendar_names_them() {
        for year in [2024, 2025, 2026] {
            let list = holidays::public_holidays(year);
            for (lang, name) in [
                (Lang::Vi, (|h: &holidays::Holiday| h.name_vi) as fn(&_) -> _),
                (Lang::En, |h| h.name_en),
            ] {
                let views = holiday_views(&list, lang);
                for (h, v) in list.iter().zip(&views) {
                    assert_eq!(v.name, name(h), "{year} {lang:?}");
                }
            }
            for v in holiday_views(&list, Lang::Id) {
                assert!(
                    !v.name.is_empty() && !v.name.contains("holiday-"),
                    "{}",
                    v.name
                );
            }
        }
    }
}
