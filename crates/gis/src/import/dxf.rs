//! CAD drawings (ASCII DXF) as land-use zones or constraints. Consultants draw zones as closed
//! polylines or hatches on layers named by their own conventions; a [`CadLayerMap`] says which
//! category each layer draws (without one, a layer's name is its category, as GDAL writes
//! them). The drawing is read line by line, one entity at a time.
//!
//! Read: `LWPOLYLINE` and `POLYLINE` (closed, with arcs from bulges), and `HATCH` boundaries
//! (polyline paths, and line and arc edges), whose loops become polygons with holes by
//! nesting. Other entities (text, dimensions, open lines, block references) are skipped. A
//! DXF carries no coordinate system: it must be given (VN-2000 TM-3 for most Vietnamese
//! plans). Layer names are decoded as UTF-8 from AutoCAD 2007 on, else by `$DWGCODEPAGE`
//! (ANSI_1258) or the encoding option.
//!
//! [`CadLayerMap`]: super::CadLayerMap

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::io::BufRead;
use std::path::Path;

use geo::{Area, Contains, LineString, Point, Polygon, Winding};
use geojson::{Geometry, GeometryValue, JsonObject};

use super::{
    ImportOptions, ImportWarning, Imported, Progress, Sink, TextEncoding, ToWgs84, io_error,
    open_counted,
};
use crate::error::GisError;

/// The largest angle one straight segment may stand for when an arc is made into segments.
const ARC_STEP: f64 = PI / 36.0;

/// Reads the DXF drawing at `path`; progress is in bytes. Closed shapes on layers the layer
/// map does not name come back as a warning.
pub fn read_path(
    path: &Path,
    options: &ImportOptions,
    progress: Progress<'_>,
    sink: Sink<'_>,
) -> Result<Imported<usize>, GisError> {
    let file = path.display().to_string();
    let counted = open_counted(path, &file)?;
    let (read_so_far, total) = (counted.read, counted.total);
    let mut report = || progress(read_so_far.get(), total);
    let (read, skipped) = read(&file, counted.reader, options, &mut report, sink)?;
    progress(total, total);
    let mut imported = Imported::clean(read);
    if !skipped.is_empty() {
        imported.warnings.push(ImportWarning::SkippedLayers {
            file,
            layers: skipped,
        });
    }
    Ok(imported)
}

/// Reads a DXF drawing from any reader. Returns the features read and, per layer the map
/// does not name, how many closed shapes were skipped.
pub fn read<R: BufRead>(
    file: &str,
    reader: R,
    options: &ImportOptions,
    progress: &mut dyn FnMut(),
    sink: Sink<'_>,
) -> Result<(usize, BTreeMap<String, usize>), GisError> {
    let source = options.crs.ok_or_else(|| GisError::Parse {
        file: file.to_owned(),
        message: "a DXF drawing has no coordinate system: give it with --crs (for example tm3:103 for Lai Châu's VN-2000 TM-3)".into(),
    })?;
    let mut pairs = Pairs {
        file,
        reader,
        line: 0,
        buffer: Vec::new(),
        peeked: None,
    };
    let mut reading = Reading {
        file,
        options,
        to_wgs84: ToWgs84::new(source)?,
        encoding: options.encoding,
        read: 0,
        skipped: BTreeMap::new(),
        sink,
    };
    let mut section = String::new();
    let mut polyline: Option<Entity> = None;
    while let Some((code, value)) = pairs.next()? {
        if code != 0 {
            if code == 2 && section == "SECTION" {
                section = text(&value);
            } else if code == 9 && section == "HEADER" {
                reading.header_variable(&text(&value), &mut pairs)?;
            }
            continue;
        }
        let kind = text(&value);
        match kind.as_str() {
            "SECTION" => section = "SECTION".into(),
            "ENDSEC" => section.clear(),
            "EOF" => break,
            _ if section != "ENTITIES" => {}
            "LWPOLYLINE" => {
                let entity = Entity::read(&mut pairs, "LWPOLYLINE")?;
                reading.polyline(&entity, entity.vertices())?;
            }
            "POLYLINE" => {
                // The header's own 10/20 is an elevation point, not a vertex.
                let mut header = Entity::read(&mut pairs, "POLYLINE")?;
                header
                    .pairs
                    .retain(|(c, _)| !matches!(c, 10 | 20 | 30 | 42));
                polyline = Some(header);
            }
            "VERTEX" => {
                let vertex = Entity::read(&mut pairs, "VERTEX")?;
                if let Some(p) = polyline.as_mut() {
                    p.pairs.extend(
                        vertex
                            .pairs
                            .into_iter()
                            .filter(|(c, _)| matches!(c, 10 | 20 | 42)),
                    );
                }
            }
            "SEQEND" => {
                Entity::read(&mut pairs, "SEQEND")?;
                if let Some(p) = polyline.take() {
                    reading.polyline(&p, p.vertices())?;
                }
            }
            "HATCH" => {
                let entity = Entity::read(&mut pairs, "HATCH")?;
                reading.hatch(&entity)?;
            }
            other => {
                Entity::read(&mut pairs, other)?;
            }
        }
        progress();
    }
    Ok((reading.read, reading.skipped))
}

