//! The communes table (CSV).

use plantrack_domain::unit::{AdminUnit, FormerUnit, UnitKind};

use super::fields::{Cx, FieldNames, Problem, Seen, is_code, label, problem, validate};
use super::json::{check_former, former_unit};
use super::text_position::line_of_record;
use super::{ImportedUnit, UnitsFileKind, UnitsImport};
use crate::GisError;

pub(super) fn looks_like_commune_table(text: &str) -> bool {
    text.lines().next().is_some_and(|header| {
        header
            .split(',')
            .any(|h| h.trim().trim_matches('"') == "new_code")
    })
}

const TABLE_FIELDS: FieldNames = FieldNames {
    code: "new_code",
    parent: "province_code",
    name: "new_name",
    area: "area_km2",
};

/// The province of a 2025 commune-level code, for tables without a `province_code` column: the
/// runs of codes each province has in the national unit list (`vn_units_2025.json`, 3,321 units);
/// a test checks the table against that file. Codes between runs have no province.
#[rustfmt::skip]
const PROVINCE_OF_CODE: &[(&str, &str, &str)] = &[
    ("00004", "00685", "01"), ("00691", "01261", "08"), ("01273", "01822", "04"),
    ("01840", "02191", "19"), ("02212", "02623", "08"), ("02647", "03121", "15"),
    ("03127", "03385", "11"), ("03388", "03640", "12"), ("03646", "04246", "14"),
    ("04252", "04750", "15"), ("04792", "04924", "25"), ("04930", "04930", "01"),
    ("04960", "05425", "25"), ("05443", "05953", "19"), ("05977", "06637", "20"),
    ("06652", "07192", "22"), ("07210", "07870", "24"), ("07894", "08971", "25"),
    ("08974", "09022", "01"), ("09025", "09154", "25"), ("09169", "09529", "24"),
    ("09552", "10489", "01"), ("10507", "11948", "31"), ("11953", "13279", "33"),
    ("13285", "14746", "37"), ("14758", "16654", "38"), ("16681", "18040", "40"),
    ("18073", "18844", "42"), ("18859", "19742", "44"), ("19753", "20182", "46"),
    ("20194", "21004", "48"), ("21025", "21548", "51"), ("21553", "22006", "52"),
    ("22015", "22319", "66"), ("22333", "22909", "56"), ("22918", "23272", "68"),
    ("23284", "23548", "51"), ("23563", "24112", "52"), ("24121", "24607", "66"),
    ("24611", "25180", "68"), ("25195", "25450", "75"), ("25459", "25732", "80"),
    ("25747", "25987", "79"), ("25993", "26503", "75"), ("26506", "27676", "79"),
    ("27694", "28243", "80"), ("28249", "28747", "82"), ("28756", "29857", "86"),
    ("29869", "30259", "82"), ("30292", "31108", "91"), ("31120", "31810", "92"),
    ("31825", "32248", "96"),
];

/// The province a 2025 commune-level code belongs to, from [`PROVINCE_OF_CODE`].
pub(super) fn province_of(code: &str) -> Option<&'static str> {
    if !is_code(code, 5) {
        return None;
    }
    PROVINCE_OF_CODE
        .iter()
        .find(|(first, last, _)| *first <= code && code <= *last)
        .map(|&(_, _, province)| province)
}

pub(super) fn read_commune_table(
    cx: &Cx<'_>,
    text: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<UnitsImport, GisError> {
    let csv_error = |e: csv::Error| {
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                pos: Some(pos),
                expected_len,
                len,
            } => format!(
                "line {}: the row has {len} fields, the header has {expected_len}",
                line_of_record(text, pos.byte())
            ),
            _ => e.to_string(),
        };
        cx.parse(format!("not valid CSV: {message}"))
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let required = |name: &'static str| {
        column(name)
            .ok_or_else(|| cx.field("header (line 1)", problem(name, "the column is missing")))
    };
    let cols = TableColumns {
        code: required("new_code")?,
        name: required("new_name")?,
        name_en: required("new_name_en")?,
        full_name: required("new_full_name")?,
        unit_type: required("unit_type")?,
        area: required("area_km2")?,
        old_codes: required("old_codes")?,
        old_names: required("old_names")?,
        merge_types: required("merge_types")?,
        n_old: column("n_old_units"),
        province: column("province_code"),
    };
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_error)?;
    let total = records.len();
    progress(0, total);
    let mut units = Vec::with_capacity(total);
    let mut seen = Seen::default();
    for (i, record) in records.iter().enumerate() {
        let code = record
            .get(cols.code)
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let line = record
            .position()
            .map_or(0, |p| line_of_record(text, p.byte()));
        let name = format!("{} at line {line}", label(i, code));
        let unit = table_unit(record, &cols, &mut seen, &name).map_err(|p| cx.field(&name, p))?;
        units.push(ImportedUnit {
            unit,
            boundary: None,
        });
        progress(i + 1, total);
    }
    Ok(UnitsImport {
        kind: UnitsFileKind::CommuneTable,
        units,
        lineage: Vec::new(),
    })
}

