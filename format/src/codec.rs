//! A bounded little-endian byte codec.
//!
//! Every Rivet format is a sequence of fixed-width little-endian integers, LEB128
//! varints (shortest form only, so each value has exactly one encoding) and
//! length-prefixed byte strings. The [`Reader`] never reads past its input, never
//! allocates more than the input could describe, and reports the byte offset of the
//! first thing that is wrong, so a corrupted or truncated file is always a clear error.

use thiserror::Error;

/// Why a byte format could not be decoded, and where.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{what} at byte offset {offset}")]
pub struct FormatError {
    /// Byte offset in the decoded input where the problem was found.
    pub offset: usize,
    /// What was wrong there.
    pub what: String,
}

/// The result of one decoding step (a `Result` whose error says where the input broke).
pub type Decoded<T> = Result<T, FormatError>;

impl FormatError {
    /// Builds an error at `offset`.
    pub fn new(offset: usize, what: impl Into<String>) -> Self {
        FormatError {
            offset,
            what: what.into(),
        }
    }
}

/// Appends little-endian values to a byte vector.
#[derive(Default, Debug)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }
    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    /// Appends a little-endian u16.
    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Appends a little-endian u32.
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Appends a little-endian u64.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Appends a u32 as unsigned LEB128 (1-5 bytes, shortest form): small numbers
    /// (counts, lengths, deltas) take one byte.
    pub fn var_u32(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.bytes.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }
    /// Appends a u64 as unsigned LEB128 (1-10 bytes, shortest form).
    pub fn var_u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }
    /// Appends an i32 zigzag-mapped (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...) as LEB128, so
    /// small negative numbers are as short as small positive ones.
    pub fn var_i32(&mut self, v: i32) {
        self.var_u32(((v << 1) ^ (v >> 31)) as u32);
    }
    /// Appends a LEB128 length prefix followed by the bytes.
    pub fn var_bytes(&mut self, v: &[u8]) {
        self.var_u32(v.len() as u32);
        self.raw(v);
    }
    /// Appends a string as LEB128-length-prefixed UTF-8.
    pub fn var_str(&mut self, v: &str) {
        self.var_bytes(v.as_bytes());
    }
    /// Appends raw bytes with no length prefix.
    pub fn raw(&mut self, v: &[u8]) {
        self.bytes.extend_from_slice(v);
    }
    /// Appends a u32 length prefix followed by the bytes.
    pub fn bytes(&mut self, v: &[u8]) {
        self.u32(v.len() as u32);
        self.raw(v);
    }
    /// Appends a string as length-prefixed UTF-8.
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    /// Appends a boolean as one byte (0 or 1).
    pub fn bool(&mut self, v: bool) {
        self.u8(v as u8);
    }
    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }
    /// True when nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
    /// The finished bytes.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads little-endian values from a byte slice, with offsets in every error.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    /// The current byte offset.
    pub fn offset(&self) -> usize {
        self.pos
    }
    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }
    /// An error at the current offset.
    pub fn error(&self, what: impl Into<String>) -> FormatError {
        FormatError::new(self.pos, what)
    }
    /// Takes `n` raw bytes; `what` names the field for the truncation error.
    pub fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], FormatError> {
        if n > self.remaining() {
            return Err(self.error(format!(
                "truncated {what}: needs {n} bytes, {} left",
                self.remaining()
            )));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }
    /// Reads one byte.
    pub fn u8(&mut self, what: &str) -> Result<u8, FormatError> {
        Ok(self.take(1, what)?[0])
    }
    /// Reads a little-endian u16.
    pub fn u16(&mut self, what: &str) -> Result<u16, FormatError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    /// Reads a little-endian u32.
    pub fn u32(&mut self, what: &str) -> Result<u32, FormatError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Reads a little-endian u64.
    pub fn u64(&mut self, what: &str) -> Result<u64, FormatError> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// Reads an unsigned LEB128 u32 written by [`Writer::var_u32`]; longer-than-needed
    /// forms and values above `u32::MAX` are errors, so every value has one encoding.
    pub fn var_u32(&mut self, what: &str) -> Result<u32, FormatError> {
        let v = self.var_u64(what)?;
        u32::try_from(v).map_err(|_| self.error(format!("{what}: {v} does not fit 32 bits")))
    }
    /// Reads an unsigned LEB128 u64 (shortest form only).
    pub fn var_u64(&mut self, what: &str) -> Result<u64, FormatError> {
        let at = self.pos;
        let mut v = 0u64;
        for i in 0..10 {
            let b = self.u8(what)?;
            let bits = (b & 0x7f) as u64;
            if i == 9 && b > 1 {
                return Err(FormatError::new(
                    at,
                    format!("{what}: varint overflows 64 bits"),
                ));
            }
            v |= bits << (7 * i);
            if b & 0x80 == 0 {
                if b == 0 && i > 0 {
                    return Err(FormatError::new(at, format!("{what}: overlong varint")));
                }
                return Ok(v);
            }
        }
        Err(FormatError::new(
            at,
            format!("{what}: varint longer than 10 bytes"),
        ))
    }
    /// Reads a zigzag LEB128 i32 written by [`Writer::var_i32`].
    pub fn var_i32(&mut self, what: &str) -> Result<i32, FormatError> {
        let z = self.var_u32(what)?;
        Ok(((z >> 1) as i32) ^ -((z & 1) as i32))
    }
    /// Reads a LEB128 length prefix and that many bytes.
    pub fn var_bytes(&mut self, what: &str) -> Result<&'a [u8], FormatError> {
        let n = self.var_u32(what)? as usize;
        self.take(n, what)
    }
    /// Reads a LEB128-length-prefixed UTF-8 string.
    pub fn var_str(&mut self, what: &str) -> Result<&'a str, FormatError> {
        let at = self.pos;
        let b = self.var_bytes(what)?;
        std::str::from_utf8(b).map_err(|_| FormatError::new(at, format!("{what}: invalid UTF-8")))
    }
    /// Reads a LEB128 count of items that each take at least `min_item_bytes` bytes,
    /// rejecting counts the remaining input cannot hold (see [`Reader::count`]).
    pub fn var_count(&mut self, what: &str, min_item_bytes: usize) -> Result<usize, FormatError> {
        let at = self.pos;
        let n = self.var_u32(what)? as usize;
        self.fitting_count(at, n, what, min_item_bytes)
    }
    /// Reads a boolean byte; anything but 0 or 1 is an error.
    pub fn bool(&mut self, what: &str) -> Result<bool, FormatError> {
        let at = self.pos;
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(FormatError::new(
                at,
                format!("{what}: invalid boolean byte {v}"),
            )),
        }
    }
    /// Reads a u32 length prefix and that many bytes.
    pub fn bytes(&mut self, what: &str) -> Result<&'a [u8], FormatError> {
        let n = self.u32(what)? as usize;
        self.take(n, what)
    }
    /// Reads a length-prefixed UTF-8 string.
    pub fn str(&mut self, what: &str) -> Result<&'a str, FormatError> {
        let at = self.pos;
        let b = self.bytes(what)?;
        std::str::from_utf8(b).map_err(|_| FormatError::new(at, format!("{what}: invalid UTF-8")))
    }
    /// Reads a count of items that each take at least `min_item_bytes` bytes, rejecting
    /// counts the remaining input cannot possibly hold (so no huge allocation happens).
    pub fn count(&mut self, what: &str, min_item_bytes: usize) -> Result<usize, FormatError> {
        let at = self.pos;
        let n = self.u32(what)? as usize;
        self.fitting_count(at, n, what, min_item_bytes)
    }
    /// `n` (read at `at`) if the rest of the input can hold `n` items of at least
    /// `min_item_bytes` each; the one bound behind [`Reader::count`] and
    /// [`Reader::var_count`].
    fn fitting_count(
        &self,
        at: usize,
        n: usize,
        what: &str,
        min_item_bytes: usize,
    ) -> Result<usize, FormatError> {
        if n.saturating_mul(min_item_bytes.max(1)) > self.remaining() {
            return Err(FormatError::new(
                at,
                format!(
                    "{what}: count {n} exceeds the {} bytes left",
                    self.remaining()
                ),
            ));
        }
        Ok(n)
    }
    /// Fails unless every byte has been consumed.
    pub fn finish(&self, what: &str) -> Result<(), FormatError> {
        if self.remaining() != 0 {
            return Err(self.error(format!("{} trailing bytes after {what}", self.remaining())));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut w = Writer::new();
        w.u8(7);
        w.u32(0xdead_beef);
        w.str("hé");
        w.bool(true);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes);
        assert_eq!(r.u8("a").unwrap(), 7);
        assert_eq!(r.u32("b").unwrap(), 0xdead_beef);
        assert_eq!(r.str("c").unwrap(), "hé");
        assert!(r.bool("d").unwrap());
        r.finish("test").unwrap();

        let mut r = Reader::new(&bytes[..3]);
        r.u8("a").unwrap();
        let e = r.u32("field").unwrap_err();
        assert_eq!(e.offset, 1);
        assert!(e.what.contains("truncated field"));
    }

    #[test]
    fn varints_round_trip_and_are_canonical() {
        let mut w = Writer::new();
        let values = [0u32, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
        for v in values {
            w.var_u32(v);
        }
        let signed = [0i32, -1, 1, -64, 63, -65, i32::MIN, i32::MAX];
        for v in signed {
            w.var_i32(v);
        }
        w.var_u64(u64::MAX);
        let bytes = w.finish();
        assert_eq!(&bytes[..4], &[0, 1, 127, 0x80]);
        let mut r = Reader::new(&bytes);
        for v in values {
            assert_eq!(r.var_u32("u").unwrap(), v);
        }
        for v in signed {
            assert_eq!(r.var_i32("i").unwrap(), v);
        }
        assert_eq!(r.var_u64("u64").unwrap(), u64::MAX);
        r.finish("varints").unwrap();
        // Overlong, too wide, unterminated.
        for bad in [
            &[0x80u8, 0][..],
            &[0xff, 0xff, 0xff, 0xff, 0x1f],
            &[0x80; 3],
        ] {
            assert!(Reader::new(bad).var_u32("v").is_err(), "{bad:?} accepted");
        }
        assert!(Reader::new(&[0xff; 10]).var_u64("v").is_err());
    }

    #[test]
    fn absurd_counts_are_rejected() {
        let mut w = Writer::new();
        w.u32(u32::MAX);
        let bytes = w.finish();
        let e = Reader::new(&bytes).count("items", 4).unwrap_err();
        assert!(e.what.contains("exceeds"));
    }
}
