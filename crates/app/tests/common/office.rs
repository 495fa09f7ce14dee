//! Documents read back as an office reads them: LibreOffice prints a DOCX or XLSX to PDF and
//! poppler reads the PDF's text. Shared by the tests of the printed report, the meeting papers
//! and the consultation's synthesis table.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `tools` are installed; `None` (after a note) when the test should be skipped. With
/// `PLANTRACK_DOCUMENT_TESTS=1` (as `.ci/run` sets it) a missing tool fails the test instead.
pub fn tools_or_skip(test: &str, tools: &[&str]) -> Option<()> {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| {
            Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .map_or(true, |o| !o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return Some(());
    }
    assert!(
        std::env::var("PLANTRACK_DOCUMENT_TESTS").as_deref() != Ok("1"),
        "PLANTRACK_DOCUMENT_TESTS=1 requires the document tests, but {missing:?} are missing \
         (install: apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)"
    );
    eprintln!(
        "skipping {test}: {missing:?} not installed (set PLANTRACK_DOCUMENT_TESTS=1 to make this a failure)"
    );
    None
}

/// The file printed to PDF by LibreOffice into `dir`, as an office would print it.
pub fn office_to_pdf(file: &Path, dir: &Path) -> PathBuf {
    // Its own profile folder: two conversions at once must not share one.
    let profile = dir.join("lo-profile");
    let out = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    let pdf = dir.join(file.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.exists(),
        "LibreOffice did not print {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// How a PDF's text is laid out when read.
#[derive(Clone, Copy, Debug)]
pub enum TextOrder {
    /// A table's rows kept on one line each (`pdftotext -layout`).
    Layout,
    /// Cell by cell in reading order: a table's columns are not interleaved (`-raw`).
    Raw,
    /// Running text, every run of white space made one space, so that a sentence wrapped over
    /// lines reads whole.
    Flowing,
}

/// A PDF's text, read by pdftotext in the order asked.
pub fn pdf_text(pdf: &Path, order: TextOrder) -> String {
    let mut command = Command::new("pdftotext");
    match order {
        TextOrder::Layout => {
            command.arg("-layout");
        }
        TextOrder::Raw => {
            command.arg("-raw");
        }
        TextOrder::Flowing => {}
    }
    let out = command.arg(pdf).arg("-").output().unwrap();
    assert!(
        out.status.success(),
        "pdftotext could not read {}",
        pdf.display()
    );
    let text = String::from_utf8(out.stdout).unwrap();
    match order {
        TextOrder::Flowing => text.split_whitespace().collect::<Vec<_>>().join(" "),
        TextOrder::Layout | TextOrder::Raw => text,
    }
}
