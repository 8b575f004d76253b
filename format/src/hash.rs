//! Content hashes: a package is identified by the blake3 hash of its canonical bytes.

use std::fmt;

/// A 32-byte blake3 digest identifying a package, manifest or advice payload.
///
/// Identity by content (rather than by name) is what lets the linker and the runtime
/// agree on *exactly* which code runs, and lets a witness be replayed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CodeHash(pub [u8; 32]);

impl CodeHash {
    /// Hashes `bytes` with blake3.
    pub fn of(bytes: &[u8]) -> Self {
        CodeHash(*blake3::hash(bytes).as_bytes())
    }

    /// The lowercase hex form used in manifests, CLI output and file names.
    pub fn to_hex(&self) -> String {
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }

    /// Parses the 64-digit hex form; `None` when it is not exactly that.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            out[i] = (hi * 16 + lo) as u8;
        }
        Some(CodeHash(out))
    }

    /// The first 8 hex digits, for human-facing output.
    pub fn short(&self) -> String {
        self.to_hex()[..8].to_string()
    }
}

impl fmt::Display for CodeHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for CodeHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CodeHash({})", self.short())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let h = CodeHash::of(b"rivet");
        assert_eq!(CodeHash::from_hex(&h.to_hex()), Some(h));
        assert_eq!(CodeHash::from_hex("zz"), None);
        assert_eq!(CodeHash::from_hex(&"g".repeat(64)), None);
        assert_ne!(CodeHash::of(b"a"), CodeHash::of(b"b"));
    }
}
