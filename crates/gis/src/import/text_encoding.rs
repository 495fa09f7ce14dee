//! Text encodings of attribute tables. Vietnamese GIS data made before Unicode became the
//! norm (Decision 72/2002/QĐ-TTg) often carries TCVN 5712 ("TCVN3", the ABC fonts) or
//! Windows-1258 text in its .dbf; a .cpg names the code page when there is one. Text is
//! returned in Unicode NFC, so that "Phong Thổ" typed in either form compares equal.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// How the bytes of a text attribute are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// Windows-1258 (Vietnamese, with combining tone marks).
    Cp1258,
    /// TCVN 5712:1993 (VN1, whose VN3 subset the ABC fonts use): "TCVN3".
    Tcvn3,
}

impl TextEncoding {
    /// The names a user or a .cpg file may give.
    pub const NAMES: &'static str = "utf-8, cp1258, tcvn3";

    /// An encoding from a user's option or a .cpg's content (case and spacing ignored).
    pub fn from_name(name: &str) -> Option<Self> {
        let n: String = name
            .trim()
            .trim_start_matches('\u{feff}')
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_lowercase();
        match n.as_str() {
            "utf8" | "65001" | "unicode" => Some(Self::Utf8),
            "cp1258" | "1258" | "windows1258" | "ansi1258" => Some(Self::Cp1258),
            "tcvn3" | "tcvn" | "tcvn5712" | "tcvn57121" | "vn3" | "abc" => Some(Self::Tcvn3),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Cp1258 => "cp1258",
            Self::Tcvn3 => "tcvn3",
        }
    }

    /// Decodes `bytes`, or says why not (for UTF-8: where the first bad byte is).
    pub fn decode(self, bytes: &[u8]) -> Result<String, String> {
        let text: Cow<'_, str> = match self {
            Self::Utf8 => Cow::Borrowed(std::str::from_utf8(bytes).map_err(|e| {
                format!(
                    "the text is not UTF-8 (byte {} of {:?}); give the encoding ({})",
                    e.valid_up_to() + 1,
                    String::from_utf8_lossy(bytes),
                    Self::NAMES
                )
            })?),
            Self::Cp1258 => {
                let (text, _, had_errors) = encoding_rs::WINDOWS_1258.decode(bytes);
                if had_errors {
                    return Err("the text has bytes Windows-1258 does not define".into());
                }
                text
            }
            Self::Tcvn3 => Cow::Owned(bytes.iter().map(|&b| tcvn3_char(b)).collect()),
        };
        Ok(text.nfc().collect())
    }
}

/// One byte of TCVN 5712:1993 as a character. The upper half and the eleven control
/// positions holding capitals follow the standard (checked against glibc's TCVN5712-1 in the
/// tests); 0xB0–0xB4 are combining tone marks, composed by the NFC step of `decode`.
fn tcvn3_char(byte: u8) -> char {
    let code = match byte {
        0x01 => 0x00DA,
        0x02 => 0x1EE4,
        0x04 => 0x1EEA,
        0x05 => 0x1EEC,
        0x06 => 0x1EEE,
        0x11 => 0x1EE8,
        0x12 => 0x1EF0,
        0x13 => 0x1EF2,
        0x14 => 0x1EF6,
        0x15 => 0x1EF8,
        0x16 => 0x00DD,
        0x17 => 0x1EF4,
        0x80..=0xFF => u32::from(TCVN3_UPPER_HALF[usize::from(byte - 0x80)]),
        ascii => u32::from(ascii),
    };
    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
}

#[rustfmt::skip]
const TCVN3_UPPER_HALF: [u16; 128] = [
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
    0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
    0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
    0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_users_and_cpg_files() {
        assert_eq!(TextEncoding::from_name("UTF-8"), Some(TextEncoding::Utf8));
        assert_eq!(
            TextEncoding::from_name("\u{feff}65001\n"),
            Some(TextEncoding::Utf8)
        );
        assert_eq!(
            TextEncoding::from_name("ANSI 1258"),
            Some(TextEncoding::Cp1258)
        );
        assert_eq!(TextEncoding::from_name("TCVN3"), Some(TextEncoding::Tcvn3));
        assert_eq!(TextEncoding::from_name("latin9"), None);
    }

    #[test]
    fn lai_chau_names_in_legacy_encodings() {
        // "Phong Thổ", "Sìn Hồ", "Mường Tè" as the ABC fonts store them.
        let tcvn3 = TextEncoding::Tcvn3;
        assert_eq!(tcvn3.decode(b"Phong Th\xe6").unwrap(), "Phong Thổ");
        assert_eq!(tcvn3.decode(b"S\xd7n H\xe5").unwrap(), "Sìn Hồ");
        assert_eq!(tcvn3.decode(b"M\xad\xeang T\xcc").unwrap(), "Mường Tè");
        // Windows-1258 writes the tone as a combining mark after the vowel: NFC composes it.
        let cp1258 = TextEncoding::Cp1258;
        assert_eq!(cp1258.decode(b"Si\xccn H\xf4\xcc").unwrap(), "Sìn Hồ");
        assert_eq!("Sìn Hồ".chars().count(), 6);
    }

    #[test]
    fn utf8_errors_say_where_and_what_to_do() {
        let err = TextEncoding::Utf8.decode(b"Phong Th\xe6").unwrap_err();
        assert!(err.contains("byte 9"), "{err}");
        assert!(err.contains("tcvn3"), "{err}");
    }

    /// The table against glibc's converter, where the machine has `iconv` (Debian does).
    #[test]
    fn tcvn3_agrees_with_glibc() {
        // Each byte followed by a space: glibc composes a letter with a tone mark after it.
        let bytes: Vec<u8> = (1u8..=255)
            .filter(|b| !matches!(*b, b'\n' | b' '))
            .collect();
        let spaced: Vec<u8> = bytes.iter().flat_map(|&b| [b, b' ']).collect();
        let Ok(out) = std::process::Command::new("iconv")
            .args(["-f", "TCVN5712-1", "-t", "UTF-32BE"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("stdin").write_all(&spaced)?;
                child.wait_with_output()
            })
        else {
            eprintln!("iconv is not installed: skipped");
            return;
        };
        let glibc: Vec<u32> = out
            .stdout
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            .filter(|&c| c != 0x20)
            .collect();
        let ours: Vec<u32> = bytes.iter().map(|&b| u32::from(tcvn3_char(b))).collect();
        assert_eq!(ours, glibc);
    }
}
