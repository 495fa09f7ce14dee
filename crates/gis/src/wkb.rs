//! GeoJSON geometries to and from OGC Well-Known Binary (2D), and bounding boxes.
//!
//! Writing produces little-endian ISO WKB (the form PostGIS' `ST_GeomFromWKB` and SQLite/GeoPackage
//! readers accept). Reading accepts either byte order, also mixed within one geometry, and
//! refuses — with an error naming the byte offset, never a panic — truncated input, trailing bytes,
//! unknown or 3D/measured types, non-finite coordinates, counts larger than the input could hold
//! and collections nested deeper than [`MAX_DEPTH`].

use geojson::{Geometry, GeometryValue, Position};

use crate::GisError;

/// How deep geometry collections may nest, reading or writing.
pub const MAX_DEPTH: usize = 32;

const POINT: u32 = 1;
const LINE_STRING: u32 = 2;
const POLYGON: u32 = 3;
const MULTI_POINT: u32 = 4;
const MULTI_LINE_STRING: u32 = 5;
const MULTI_POLYGON: u32 = 6;
const GEOMETRY_COLLECTION: u32 = 7;

/// Bytes of a byte-order marker and a type code.
const HEADER: usize = 5;
/// Bytes of one 2D position.
const POSITION: usize = 16;

/// Encodes a geometry as little-endian 2D WKB.
///
/// Fails on positions that are not 2D (`[lon, lat]`) or not finite, on more than `u32::MAX`
/// members, and on collections nested deeper than [`MAX_DEPTH`].
pub fn to_wkb(geometry: &GeometryValue) -> Result<Vec<u8>, GisError> {
    let mut out = Vec::with_capacity(encoded_len(geometry));
    write_geometry(&mut out, geometry, 0)?;
    Ok(out)
}

/// Decodes WKB (either byte order, 2D) into a geometry. The whole input must be one geometry.
pub fn from_wkb(bytes: &[u8]) -> Result<GeometryValue, GisError> {
    let mut reader = Reader { bytes, pos: 0 };
    let value = read_geometry(&mut reader, 0)?;
    if reader.pos != bytes.len() {
        return Err(GisError::Wkb(format!(
            "{} trailing bytes after the geometry, which ends at offset {} of {}",
            bytes.len() - reader.pos,
            reader.pos,
            bytes.len()
        )));
    }
    Ok(value)
}

/// The bounding box `[min lon, min lat, max lon, max lat]` of every position in the geometry
/// (collections included); `None` when it has no position.
pub fn bbox(geometry: &GeometryValue) -> Option<[f64; 4]> {
    let mut acc: Option<[f64; 4]> = None;
    for_each_position(geometry, &mut |p| {
        let (Some(&x), Some(&y)) = (p.as_slice().first(), p.as_slice().get(1)) else {
            return;
        };
        acc = Some(match acc {
            None => [x, y, x, y],
            Some([a, b, c, d]) => [a.min(x), b.min(y), c.max(x), d.max(y)],
        });
    });
    acc
}

