//! The personal data in a resident's opinion, found before it is published: plantrack
//! proposes what to hide — phone numbers (Vietnamese formats, +84 or 0…), e-mail addresses,
//! 12-digit citizen ID numbers (CCCD), house addresses ("số 12 đường …", "số nhà …") and the
//! names the submitter gave — and the officer accepts or edits the copy. The original is
//! never changed; [`apply`] makes the copy that is published.
//!
//! Scanners, not regular expressions: each says exactly what it takes, in characters, and
//! none can run long on a hostile text (every scan is linear in the text).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a span of text holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PersonalKind {
    Phone,
    Email,
    /// A 12-digit citizen identity card number (căn cước công dân).
    CitizenId,
    /// A house address: "số 12 đường …", "số nhà …", "nhà số …".
    Address,
    /// A name the submitter gave.
    Name,
}

impl PersonalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonalKind::Phone => "phone",
            PersonalKind::Email => "email",
            PersonalKind::CitizenId => "citizen_id",
            PersonalKind::Address => "address",
            PersonalKind::Name => "name",
        }
    }
}

/// A span proposed for hiding: byte offsets into the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Redaction {
    pub start: usize,
    pub end: usize,
    pub kind: PersonalKind,
    /// The text hidden, for the officer to see what is proposed.
    pub text: String,
}

/// What a hidden span becomes in the published copy.
pub const MASK: &str = "[…]";

/// The spans of `text` to hide, in order and not overlapping (an overlap keeps the earlier,
/// longer span). `names` are the names the submitter gave (their own, co-signers').
pub fn propose(text: &str, names: &[&str]) -> Vec<Redaction> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found: Vec<(usize, usize, PersonalKind)> = Vec::new();
    found.extend(emails(text, &chars));
    found.extend(numbers(text, &chars));
    found.extend(addresses(&chars, text.len()));
    found.extend(name_spans(&chars, text.len(), names));
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<Redaction> = Vec::new();
    for (start, end, kind) in found {
        match out.last_mut() {
            Some(last) if start < last.end => {
                // Overlapping spans join: nothing of either is left visible.
                if end > last.end {
                    last.end = end;
                    text[last.start..end].clone_into(&mut last.text);
                }
            }
            _ => out.push(Redaction {
                start,
                end,
                kind,
                text: text[start..end].to_owned(),
            }),
        }
    }
    out
}

