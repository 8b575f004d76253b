//! A fast hasher for the runtime's fixed lookup tables.
//!
//! Export names, call numbers and short export keys are looked up on every call, and
//! the standard library's SipHash costs tens of nanoseconds per lookup there. These
//! tables are built once from a package or a manifest and never take keys from a
//! running guest, so hash flooding (what SipHash's keying protects against) does not
//! apply: a multiplicative hash taking 8 bytes per step (as rustc's `FxHasher`) is
//! enough.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Word-at-a-time multiplicative hashing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Fast(u64);

const K: u64 = 0xf135_7aea_2e62_a9c5;

impl Fast {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for Fast {
    fn finish(&self) -> u64 {
        // Spread the high bits (the best mixed) over the low ones the table uses.
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The zero-padded little-endian word, byte by byte (no variable-length copy).
            let w = rest
                .iter()
                .enumerate()
                .fold(0u64, |w, (k, b)| w | (*b as u64) << (8 * k));
            self.add(w);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` hashed with [`Fast`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fast>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_strings_differ_by_every_byte() {
        let mut m: FastMap<String, u32> = FastMap::default();
        m.insert("x#y".into(), 1);
        m.insert("x#z".into(), 2);
        assert_eq!(
            (m.get("x#y"), m.get("x#z"), m.get("q")),
            (Some(&1), Some(&2), None)
        );
        let h = |s: &str| {
            let mut f = Fast::default();
            f.write(s.as_bytes());
            f.finish()
        };
        let base = "bench:calls/api@1.0.0#add";
        for i in 0..base.len() {
            let mut other = base.as_bytes().to_vec();
            other[i] ^= 1;
            assert_ne!(h(base), h(std::str::from_utf8(&other).unwrap()), "byte {i}");
        }
        let mut n: FastMap<u32, usize> = FastMap::default();
        n.extend((0..1000).map(|i| (i, i as usize)));
        assert!((0..1000).all(|i| n[&i] == i as usize));
    }
}
