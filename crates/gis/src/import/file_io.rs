//! Files read with progress by bytes, and their I/O errors.

use std::path::Path;

use crate::error::GisError;

/// A file opened for reading, with how many of its bytes have been read so far and its size:
/// progress by bytes for the readers that parse text.
pub(crate) struct CountedFile {
    pub(crate) reader: std::io::BufReader<CountingReader<std::fs::File>>,
    pub(crate) read: std::rc::Rc<std::cell::Cell<u64>>,
    pub(crate) total: u64,
}

pub(crate) fn open_counted(path: &Path, file: &str) -> Result<CountedFile, GisError> {
    let handle = std::fs::File::open(path).map_err(|e| io_error(file, e))?;
    let total = handle.metadata().map_or(0, |m| m.len());
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let reader = std::io::BufReader::with_capacity(
        1 << 16,
        CountingReader {
            inner: handle,
            count: read.clone(),
        },
    );
    Ok(CountedFile {
        reader,
        read,
        total,
    })
}

/// Reads a Read's bytes while counting them, for progress by bytes.
pub(crate) struct CountingReader<R> {
    pub(crate) inner: R,
    pub(crate) count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

pub(crate) fn io_error(file: &str, source: std::io::Error) -> GisError {
    GisError::Io {
        file: file.to_owned(),
        source,
    }
}