struct TableColumns {
    code: usize,
    name: usize,
    name_en: usize,
    full_name: usize,
    unit_type: usize,
    area: usize,
    old_codes: usize,
    old_names: usize,
    merge_types: usize,
    n_old: Option<usize>,
    province: Option<usize>,
}

fn table_unit(
    record: &csv::StringRecord,
    cols: &TableColumns,
    seen: &mut Seen,
    name: &str,
) -> Result<AdminUnit, Problem> {
    // Every record has as many fields as the header: the reader refuses others.
    let get = |i: usize| record.get(i).unwrap_or_default().trim();
    let code = get(cols.code);
    let unit_type = get(cols.unit_type);
    let kind = UnitKind::from_vietnamese(unit_type).ok_or_else(|| {
        problem(
            "unit_type",
            format!("{unit_type:?} is not one of Xã, Phường, Đặc khu, Tỉnh, Thành phố"),
        )
    })?;
    let parent_code = match (kind, cols.province.map(get)) {
        (UnitKind::Province, _) => None,
        (_, Some(p)) if !p.is_empty() => {
            if !is_code(p, 2) {
                return Err(problem(
                    "province_code",
                    format!("{p:?} is not a 2-digit province code"),
                ));
            }
            Some(p.to_owned())
        }
        (_, _) if !is_code(code, 5) => None, // validate() reports the code
        (_, _) => Some(
            province_of(code)
                .ok_or_else(|| {
                    problem(
                        "province_code",
                        format!(
                            "is not given, and {code} is not a 2025 commune-level code whose \
                             province is known; add a province_code column"
                        ),
                    )
                })?
                .to_owned(),
        ),
    };
    let area = get(cols.area);
    let area_km2 = if area.is_empty() {
        None
    } else {
        Some(
            area.parse::<f64>()
                .map_err(|_| problem("area_km2", format!("expected a number, found {area:?}")))?,
        )
    };
    let mut unit = AdminUnit {
        code: code.to_owned(),
        parent_code,
        kind,
        name_vi: get(cols.name).to_owned(),
        name_en: get(cols.name_en).to_owned(),
        full_name: get(cols.full_name).to_owned(),
        area_km2,
        lineage: Vec::new(),
    };
    validate(&unit, &TABLE_FIELDS)?;
    if unit.full_name.is_empty() {
        return Err(problem("new_full_name", "must not be empty"));
    }
    unit.lineage = table_lineage(record, cols)?;
    seen.check(code, name, "new_code")?;
    Ok(unit)
}

fn table_lineage(
    record: &csv::StringRecord,
    cols: &TableColumns,
) -> Result<Vec<FormerUnit>, Problem> {
    let split = |i: usize| -> Vec<&str> {
        let s = record.get(i).unwrap_or_default().trim();
        if s.is_empty() {
            Vec::new()
        } else {
            s.split(';').map(str::trim).collect()
        }
    };
    let (codes, names, types) = (
        split(cols.old_codes),
        split(cols.old_names),
        split(cols.merge_types),
    );
    for (field, list) in [("old_names", &names), ("merge_types", &types)] {
        if list.len() != codes.len() {
            return Err(problem(
                field,
                format!(
                    "has {} entries but old_codes has {}",
                    list.len(),
                    codes.len()
                ),
            ));
        }
    }
    if let Some(i) = cols.n_old {
        let n = record.get(i).unwrap_or_default().trim();
        if !n.is_empty() && n.parse::<usize>().ok() != Some(codes.len()) {
            return Err(problem(
                "n_old_units",
                format!("is {n:?} but old_codes has {} entries", codes.len()),
            ));
        }
    }
    let former = codes
        .iter()
        .zip(&names)
        .zip(&types)
        .map(|((code, name), merge_type)| {
            former_unit(code, name, merge_type).map_err(|p| {
                let field = match p.field.as_str() {
                    "old_id" => "old_codes",
                    "name" => "old_names",
                    _ => "merge_types",
                };
                problem(field, p.message)
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_former(&former).map_err(|p| problem("old_codes", p.message))?;
    Ok(former)
}