fn text(value: &[u8]) -> String {
    String::from_utf8_lossy(value).trim().to_owned()
}

/// DXF's group-code/value pairs, two lines each.
struct Pairs<'f, R> {
    file: &'f str,
    reader: R,
    line: usize,
    buffer: Vec<u8>,
    peeked: Option<(i32, Vec<u8>)>,
}

impl<R: BufRead> Pairs<'_, R> {
    fn read_line(&mut self) -> Result<Option<Vec<u8>>, GisError> {
        self.buffer.clear();
        let n = self
            .reader
            .read_until(b'\n', &mut self.buffer)
            .map_err(|e| io_error(self.file, e))?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(Some(self.buffer.clone()))
    }

    fn next(&mut self) -> Result<Option<(i32, Vec<u8>)>, GisError> {
        if let Some(p) = self.peeked.take() {
            return Ok(Some(p));
        }
        let Some(code_line) = self.read_line()? else {
            return Ok(None);
        };
        if self.line == 1 && code_line.starts_with(b"AutoCAD Binary DXF") {
            return Err(self.error("a binary DXF: save the drawing as ASCII DXF"));
        }
        let code = std::str::from_utf8(&code_line)
            .ok()
            .and_then(|s| s.trim().parse::<i32>().ok())
            .ok_or_else(|| {
                self.error(&format!(
                    "expected a group code, found {:?}",
                    String::from_utf8_lossy(&code_line)
                ))
            })?;
        let value = self
            .read_line()?
            .ok_or_else(|| self.error(&format!("the file ends after group code {code}")))?;
        Ok(Some((code, value)))
    }

    fn error(&self, message: &str) -> GisError {
        GisError::Parse {
            file: self.file.to_owned(),
            message: format!("line {}: {message}", self.line),
        }
    }
}

/// One entity's pairs, up to the next entity.
struct Entity {
    kind: String,
    pairs: Vec<(i32, Vec<u8>)>,
    /// The line the entity starts on, for errors.
    line: usize,
}

impl Entity {
    fn read<R: BufRead>(pairs: &mut Pairs<'_, R>, kind: &str) -> Result<Entity, GisError> {
        let line = pairs.line;
        let mut out = Vec::new();
        while let Some((code, value)) = pairs.next()? {
            if code == 0 {
                pairs.peeked = Some((code, value));
                break;
            }
            out.push((code, value));
        }
        Ok(Entity {
            kind: kind.to_owned(),
            pairs: out,
            line,
        })
    }