fn for_each_position(geometry: &GeometryValue, f: &mut dyn FnMut(&Position)) {
    match geometry {
        GeometryValue::Point { coordinates } => f(coordinates),
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            coordinates.iter().for_each(f);
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            coordinates.iter().flatten().for_each(f);
        }
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().flatten().for_each(f);
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                for_each_position(&g.value, f);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

fn encoded_len(geometry: &GeometryValue) -> usize {
    let line = |l: &[Position]| 4 + l.len() * POSITION;
    let polygon = |p: &[Vec<Position>]| 4 + p.iter().map(|r| line(r)).sum::<usize>();
    HEADER
        + match geometry {
            GeometryValue::Point { .. } => POSITION,
            GeometryValue::LineString { coordinates } => line(coordinates),
            GeometryValue::Polygon { coordinates } => polygon(coordinates),
            GeometryValue::MultiPoint { coordinates } => {
                4 + coordinates.len() * (HEADER + POSITION)
            }
            GeometryValue::MultiLineString { coordinates } => {
                4 + coordinates.iter().map(|l| HEADER + line(l)).sum::<usize>()
            }
            GeometryValue::MultiPolygon { coordinates } => {
                4 + coordinates
                    .iter()
                    .map(|p| HEADER + polygon(p))
                    .sum::<usize>()
            }
            GeometryValue::GeometryCollection { geometries } => {
                4 + geometries
                    .iter()
                    .map(|g| encoded_len(&g.value))
                    .sum::<usize>()
            }
        }
}

fn write_header(out: &mut Vec<u8>, kind: u32) {
    out.push(1);
    out.extend_from_slice(&kind.to_le_bytes());
}

fn write_count(out: &mut Vec<u8>, n: usize, what: &str) -> Result<(), GisError> {
    let n = u32::try_from(n)
        .map_err(|_| GisError::Wkb(format!("{what}: {n} members do not fit a WKB count")))?;
    out.extend_from_slice(&n.to_le_bytes());
    Ok(())
}

fn write_position(out: &mut Vec<u8>, p: &Position) -> Result<(), GisError> {
    let &[x, y] = p.as_slice() else {
        return Err(GisError::Wkb(format!(
            "position {:?} has {} coordinates; only 2D [lon, lat] positions can be written",
            p.as_slice(),
            p.len()
        )));
    };
    if !(x.is_finite() && y.is_finite()) {
        return Err(GisError::Wkb(format!("position [{x}, {y}] is not finite")));
    }
    out.extend_from_slice(&x.to_le_bytes());
    out.extend_from_slice(&y.to_le_bytes());
    Ok(())
}

fn write_line(out: &mut Vec<u8>, line: &[Position]) -> Result<(), GisError> {
    write_count(out, line.len(), "line string")?;
    line.iter().try_for_each(|p| write_position(out, p))
}

fn write_polygon(out: &mut Vec<u8>, rings: &[Vec<Position>]) -> Result<(), GisError> {
    write_count(out, rings.len(), "polygon")?;
    rings.iter().try_for_each(|r| write_line(out, r))
}

fn write_geometry(
    out: &mut Vec<u8>,
    geometry: &GeometryValue,
    depth: usize,
) -> Result<(), GisError> {
    match geometry {
        GeometryValue::Point { coordinates } => {
            write_header(out, POINT);
            write_position(out, coordinates)
        }
        GeometryValue::LineString { coordinates } => {
            write_header(out, LINE_STRING);
            write_line(out, coordinates)
        }
        GeometryValue::Polygon { coordinates } => {
            write_header(out, POLYGON);
            write_polygon(out, coordinates)
        }
        GeometryValue::MultiPoint { coordinates } => {
            write_header(out, MULTI_POINT);
            write_count(out, coordinates.len(), "multi-point")?;
            coordinates.iter().try_for_each(|p| {
                write_header(out, POINT);
                write_position(out, p)
            })
        }
        GeometryValue::MultiLineString { coordinates } => {
            write_header(out, MULTI_LINE_STRING);
            write_count(out, coordinates.len(), "multi-line string")?;
            coordinates.iter().try_for_each(|l| {
                write_header(out, LINE_STRING);
                write_line(out, l)
            })
        }
        GeometryValue::MultiPolygon { coordinates } => {
            write_header(out, MULTI_POLYGON);
            write_count(out, coordinates.len(), "multi-polygon")?;
            coordinates.iter().try_for_each(|p| {
                write_header(out, POLYGON);
                write_polygon(out, p)
            })
        }
        GeometryValue::GeometryCollection { geometries } => {
            if depth >= MAX_DEPTH {
                return Err(GisError::Wkb(format!(
                    "geometry collections nest deeper than {MAX_DEPTH} levels"
                )));
            }
            write_header(out, GEOMETRY_COLLECTION);
            write_count(out, geometries.len(), "geometry collection")?;
            geometries
                .iter()
                .try_for_each(|g| write_geometry(out, &g.value, depth + 1))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

#[derive(Clone, Copy)]
enum Order {
    Big,
    Little,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take<const N: usize>(&mut self, what: &str) -> Result<[u8; N], GisError> {
        let slice = self.bytes.get(self.pos..self.pos + N).ok_or_else(|| {
            GisError::Wkb(format!(
                "truncated at offset {}: {what} needs {N} bytes, only {} left",
                self.pos,
                self.remaining()
            ))
        })?;
        self.pos += N;
        // The slice has exactly N bytes.
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn u32(&mut self, order: Order, what: &str) -> Result<u32, GisError> {
        let b = self.take::<4>(what)?;
        Ok(match order {
            Order::Big => u32::from_be_bytes(b),
            Order::Little => u32::from_le_bytes(b),
        })
    }

    fn f64(&mut self, order: Order, what: &str) -> Result<f64, GisError> {
        let b = self.take::<8>(what)?;
        Ok(match order {
            Order::Big => f64::from_be_bytes(b),
            Order::Little => f64::from_le_bytes(b),
        })
    }

    /// Reads a member count and checks the input can hold that many members of at least
    /// `min_size` bytes each, so a corrupt count never makes us allocate or loop for nothing.
    fn count(&mut self, order: Order, what: &str, min_size: usize) -> Result<usize, GisError> {
        let at = self.pos;
        let n = self.u32(order, what)? as usize;
        let needed = n.saturating_mul(min_size);
        if needed > self.remaining() {
            return Err(GisError::Wkb(format!(
                "truncated at offset {at}: {what} of {n} members needs at least {needed} more bytes, \
                 only {} left",
                self.remaining()
            )));
        }
        Ok(n)
    }

    fn position(&mut self, order: Order) -> Result<Position, GisError> {
        let at = self.pos;
        let x = self.f64(order, "a position")?;
        let y = self.f64(order, "a position")?;
        if !(x.is_finite() && y.is_finite()) {
            let what = if x.is_nan() && y.is_nan() {
                "an empty point (NaN, NaN), which GeoJSON cannot represent"
            } else {
                "a coordinate that is not finite"
            };
            return Err(GisError::Wkb(format!(
                "offset {at}: position [{x}, {y}] is {what}"
            )));
        }
        Ok(Position::from([x, y]))
    }

    fn line(&mut self, order: Order, what: &str) -> Result<Vec<Position>, GisError> {
        let n = self.count(order, what, POSITION)?;
        (0..n).map(|_| self.position(order)).collect()
    }

    fn polygon(&mut self, order: Order) -> Result<Vec<Vec<Position>>, GisError> {
        let n = self.count(order, "a polygon", 4)?;
        (0..n).map(|_| self.line(order, "a ring")).collect()
    }

    fn header(&mut self) -> Result<(Order, u32, usize), GisError> {
        let at = self.pos;
        let [marker] = self.take::<1>("a byte-order marker")?;
        let order = match marker {
            0 => Order::Big,
            1 => Order::Little,
            b => {
                return Err(GisError::Wkb(format!(
                    "offset {at}: byte-order marker is {b}, expected 0 (big-endian) or 1 (little-endian)"
                )));
            }
        };
        let kind = self.u32(order, "a geometry type")?;
        Ok((order, kind, at))
    }
}

fn type_name(kind: u32) -> &'static str {
    match kind {
        POINT => "Point",
        LINE_STRING => "LineString",
        POLYGON => "Polygon",
        MULTI_POINT => "MultiPoint",
        MULTI_LINE_STRING => "MultiLineString",
        MULTI_POLYGON => "MultiPolygon",
        GEOMETRY_COLLECTION => "GeometryCollection",
        _ => "unknown",
    }
}

fn unsupported_type(kind: u32, at: usize) -> GisError {
    let why = if kind & 0xE000_0000 != 0 {
        "EWKB with Z, M or SRID flags is not supported (2D ISO WKB only)".to_owned()
    } else if (1001..=1007).contains(&kind)
        || (2001..=2007).contains(&kind)
        || (3001..=3007).contains(&kind)
    {
        "Z, M and ZM geometries are not supported (2D only)".to_owned()
    } else {
        "unknown geometry type".to_owned()
    };
    GisError::Wkb(format!("offset {at}: geometry type {kind}: {why}"))
}

/// Reads a member of a multi-geometry, which must be a whole WKB geometry of type `expected`.
fn read_member(
    r: &mut Reader<'_>,
    expected: u32,
    parent: &str,
    index: usize,
    depth: usize,
) -> Result<GeometryValue, GisError> {
    let (order, kind, at) = r.header()?;
    if kind != expected {
        return Err(GisError::Wkb(format!(
            "offset {at}: member {index} of a {parent} has type {kind} ({}), expected {}",
            type_name(kind),
            type_name(expected)
        )));
    }
    read_body(r, order, kind, at, depth + 1)
}

fn read_geometry(r: &mut Reader<'_>, depth: usize) -> Result<GeometryValue, GisError> {
    let (order, kind, at) = r.header()?;
    read_body(r, order, kind, at, depth)
}

fn read_body(
    r: &mut Reader<'_>,
    order: Order,
    kind: u32,
    at: usize,
    depth: usize,
) -> Result<GeometryValue, GisError> {
    // The smallest member of a multi-geometry or collection: a header and an empty count.
    const MIN_MEMBER: usize = HEADER + 4;
    Ok(match kind {
        POINT => GeometryValue::Point {
            coordinates: r.position(order)?,
        },
        LINE_STRING => GeometryValue::LineString {
            coordinates: r.line(order, "a line string")?,
        },
        POLYGON => GeometryValue::Polygon {
            coordinates: r.polygon(order)?,
        },
        MULTI_POINT => {
            let n = r.count(order, "a multi-point", HEADER + POSITION)?;
            let mut coordinates = Vec::with_capacity(n);
            for i in 0..n {
                match read_member(r, POINT, "multi-point", i, depth)? {
                    GeometryValue::Point { coordinates: p } => coordinates.push(p),
                    _ => unreachable!("read_member checked the type"),
                }
            }
            GeometryValue::MultiPoint { coordinates }
        }
        MULTI_LINE_STRING => {
            let n = r.count(order, "a multi-line string", MIN_MEMBER)?;
            let mut coordinates = Vec::with_capacity(n);
            for i in 0..n {
                match read_member(r, LINE_STRING, "multi-line string", i, depth)? {
                    GeometryValue::LineString { coordinates: l } => coordinates.push(l),
                    _ => unreachable!("read_member checked the type"),
                }
            }
            GeometryValue::MultiLineString { coordinates }
        }
        MULTI_POLYGON => {
            let n = r.count(order, "a multi-polygon", MIN_MEMBER)?;
            let mut coordinates = Vec::with_capacity(n);
            for i in 0..n {
                match read_member(r, POLYGON, "multi-polygon", i, depth)? {
                    GeometryValue::Polygon { coordinates: p } => coordinates.push(p),
                    _ => unreachable!("read_member checked the type"),
                }
            }
            GeometryValue::MultiPolygon { coordinates }
        }
        GEOMETRY_COLLECTION => {
            if depth >= MAX_DEPTH {
                return Err(GisError::Wkb(format!(
                    "offset {at}: geometry collections nest deeper than {MAX_DEPTH} levels"
                )));
            }
            let n = r.count(order, "a geometry collection", MIN_MEMBER)?;
            let geometries = (0..n)
                .map(|_| read_geometry(r, depth + 1).map(Geometry::new))
                .collect::<Result<Vec<_>, _>>()?;
            GeometryValue::GeometryCollection { geometries }
        }
        other => return Err(unsupported_type(other, at)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn err(bytes: &[u8]) -> String {
        match from_wkb(bytes) {
            Err(GisError::Wkb(m)) => m,
            other => panic!("expected a WKB error, got {other:?}"),
        }
    }

    fn square(x: f64, y: f64, size: f64) -> Vec<Position> {
        vec![
            Position::from([x, y]),
            Position::from([x + size, y]),
            Position::from([x + size, y + size]),
            Position::from([x, y + size]),
            Position::from([x, y]),
        ]
    }

    fn sample_multi_polygon() -> GeometryValue {
        GeometryValue::MultiPolygon {
            coordinates: vec![
                vec![square(0.0, 0.0, 10.0), square(2.0, 2.0, 1.0)],
                vec![square(20.0, 20.0, 1.0)],
            ],
        }
    }

    #[test]
    fn point_matches_the_standard_encoding() {
        // POINT(1 2), as PostGIS' ST_AsBinary writes it (NDR).
        let le = hex("01 01000000 000000000000F03F 0000000000000040");
        let point = GeometryValue::new_point([1.0, 2.0]);
        assert_eq!(to_wkb(&point).unwrap(), le);
        assert_eq!(from_wkb(&le).unwrap(), point);
        // The same point big-endian (XDR).
        let be = hex("00 00000001 3FF0000000000000 4000000000000000");
        assert_eq!(from_wkb(&be).unwrap(), point);
    }

    #[test]
    fn big_endian_polygon_and_mixed_orders_are_read() {
        // POLYGON((0 0, 1 0, 1 1, 0 0)) in XDR.
        let be = hex("00 00000003 00000001 00000004
             0000000000000000 0000000000000000
             3FF0000000000000 0000000000000000
             3FF0000000000000 3FF0000000000000
             0000000000000000 0000000000000000");
        let expected =
            GeometryValue::new_polygon([[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]);
        assert_eq!(from_wkb(&be).unwrap(), expected);
        // A little-endian multi-point whose second member is big-endian.
        let mixed = hex("01 04000000 02000000
             01 01000000 000000000000F03F 0000000000000040
             00 00000001 4008000000000000 4010000000000000");
        assert_eq!(
            from_wkb(&mixed).unwrap(),
            GeometryValue::new_multi_point([[1.0, 2.0], [3.0, 4.0]])
        );
    }

    #[test]
    fn every_type_round_trips() {
        let values = [
            GeometryValue::new_point([105.85, 21.03]),
            GeometryValue::new_line_string([[0.0, 0.0], [1.5, -2.5]]),
            GeometryValue::new_line_string(Vec::<[f64; 2]>::new()),
            GeometryValue::Polygon {
                coordinates: vec![square(0.0, 0.0, 1.0)],
            },
            GeometryValue::new_multi_point([[1.0, 2.0], [3.0, 4.0]]),
            GeometryValue::new_multi_line_string([vec![[0.0, 0.0], [1.0, 1.0]], vec![]]),
            sample_multi_polygon(),
            GeometryValue::new_geometry_collection([
                GeometryValue::new_point([1.0, 1.0]),
                GeometryValue::new_geometry_collection(Vec::<Geometry>::new()),
                sample_multi_polygon(),
            ]),
        ];
        for v in values {
            let bytes = to_wkb(&v).unwrap();
            assert_eq!(bytes.len(), encoded_len(&v), "{v}");
            assert_eq!(from_wkb(&bytes).unwrap(), v);
        }
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = to_wkb(&sample_multi_polygon()).unwrap();
        for len in 0..bytes.len() {
            let m = err(&bytes[..len]);
            assert!(m.contains("truncated"), "{len}: {m}");
        }
    }

    #[test]
    fn trailing_bytes_are_an_error() {
        let mut bytes = to_wkb(&GeometryValue::new_point([1.0, 2.0])).unwrap();
        bytes.push(0);
        let m = err(&bytes);
        assert!(
            m.contains("1 trailing bytes") && m.contains("offset 21"),
            "{m}"
        );
    }

    #[test]
    fn bad_headers_are_errors() {
        assert!(err(&hex("02 01000000")).contains("byte-order marker is 2"));
        assert!(err(&hex("01 08000000")).contains("unknown geometry type"));
        assert!(err(&hex("01 00000000")).contains("unknown geometry type"));
        // POINT Z (ISO) and EWKB with an SRID.
        assert!(
            err(&hex(
                "01 E9030000 00000000000000000000000000000000 0000000000000000"
            ))
            .contains("2D only")
        );
        assert!(err(&hex("01 01000020 E6100000")).contains("EWKB"));
        // A multi-polygon whose member is a point.
        let m = err(&hex(
            "01 06000000 01000000 01 01000000 000000000000F03F 0000000000000040",
        ));
        assert!(
            m.contains("member 0 of a multi-polygon has type 1 (Point)"),
            "{m}"
        );
    }

    #[test]
    fn huge_counts_fail_without_allocating() {
        // A line string claiming 4 billion positions in 9 bytes.
        let m = err(&hex("01 02000000 FFFFFFFF"));
        assert!(m.contains("truncated") && m.contains("4294967295"), "{m}");
        let m = err(&hex("01 07000000 FFFFFFFF"));
        assert!(m.contains("truncated"), "{m}");
    }

    #[test]
    fn deep_nesting_is_refused_both_ways() {
        let mut bytes = Vec::new();
        for _ in 0..=MAX_DEPTH {
            bytes.extend_from_slice(&hex("01 07000000 01000000"));
        }
        bytes.extend_from_slice(&hex("01 01000000 000000000000F03F 0000000000000040"));
        assert!(err(&bytes).contains("nest deeper"));

        let mut v = GeometryValue::new_point([1.0, 1.0]);
        for _ in 0..=MAX_DEPTH {
            v = GeometryValue::new_geometry_collection([v]);
        }
        assert!(matches!(to_wkb(&v), Err(GisError::Wkb(m)) if m.contains("nest deeper")));
    }

    #[test]
    fn non_finite_and_non_2d_positions_are_refused() {
        let nan_point = hex("01 01000000 000000000000F87F 000000000000F87F");
        assert!(err(&nan_point).contains("empty point"));
        let inf = hex("01 01000000 000000000000F07F 0000000000000000");
        assert!(err(&inf).contains("not finite"));
        let z = GeometryValue::new_point([1.0, 2.0, 3.0]);
        assert!(matches!(to_wkb(&z), Err(GisError::Wkb(m)) if m.contains("2D")));
        let nan = GeometryValue::new_line_string([[1.0, f64::NAN]]);
        assert!(matches!(to_wkb(&nan), Err(GisError::Wkb(m)) if m.contains("not finite")));
    }

    #[test]
    fn bbox_covers_every_position() {
        assert_eq!(
            bbox(&GeometryValue::new_point([3.0, -1.0])),
            Some([3.0, -1.0, 3.0, -1.0])
        );
        assert_eq!(bbox(&sample_multi_polygon()), Some([0.0, 0.0, 21.0, 21.0]));
        let gc = GeometryValue::new_geometry_collection([
            GeometryValue::new_point([-5.0, 7.0]),
            GeometryValue::new_line_string([[1.0, 2.0], [3.0, 9.0]]),
        ]);
        assert_eq!(bbox(&gc), Some([-5.0, 2.0, 3.0, 9.0]));
        assert_eq!(
            bbox(&GeometryValue::new_multi_point(Vec::<[f64; 2]>::new())),
            None
        );
        assert_eq!(
            bbox(&GeometryValue::new_geometry_collection(
                Vec::<Geometry>::new()
            )),
            None
        );
    }

    // --- property tests ------------------------------------------------------------------

    fn coordinate() -> impl Strategy<Value = f64> {
        use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
        POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO
    }

    fn position() -> impl Strategy<Value = Position> {
        (coordinate(), coordinate()).prop_map(|(x, y)| Position::from([x, y]))
    }

    fn line() -> impl Strategy<Value = Vec<Position>> {
        prop::collection::vec(position(), 0..6)
    }

    fn polygon() -> impl Strategy<Value = Vec<Vec<Position>>> {
        prop::collection::vec(line(), 0..4)
    }

    fn geometry() -> impl Strategy<Value = GeometryValue> {
        let leaf = prop_oneof![
            position().prop_map(|coordinates| GeometryValue::Point { coordinates }),
            line().prop_map(|coordinates| GeometryValue::LineString { coordinates }),
            polygon().prop_map(|coordinates| GeometryValue::Polygon { coordinates }),
            line().prop_map(|coordinates| GeometryValue::MultiPoint { coordinates }),
            polygon().prop_map(|coordinates| GeometryValue::MultiLineString { coordinates }),
            prop::collection::vec(polygon(), 0..3)
                .prop_map(|coordinates| GeometryValue::MultiPolygon { coordinates }),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop::collection::vec(inner, 0..4).prop_map(|gs| GeometryValue::GeometryCollection {
                geometries: gs.into_iter().map(Geometry::new).collect(),
            })
        })
    }

    /// Bytes that often get past the header: a valid marker and type, then anything.
    fn plausible_bytes() -> impl Strategy<Value = Vec<u8>> {
        (
            0u8..=1,
            0u32..=8,
            prop::collection::vec(any::<u8>(), 0..120),
        )
            .prop_map(|(m, t, tail)| {
                let mut b = vec![m];
                b.extend_from_slice(&if m == 1 {
                    t.to_le_bytes()
                } else {
                    t.to_be_bytes()
                });
                b.extend(tail);
                b
            })
    }

    proptest! {
        #[test]
        fn encode_then_decode_is_identity(v in geometry()) {
            let bytes = to_wkb(&v).unwrap();
            prop_assert_eq!(from_wkb(&bytes).unwrap(), v);
        }

        #[test]
        fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
            // Whatever decodes must encode and decode to the same geometry.
            if let Ok(v) = from_wkb(&bytes) {
                prop_assert_eq!(from_wkb(&to_wkb(&v).unwrap()).unwrap(), v);
            }
        }

        #[test]
        fn plausible_bytes_never_panic(bytes in plausible_bytes()) {
            if let Ok(v) = from_wkb(&bytes) {
                prop_assert_eq!(from_wkb(&to_wkb(&v).unwrap()).unwrap(), v);
            }
        }

        #[test]
        fn corrupted_wkb_never_panics(v in geometry(), at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
            let bytes = to_wkb(&v).unwrap();
            // A proper prefix of valid WKB is never valid.
            let len = cut.index(bytes.len());
            prop_assert!(from_wkb(&bytes[..len]).is_err());
            let mut corrupted = bytes;
            let i = at.index(corrupted.len());
            corrupted[i] = byte;
            if let Ok(w) = from_wkb(&corrupted) {
                prop_assert_eq!(from_wkb(&to_wkb(&w).unwrap()).unwrap(), w);
            }
        }
    }
}
