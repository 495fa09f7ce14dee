//! Positions in text, for parse errors.

use std::fmt::Write as _;

/// 1-based line and column (in characters) of the end of `prefix`.
pub(super) fn line_column(prefix: &[u8]) -> (usize, usize) {
    // Lines are what the newlines separate: one more than there are newlines.
    let line = prefix.split(|&b| b == b'\n').count();
    let start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = 1 + String::from_utf8_lossy(&prefix[start..]).chars().count();
    (line, column)
}

/// The 1-based line of a CSV record that starts at `byte` (as the csv crate reports it: with
/// CRLF line ends it points at the LF before the record, and its own line count is one short).
pub(super) fn line_of_record(text: &str, byte: u64) -> usize {
    let end = usize::try_from(byte).map_or(text.len(), |b| (b + 1).min(text.len()));
    // Lines are what the newlines separate: one more than there are newlines.
    text.as_bytes()[..end].split(|&b| b == b'\n').count()
}

/// The byte offset of serde_json's 1-based line and (byte) column.
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(text.len())
}

/// Where in the JSON document `offset` lies, as a path such as
/// `features[37](03640).geometry.coordinates[0][0][812]`: keys, array indices, and, after an
/// object, the `id`/`code` it showed before that point. Used to say where a broken file breaks.
pub(super) fn json_path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Array(usize),
        Object {
            key: Option<String>,
            expect_key: bool,
            id: Option<String>,
        },
    }
    const ID_KEYS: [&str; 4] = ["id", "code", "Code", "level2_id"];
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let s = String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]).into_owned();
                let complete = i < bytes.len();
                if let Some(Frame::Object {
                    key,
                    expect_key,
                    id,
                }) = stack.last_mut()
                {
                    if *expect_key {
                        *key = Some(s);
                    } else if complete
                        && key.as_deref().is_some_and(|k| ID_KEYS.contains(&k))
                        && id.is_none()
                    {
                        *id = Some(s);
                    }
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
                id: None,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object {
                    key, expect_key, ..
                }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Array(n) => {
                let _ = write!(path, "[{n}]");
            }
            Frame::Object { key, id, .. } => {
                if let Some(id) = id {
                    let _ = write!(path, "({id})");
                }
                if let Some(key) = key {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
            }
        }
    }
    path
}
