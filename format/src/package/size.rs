//! [`Package::size_breakdown`]: where the bytes of a package file go, for size
//! reports (`bench/compile-exec`'s `package_size` example).

use super::sections::{write_program, LEVEL};
use super::Package;
use crate::codec::Writer;

/// A package file's size and the share of its main parts. The body is compressed as
/// one stream, so a part's share is estimated as that part compressed alone (the
/// parts do not add up to `file` exactly; `other` takes the difference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SizeBreakdown {
    /// Bytes of the whole file ([`Package::encode`]), debug section included.
    pub file: usize,
    /// Bytes of the uncompressed body (what [`Package::code_hash`] covers).
    pub body: usize,
    /// The program (code streams and its header) compressed alone.
    pub code: usize,
    /// The data segments' bytes compressed alone.
    pub data: usize,
    /// The custom sections' names and bytes compressed alone.
    pub custom: usize,
    /// The compressed debug section, as in the file.
    pub debug: usize,
    /// Everything else: `file` minus the parts above (saturating).
    pub other: usize,
}

fn deflated(bytes: &[u8]) -> usize {
    if bytes.is_empty() {
        return 0;
    }
    miniz_oxide::deflate::compress_to_vec(bytes, LEVEL).len()
}

impl Package {
    /// Measures the file and its parts (compresses each part once: for reports, not
    /// for hot paths).
    pub fn size_breakdown(&self) -> SizeBreakdown {
        let mut w = Writer::new();
        write_program(&mut w, &self.program);
        let code = deflated(&w.finish());
        let data: Vec<u8> = self
            .data
            .iter()
            .flat_map(|d| d.bytes.iter().copied())
            .collect();
        let mut c = Writer::new();
        for s in &self.custom_sections {
            c.str(&s.name);
            c.raw(&s.bytes);
        }
        let custom = deflated(&c.finish());
        let debug = deflated(&self.encode_debug());
        let file = self.encode().len();
        let parts = code + deflated(&data) + custom + debug;
        SizeBreakdown {
            file,
            body: self.encode_body().len(),
            code,
            data: deflated(&data),
            custom,
            debug,
            other: file.saturating_sub(parts),
        }
    }
}