    fn first(&self, code: i32) -> Option<&[u8]> {
        self.pairs
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, v)| v.as_slice())
    }

    fn id(&self) -> String {
        self.first(5)
            .map_or_else(|| format!("line {}", self.line), text)
    }

    fn flags(&self) -> i64 {
        self.first(70)
            .and_then(|v| text(v).parse().ok())
            .unwrap_or(0)
    }

    /// The (x, y, bulge) vertices of a polyline, in order.
    fn vertices(&self) -> Result<Vec<(f64, f64, f64)>, String> {
        let mut out: Vec<(f64, f64, f64)> = Vec::new();
        let mut pending_x = None;
        for (code, value) in &self.pairs {
            match code {
                10 => pending_x = Some(number(value)?),
                20 => {
                    let x = pending_x.take().ok_or("a y coordinate without its x")?;
                    out.push((x, number(value)?, 0.0));
                }
                42 => {
                    if let Some(last) = out.last_mut() {
                        last.2 = number(value)?;
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }
}

fn number(value: &[u8]) -> Result<f64, String> {
    let t = text(value);
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("{t:?} is not a number"))
}

struct Reading<'a, 's> {
    file: &'a str,
    options: &'a ImportOptions,
    to_wgs84: ToWgs84,
    encoding: Option<TextEncoding>,
    read: usize,
    skipped: BTreeMap<String, usize>,
    sink: Sink<'s>,
}

impl Reading<'_, '_> {
    fn header_variable<R: BufRead>(
        &mut self,
        name: &str,
        pairs: &mut Pairs<'_, R>,
    ) -> Result<(), GisError> {
        let Some((_, value)) = pairs.next()? else {
            return Ok(());
        };
        let value = text(&value).to_ascii_uppercase();
        if self.options.encoding.is_some() {
            return Ok(());
        }
        match name {
            // AutoCAD 2007 (AC1021) and later write UTF-8.
            "$ACADVER" if value.as_str() >= "AC1021" => self.encoding = Some(TextEncoding::Utf8),
            "$DWGCODEPAGE" if self.encoding.is_none() => {
                self.encoding = match value.as_str() {
                    "ANSI_1258" => Some(TextEncoding::Cp1258),
                    _ => None,
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn field(&self, entity: &Entity, field: &str, message: String) -> GisError {
        GisError::Field {
            file: self.file.to_owned(),
            feature: entity.id(),
            field: field.to_owned(),
            message,
        }
    }

    /// The entity's layer and the category it draws, or `None` when the map skips it.
    fn category(&mut self, entity: &Entity) -> Result<Option<(String, String)>, GisError> {
        let raw = entity.first(8).unwrap_or(b"0");
        let layer = unescape(
            &self
                .encoding
                .unwrap_or(TextEncoding::Utf8)
                .decode(raw)
                .map_err(|m| self.field(entity, "layer", m))?,
        );
        let layer = layer.trim().to_owned();
        match &self.options.cad_layers {
            None => Ok(Some((layer.clone(), layer))),
            Some(map) => {
                if let Some(category) = map.category(&layer) {
                    Ok(Some((layer, category.to_owned())))
                } else {
                    *self.skipped.entry(layer).or_default() += 1;
                    Ok(None)
                }
            }
        }
    }

    fn polyline(
        &mut self,
        entity: &Entity,
        vertices: Result<Vec<(f64, f64, f64)>, String>,
    ) -> Result<(), GisError> {
        let vertices = vertices.map_err(|m| self.field(entity, "vertices", m))?;
        let closed_by_flag = entity.flags() & 1 == 1;
        let closed_by_points = vertices.len() > 2
            && vertices.first().map(|v| (v.0, v.1)) == vertices.last().map(|v| (v.0, v.1));
        if !(closed_by_flag || closed_by_points) {
            return Ok(());
        }
        let Some((layer, category)) = self.category(entity)? else {
            return Ok(());
        };
        let ring = ring_with_arcs(&vertices);
        if ring.len() < 4 {
            return Err(self.field(
                entity,
                "geometry",
                format!("a closed polyline of {} vertices", vertices.len()),
            ));
        }
        self.emit(entity, layer, category, vec![vec![ring]])
    }

    fn hatch(&mut self, entity: &Entity) -> Result<(), GisError> {
        let loops = hatch_loops(entity).map_err(|m| self.field(entity, "boundary", m))?;
        if loops.is_empty() {
            return Ok(());
        }
        let Some((layer, category)) = self.category(entity)? else {
            return Ok(());
        };
        self.emit(entity, layer, category, nest(loops))
    }

    fn emit(
        &mut self,
        entity: &Entity,
        layer: String,
        category: String,
        polygons: Vec<Vec<Vec<(f64, f64)>>>,
    ) -> Result<(), GisError> {
        let mut out = Vec::with_capacity(polygons.len());
        for rings in polygons {
            let mut p = Vec::with_capacity(rings.len());
            for ring in rings {
                let line = ring
                    .iter()
                    .map(|&(x, y)| self.to_wgs84.position(x, y))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| self.field(entity, "geometry", e.to_string()))?;
                p.push(line);
            }
            out.push(p);
        }
        let geometry = if out.len() == 1 {
            GeometryValue::new_polygon(out.remove(0))
        } else {
            GeometryValue::new_multi_polygon(out)
        };
        let mut properties = JsonObject::new();
        properties.insert("category".into(), category.into());
        properties.insert("layer".into(), layer.into());
        properties.insert("entity".into(), entity.kind.clone().into());
        self.read += 1;
        (self.sink)(super::feature(
            entity.id(),
            properties,
            Some(Geometry::new(geometry)),
        ))
    }
}

/// AutoCAD's `\U+XXXX` escapes in names, as characters.
fn unescape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find("\\U+") {
        out.push_str(&rest[..at]);
        let hex = rest.get(at + 3..at + 7);
        if let Some(c) = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
        {
            out.push(c);
            rest = &rest[at + 7..];
        } else {
            out.push_str("\\U+");
            rest = &rest[at + 3..];
        }
    }
    out.push_str(rest);
    out
}

/// A closed ring from polyline vertices, each arc (a vertex's bulge) made into segments.
fn ring_with_arcs(vertices: &[(f64, f64, f64)]) -> Vec<(f64, f64)> {
    let mut ring = Vec::with_capacity(vertices.len() + 1);
    for (i, &(x, y, bulge)) in vertices.iter().enumerate() {
        ring.push((x, y));
        let (nx, ny, _) = vertices[(i + 1) % vertices.len()];
        if bulge != 0.0 && (nx, ny) != (x, y) {
            arc_points(&mut ring, (x, y), (nx, ny), bulge);
        }
    }
    if ring.first() != ring.last()
        && let Some(&first) = ring.first()
    {
        ring.push(first);
    }
    ring
}

/// The points strictly inside the arc from `a` to `b` whose bulge is `bulge` (the tangent of
/// a quarter of its angle; positive counter-clockwise).
fn arc_points(out: &mut Vec<(f64, f64)>, a: (f64, f64), b: (f64, f64), bulge: f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let chord = dx.hypot(dy);
    let sweep = 4.0 * bulge.atan();
    let offset = chord * (1.0 - bulge * bulge) / (4.0 * bulge);
    let centre = (
        f64::midpoint(a.0, b.0) - dy / chord * offset,
        f64::midpoint(a.1, b.1) + dx / chord * offset,
    );
    let radius = chord * (1.0 + bulge * bulge) / (4.0 * bulge.abs());
    let start = (a.1 - centre.1).atan2(a.0 - centre.0);
    push_arc(out, centre, radius, start, sweep);
}

/// Points strictly inside an arc from angle `start` through `sweep` radians.
fn push_arc(out: &mut Vec<(f64, f64)>, centre: (f64, f64), radius: f64, start: f64, sweep: f64) {
    let steps = ((sweep.abs() / ARC_STEP).ceil() as usize).clamp(1, 720);
    for k in 1..steps {
        let angle = start + sweep * k as f64 / steps as f64;
        out.push((
            centre.0 + radius * angle.cos(),
            centre.1 + radius * angle.sin(),
        ));
    }
}

/// The boundary loops of a hatch, each a closed ring.
fn hatch_loops(entity: &Entity) -> Result<Vec<Vec<(f64, f64)>>, String> {
    let pairs = &entity.pairs;
    let Some(start) = pairs.iter().position(|(c, _)| *c == 91) else {
        return Ok(Vec::new());
    };
    let count = number(&pairs[start].1)? as usize;
    let mut at = start + 1;
    let mut loops = Vec::with_capacity(count.min(1024));
    let value = |at: usize, code: i32| -> Result<f64, String> {
        match pairs.get(at) {
            Some((c, v)) if *c == code => number(v),
            Some((c, _)) => Err(format!("expected group code {code}, found {c}")),
            None => Err(format!("the boundary ends before group code {code}")),
        }
    };
    for _ in 0..count {
        let flags = value(at, 92)? as i64;
        at += 1;
        let mut ring: Vec<(f64, f64)> = Vec::new();
        if flags & 2 != 0 {
            let has_bulge = value(at, 72)? != 0.0;
            let vertices = value(at + 2, 93)? as usize;
            at += 3;
            let mut vs = Vec::with_capacity(vertices.min(1 << 20));
            for _ in 0..vertices {
                let (x, y) = (value(at, 10)?, value(at + 1, 20)?);
                at += 2;
                let bulge = if has_bulge && matches!(pairs.get(at), Some((42, _))) {
                    at += 1;
                    value(at - 1, 42)?
                } else {
                    0.0
                };
                vs.push((x, y, bulge));
            }
            ring = ring_with_arcs(&vs);
        } else {
            let edges = value(at, 93)? as usize;
            at += 1;
            for _ in 0..edges {
                match value(at, 72)? as i64 {
                    1 => {
                        let a = (value(at + 1, 10)?, value(at + 2, 20)?);
                        let b = (value(at + 3, 11)?, value(at + 4, 21)?);
                        at += 5;
                        if ring.last() != Some(&a) {
                            ring.push(a);
                        }
                        ring.push(b);
                    }
                    2 => {
                        let centre = (value(at + 1, 10)?, value(at + 2, 20)?);
                        let radius = value(at + 3, 40)?;
                        let (mut from, mut to) = (value(at + 4, 50)?, value(at + 5, 51)?);
                        let ccw = value(at + 6, 73)? != 0.0;
                        at += 7;
                        // Clockwise edges keep their angles mirrored (as ezdxf documents).
                        if !ccw {
                            (from, to) = (360.0 - from, 360.0 - to);
                        }
                        let mut sweep = (to - from).to_radians();
                        if ccw && sweep <= 0.0 {
                            sweep += 2.0 * PI;
                        } else if !ccw && sweep >= 0.0 {
                            sweep -= 2.0 * PI;
                        }
                        let start = from.to_radians();
                        let first = (
                            centre.0 + radius * start.cos(),
                            centre.1 + radius * start.sin(),
                        );
                        ring.push(first);
                        push_arc(&mut ring, centre, radius, start, sweep);
                        let end = start + sweep;
                        ring.push((centre.0 + radius * end.cos(), centre.1 + radius * end.sin()));
                    }
                    other => {
                        return Err(format!(
                            "a hatch edge of type {other} (ellipse or spline): explode the hatch boundary to polylines"
                        ));
                    }
                }
            }
            if ring.first() != ring.last()
                && let Some(&first) = ring.first()
            {
                ring.push(first);
            }
        }
        // Source-boundary references follow each loop: skip them.
        if matches!(pairs.get(at), Some((97, _))) {
            let refs = value(at, 97)? as usize;
            at += 1 + refs;
        }
        if ring.len() >= 4 {
            loops.push(ring);
        }
    }
    Ok(loops)
}

/// Loops as polygons: a loop inside an odd number of others is a hole of the smallest loop
/// around it. Outer rings are made counter-clockwise and holes clockwise, as RFC 7946 asks.
fn nest(loops: Vec<Vec<(f64, f64)>>) -> Vec<Vec<Vec<(f64, f64)>>> {
    // Each loop as a polygon of its own, largest first: a loop's containers come before it.
    let mut loops: Vec<(f64, Polygon<f64>)> = loops
        .into_iter()
        .map(|ring| {
            let polygon = Polygon::new(LineString::from(ring), Vec::new());
            (polygon.unsigned_area(), polygon)
        })
        .collect();
    loops.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut polygons: Vec<Vec<LineString<f64>>> = Vec::new();
    // For each loop taken as an outer ring, its polygon's index.
    let mut polygon_of: Vec<Option<usize>> = Vec::with_capacity(loops.len());
    for i in 0..loops.len() {
        let mut ring = loops[i].1.exterior().clone();
        let probe = Point::from(ring.0[0]);
        let containers: Vec<usize> = (0..i).filter(|&j| loops[j].1.contains(&probe)).collect();
        if containers.len() % 2 == 1 {
            // The innermost container is the last (smallest) of them: an outer ring.
            let parent = containers.iter().rev().find_map(|&j| polygon_of[j]);
            ring.make_cw_winding();
            if let Some(p) = parent {
                polygons[p].push(ring);
            }
            polygon_of.push(None);
        } else {
            ring.make_ccw_winding();
            polygons.push(vec![ring]);
            polygon_of.push(Some(polygons.len() - 1));
        }
    }
    polygons
        .into_iter()
        .map(|rings| {
            rings
                .into_iter()
                .map(|ring| ring.0.into_iter().map(|c| c.x_y()).collect())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;
    use geojson::Feature;

    fn read_str(text: &str, options: &ImportOptions) -> Result<Vec<Feature>, GisError> {
        read_bytes(text.as_bytes(), options)
    }

    fn read_bytes(bytes: &[u8], options: &ImportOptions) -> Result<Vec<Feature>, GisError> {
        let mut out = Vec::new();
        read("t.dxf", bytes, options, &mut || {}, &mut |f| {
            out.push(f);
            Ok(())
        })?;
        Ok(out)
    }

    fn plane() -> ImportOptions {
        ImportOptions {
            crs: Some(Crs::Vn2000Tm3 {
                central_meridian: 103.0,
            }),
            ..ImportOptions::default()
        }
    }

    fn dxf(entities: &str) -> String {
        format!("0\nSECTION\n2\nENTITIES\n{entities}0\nENDSEC\n0\nEOF\n")
    }

    #[test]
    fn closed_polylines_with_a_bulge_become_polygons() {
        // A 100 m square on layer DAT_O, its top edge a half-circle arc (bulge 1).
        let text = dxf("0\nLWPOLYLINE\n5\n2A\n8\nDAT_O\n90\n4\n70\n1\n\
             10\n500000\n20\n2500000\n10\n500100\n20\n2500000\n\
             10\n500100\n20\n2500100\n42\n1\n10\n500000\n20\n2500100\n\
             0\nLWPOLYLINE\n5\n2B\n8\nTEXT\n70\n0\n10\n0\n20\n0\n10\n1\n20\n1\n");
        let features = read_str(&text, &plane()).unwrap();
        assert_eq!(features.len(), 1, "the open polyline is skipped");
        let f = &features[0];
        assert_eq!(super::super::feature_id(f, 0), "2A");
        assert_eq!(f.property("category").unwrap(), "DAT_O");
        let Some(GeometryValue::Polygon { coordinates }) = f.geometry.as_ref().map(|g| &g.value)
        else {
            panic!("a polygon");
        };
        assert!(coordinates[0].len() > 10, "the arc is made into segments");
    }

    #[test]
    fn arcs_have_the_right_area() {
        // A semicircle of radius 1 over the chord (0,0)-(2,0), closed by the chord.
        let ring = ring_with_arcs(&[(0.0, 0.0, 1.0), (2.0, 0.0, 0.0)]);
        let area = Polygon::new(LineString::from(ring.clone()), Vec::new()).signed_area();
        assert!((area.abs() - PI / 2.0).abs() < 0.01, "{area}");
        // Counter-clockwise from (0,0) to (2,0) passes below the chord.
        assert!(ring.iter().any(|p| p.1 < -0.99));
    }

    #[test]
    fn hatch_loops_nest_into_holes() {
        let square = |x0: f64, size: f64| {
            format!(
                "92\n2\n72\n0\n73\n1\n93\n4\n10\n{x0}\n20\n{x0}\n10\n{x1}\n20\n{x0}\n10\n{x1}\n20\n{x1}\n10\n{x0}\n20\n{x1}\n97\n0\n",
                x1 = x0 + size
            )
        };
        let text = dxf(&format!(
            "0\nHATCH\n5\n3C\n8\nforest\n10\n0\n20\n0\n2\nSOLID\n70\n1\n91\n3\n{}{}{}75\n0\n98\n1\n10\n5\n20\n5\n",
            square(500000.0, 100.0),
            square(500020.0, 10.0),
            square(500200.0, 50.0)
        ));
        let features = read_str(&text, &plane()).unwrap();
        let Some(GeometryValue::MultiPolygon { coordinates }) =
            features[0].geometry.as_ref().map(|g| &g.value)
        else {
            panic!("a multipolygon");
        };
        assert_eq!(coordinates.len(), 2);
        assert_eq!(
            coordinates[0].len(),
            2,
            "the big square has the small one as a hole"
        );
    }

    #[test]
    fn layer_maps_choose_and_skip() {
        let text = dxf(
            "0\nLWPOLYLINE\n5\n1\n8\nQH_DAT_O\n70\n1\n10\n500000\n20\n2500000\n10\n500010\n20\n2500000\n10\n500010\n20\n2500010\n\
             0\nLWPOLYLINE\n5\n2\n8\nKHUNG\n70\n1\n10\n500000\n20\n2500000\n10\n500010\n20\n2500000\n10\n500010\n20\n2500010\n",
        );
        let mut options = plane();
        options.cad_layers = Some(
            super::super::CadLayerMap::from_toml("m", "[layers]\nqh_dat_o = \"residential\"\n")
                .unwrap(),
        );
        let mut skipped = BTreeMap::new();
        let mut out = Vec::new();
        let (n, s) = read("t.dxf", text.as_bytes(), &options, &mut || {}, &mut |f| {
            out.push(f);
            Ok(())
        })
        .unwrap();
        skipped.extend(s);
        assert_eq!(n, 1);
        assert_eq!(out[0].property("category").unwrap(), "residential");
        assert_eq!(skipped.get("KHUNG"), Some(&1));
        // Read from a file, the skipped layers come back as a warning, not printed.
        let mut drawing = tempfile::Builder::new().suffix(".dxf").tempfile().unwrap();
        std::io::Write::write_all(&mut drawing, text.as_bytes()).unwrap();
        let read = read_path(drawing.path(), &options, &mut |_, _| {}, &mut |_| Ok(())).unwrap();
        assert_eq!(read.value, 1);
        assert_eq!(
            read.warnings,
            [ImportWarning::SkippedLayers {
                file: drawing.path().display().to_string(),
                layers: BTreeMap::from([("KHUNG".to_owned(), 1)]),
            }]
        );
    }

    #[test]
    fn errors_name_the_line_or_the_entity() {
        let no_crs = read_str(&dxf(""), &ImportOptions::default()).unwrap_err();
        assert!(no_crs.to_string().contains("--crs"), "{no_crs}");
        let bad = dxf("0\nLWPOLYLINE\n5\n9F\n8\nX\n70\n1\n10\nabc\n20\n1\n");
        let err = read_str(&bad, &plane()).unwrap_err().to_string();
        assert!(
            err.contains("feature 9F") && err.contains("not a number"),
            "{err}"
        );
        let cut = "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n8";
        let err = read_str(cut, &plane()).unwrap_err().to_string();
        assert!(
            err.contains("line 7") || err.contains("ends after"),
            "{err}"
        );
        // A layer named in TCVN3 ("đất ở" is "\xae\xcat \xeb" in the ABC fonts).
        let text = dxf(
            "0\nLWPOLYLINE\n5\n7\n8\n@\n70\n1\n10\n500000\n20\n2500000\n10\n500010\n20\n2500000\n10\n500010\n20\n2500010\n",
        );
        let bytes: Vec<u8> = text
            .bytes()
            .flat_map(|b| {
                if b == b'@' {
                    b"\xae\xcat \xeb".to_vec()
                } else {
                    vec![b]
                }
            })
            .collect();
        let err = read_bytes(&bytes, &plane()).unwrap_err().to_string();
        assert!(
            err.contains("feature 7: field 'layer'") && err.contains("tcvn3"),
            "{err}"
        );
        let mut tcvn3 = plane();
        tcvn3.encoding = Some(TextEncoding::Tcvn3);
        let features = read_bytes(&bytes, &tcvn3).unwrap();
        assert_eq!(features[0].property("category").unwrap(), "đất ở");
        assert_eq!(unescape("R\\U+1EEBng"), "Rừng");
    }
}