/// `text` with each span replaced by [`MASK`]. Spans outside the text or not on character
/// boundaries are skipped, so that a stale proposal cannot cut a letter in two.
pub fn apply(text: &str, spans: &[Redaction]) -> String {
    let mut spans: Vec<&Redaction> = spans
        .iter()
        .filter(|r| {
            r.start < r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        })
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in spans {
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(MASK);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The copy proposed for publication: `text` with everything [`propose`] finds hidden.
pub fn proposed_copy(text: &str, names: &[&str]) -> (String, Vec<Redaction>) {
    let spans = propose(text, names);
    (apply(text, &spans), spans)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The byte offset where the character at index `i` starts (the text's end past the last).
fn offset(chars: &[(usize, char)], i: usize, len: usize) -> usize {
    chars.get(i).map_or(len, |&(o, _)| o)
}

fn emails(text: &str, chars: &[(usize, char)]) -> Vec<(usize, usize, PersonalKind)> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let mut out = Vec::new();
    for (i, &(_, c)) in chars.iter().enumerate() {
        if c != '@' {
            continue;
        }
        let mut s = i;
        while s > 0 && local(chars[s - 1].1) {
            s -= 1;
        }
        let mut e = i + 1;
        while e < chars.len() && domain(chars[e].1) {
            e += 1;
        }
        // A sentence's full stop after the address is not part of it.
        while e > i + 1 && matches!(chars[e - 1].1, '.' | '-') {
            e -= 1;
        }
        if s == i || e == i + 1 {
            continue;
        }
        let host: String = chars[i + 1..e].iter().map(|&(_, c)| c).collect();
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
        if tld_ok {
            out.push((
                chars[s].0,
                offset(chars, e, text.len()),
                PersonalKind::Email,
            ));
        }
    }
    out
}

/// Runs of digits, possibly grouped by single spaces, dots or hyphens and led by `+`: a
/// phone number or a CCCD by their digits.
fn numbers(text: &str, chars: &[(usize, char)]) -> Vec<(usize, usize, PersonalKind)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let starts = c.is_ascii_digit()
            || (c == '+' && chars.get(i + 1).is_some_and(|n| n.1.is_ascii_digit()));
        let after_word = i > 0 && (is_word(chars[i - 1].1) || chars[i - 1].1 == '@');
        if !starts || after_word {
            i += 1;
            continue;
        }
        let plus = c == '+';
        let mut e = if plus { i + 1 } else { i };
        let mut digits = String::new();
        while e < chars.len() {
            let c = chars[e].1;
            if c.is_ascii_digit() {
                digits.push(c);
                e += 1;
            } else if matches!(c, ' ' | '.' | '-')
                && chars.get(e + 1).is_some_and(|n| n.1.is_ascii_digit())
                && !digits.is_empty()
            {
                e += 1;
            } else {
                break;
            }
        }
        let ends_in_word = chars.get(e).is_some_and(|n| is_word(n.1));
        if !ends_in_word && let Some(kind) = classify(&digits, plus) {
            out.push((chars[i].0, offset(chars, e, text.len()), kind));
        }
        i = e.max(i + 1);
    }
    out
}

/// What a number is by its digits: a mobile (0 + 9 digits) or fixed line (02 + 9 digits),
/// with 84 in place of the 0; a CCCD (12 digits, starting with its province's 0xx — no phone
/// number has 12 digits after a leading 0).
fn classify(digits: &str, plus: bool) -> Option<PersonalKind> {
    let n = digits.len();
    let national = if let Some(rest) = digits.strip_prefix("84").filter(|_| plus || n >= 11) {
        rest
    } else if plus {
        return None;
    } else if n == 12 && digits.starts_with('0') {
        return Some(PersonalKind::CitizenId);
    } else {
        digits.strip_prefix('0')?
    };
    let phone = match national.len() {
        // Mobiles: 03x, 05x, 07x, 08x, 09x.
        9 => matches!(national.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9'),
        // Fixed lines: 02xx + 7 digits.
        10 => national.starts_with('2'),
        _ => false,
    };
    phone.then_some(PersonalKind::Phone)
}

/// `pattern` (lower case, words separated by one space) at character `i`, matched without
/// regard to case, with any run of spaces between words; the index past it.
fn match_at(chars: &[(usize, char)], i: usize, pattern: &str) -> Option<usize> {
    if i > 0 && is_word(chars[i - 1].1) {
        return None;
    }
    let mut j = i;
    for (k, word) in pattern.split(' ').enumerate() {
        if k > 0 {
            let s = j;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j == s {
                return None;
            }
        }
        for p in word.chars() {
            let c = chars.get(j)?.1;
            if !c.to_lowercase().eq(std::iter::once(p)) {
                return None;
            }
            j += 1;
        }
    }
    if chars.get(j).is_some_and(|c| is_word(c.1)) {
        return None;
    }
    Some(j)
}

/// A house number at `i` (12, 12A, 12/3, 5-7): the index past it.
fn house_number(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let mut j = i;
    while j < chars.len() && chars[j].1.is_whitespace() {
        j += 1;
    }
    if !chars.get(j)?.1.is_ascii_digit() {
        return None;
    }
    while j < chars.len() && (chars[j].1.is_ascii_alphanumeric() || matches!(chars[j].1, '/' | '-'))
    {
        j += 1;
    }
    Some(j)
}

/// Words of a street's name: "đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "tổ", "thôn",
/// "xóm", "bản", "khu", "tdp" (tổ dân phố).
const STREET_WORDS: [&str; 13] = [
    "đường",
    "phố",
    "ngõ",
    "ngách",
    "hẻm",
    "kiệt",
    "tổ",
    "thôn",
    "xóm",
    "bản",
    "khu",
    "tdp",
    "ấp",
];

/// The end of an address's clause: a comma, a full stop, a semicolon, a line end or a
/// bracket, and never more than 8 words after the street word.
fn clause_end(chars: &[(usize, char)], mut j: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    while j < chars.len() {
        let c = chars[j].1;
        if matches!(
            c,
            ',' | '.' | ';' | '\n' | '\r' | '(' | ')' | ':' | '!' | '?'
        ) {
            break;
        }
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words >= 8 {
                    break;
                }
            }
        } else {
            in_word = true;
        }
        j += 1;
    }
    // Trailing spaces stay visible.
    while j > 0 && chars[j - 1].1.is_whitespace() {
        j -= 1;
    }
    j
}

fn addresses(chars: &[(usize, char)], len: usize) -> Vec<(usize, usize, PersonalKind)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let end = match_at(chars, i, "số nhà")
            .or_else(|| match_at(chars, i, "nhà số"))
            .and_then(|j| house_number(chars, j))
            .map(|j| clause_end(chars, j))
            .or_else(|| {
                let j = match_at(chars, i, "số")?;
                let j = house_number(chars, j)?;
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                STREET_WORDS
                    .iter()
                    .find_map(|w| match_at(chars, k, w))
                    .map(|_| clause_end(chars, k))
            });
        match end {
            Some(e) if e > i => {
                out.push((chars[i].0, offset(chars, e, len), PersonalKind::Address));
                i = e;
            }
            _ => i += 1,
        }
    }
    out
}

/// Honorifics before a given name: "ông Thử", "chị Hoa".
const HONORIFICS: [&str; 9] = ["ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ"];

fn name_spans(
    chars: &[(usize, char)],
    len: usize,
    names: &[&str],
) -> Vec<(usize, usize, PersonalKind)> {
    // (pattern, how many leading words stay visible): an honorific is not a name.
    let mut patterns: Vec<(String, usize)> = Vec::new();
    for name in names {
        let words: Vec<String> = name
            .split_whitespace()
            .map(str::to_lowercase)
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if words.is_empty() {
            continue;
        }
        // The whole name, and its last two or more syllables ("Văn Thử" of "Lò Văn Thử").
        for k in 0..words.len().saturating_sub(1).max(1) {
            patterns.push((words[k..].join(" "), 0));
        }
        let given = words[words.len() - 1].clone();
        for h in HONORIFICS {
            patterns.push((format!("{h} {given}"), 1));
        }
    }
    patterns.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
    patterns.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match patterns
            .iter()
            .find_map(|(p, keep)| match_at(chars, i, p).map(|e| (e, *keep)))
        {
            Some((e, keep)) => {
                let mut s = i;
                for _ in 0..keep {
                    while s < e && !chars[s].1.is_whitespace() {
                        s += 1;
                    }
                    while s < e && chars[s].1.is_whitespace() {
                        s += 1;
                    }
                }
                out.push((chars[s].0, offset(chars, e, len), PersonalKind::Name));
                i = e;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests;
