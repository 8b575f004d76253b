//! The advice channel: canonical payload bytes keyed by their blake3 hash.
//!
//! Every payload that crosses contexts (a call's arguments, its result) is encoded
//! canonically, stored in the call tree's [`AdviceMap`] under its hash, and read back
//! by hash on the other side, where the runtime re-hashes the bytes before using them
//! (a mismatch is [`Trap::AdviceHashMismatch`](super::Trap::AdviceHashMismatch)).
//!
//! # Canonical encoding
//! A payload of values `v1..vn` of types `t1..tn` is the canonical-ABI `store` of the
//! tuple `(v1, .., vn)` (type `tuple<t1, .., tn>`) into a fresh zeroed buffer: the
//! tuple at address 0, then every string and list body allocated by a bump allocator
//! that never frees, in the order the canonical ABI calls `realloc` (pre-order), each
//! at the next address aligned as the ABI asks. Padding stays zero. Resource handles
//! are stored as their call-tree handle numbers. The same values therefore always give
//! the same bytes and the same hash, whichever component produced them.

use crate::cabi::{self, CabiError, CabiMemory, Cx, ResourceHandle, ResourceHooks, ResourceType};
use crate::cabi::{Type, Val};
use indexmap::IndexMap;
use rivet_format::CodeHash;

/// Payloads of one call tree, keyed by hash, in the order they were first produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdviceMap {
    entries: IndexMap<CodeHash, Vec<u8>>,
    bytes: u64,
}

impl AdviceMap {
    /// An empty map.
    pub fn new() -> Self {
        AdviceMap::default()
    }

    /// The bytes stored under `hash` (not verified: the runtime verifies on use).
    pub fn get(&self, hash: &CodeHash) -> Option<&[u8]> {
        self.entries.get(hash).map(Vec::as_slice)
    }

    /// Stores `bytes` under `hash` as given (a witness built by hand, or a test
    /// tampering with one); returns the previous bytes.
    pub fn insert(&mut self, hash: CodeHash, bytes: Vec<u8>) -> Option<Vec<u8>> {
        self.bytes += bytes.len() as u64;
        let old = self.entries.insert(hash, bytes);
        if let Some(o) = &old {
            self.bytes -= o.len() as u64;
        }
        old
    }

    /// Entries in production order.
    pub fn iter(&self) -> impl Iterator<Item = (&CodeHash, &[u8])> {
        self.entries.iter().map(|(h, b)| (h, b.as_slice()))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Total payload bytes held.
    pub fn total_bytes(&self) -> u64 {
        self.bytes
    }

    /// True when `hash` is present.
    pub fn contains(&self, hash: &CodeHash) -> bool {
        self.entries.contains_key(hash)
    }
}

/// A growable host buffer with a bump allocator (the encoder's memory).
struct Buffer {
    bytes: Vec<u8>,
    next: u32,
}

impl CabiMemory for Buffer {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
    fn realloc(
        &mut self,
        old_ptr: u32,
        old_size: u32,
        align: u32,
        new_size: u32,
    ) -> Result<u32, CabiError> {
        if old_ptr != 0 || old_size != 0 || align == 0 || !align.is_power_of_two() {
            return Err(CabiError::Realloc(
                "advice encoder only allocates fresh blocks".into(),
            ));
        }
        let too_big = || CabiError::Realloc("advice payload exceeds 4 GiB".into());
        let ptr = self
            .next
            .checked_next_multiple_of(align)
            .ok_or_else(too_big)?;
        let end = ptr.checked_add(new_size).ok_or_else(too_big)?;
        if end as usize > self.bytes.len() {
            self.bytes.resize(end as usize, 0);
        }
        self.next = end;
        Ok(ptr)
    }
}

/// A read-only view used to decode.
struct View<'a>(&'a [u8]);

impl CabiMemory for View<'_> {
    fn bytes(&self) -> &[u8] {
        self.0
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut []
    }
    fn realloc(&mut self, _: u32, _: u32, _: u32, _: u32) -> Result<u32, CabiError> {
        Err(CabiError::Realloc("advice decoding never allocates".into()))
    }
}

/// Handles travel as their call-tree numbers.
struct Numbers;

impl ResourceHooks for Numbers {
    fn lower_own(&mut self, _: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        Ok(h.0)
    }
    fn lower_borrow(&mut self, _: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        Ok(h.0)
    }
    fn lift_own(&mut self, _: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        Ok(ResourceHandle(i))
    }
    fn lift_borrow(&mut self, _: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        Ok(ResourceHandle(i))
    }
}

/// Encodes `vals` as the tuple type `tuple` (see the module docs).
pub fn encode(tuple: &Type, vals: Vec<Val>) -> Result<Vec<u8>, CabiError> {
    let mut buf = Buffer {
        bytes: Vec::with_capacity(tuple.size() as usize),
        next: 0,
    };
    let mut hooks = Numbers;
    let mut cx = Cx::new(&mut buf, &mut hooks);
    let at = cx.memory.realloc(0, 0, tuple.align(), tuple.size())?;
    cabi::store(&mut cx, &Val::Tuple(vals), tuple, at)?;
    Ok(buf.bytes)
}

/// Decodes bytes produced by [`encode`] for the same tuple type.
pub fn decode(tuple: &Type, bytes: &[u8]) -> Result<Vec<Val>, CabiError> {
    let mut view = View(bytes);
    let mut hooks = Numbers;
    let mut cx = Cx::new(&mut view, &mut hooks);
    match cabi::load(&mut cx, tuple, 0)? {
        Val::Tuple(vs) => Ok(vs),
        other => Err(CabiError::TypeMismatch {
            path: String::new(),
            expected: "tuple".into(),
            found: other.kind_name().into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_bytes_round_trip() {
        let t = Type::tuple(vec![Type::U8, Type::String, Type::list(Type::U32)]).unwrap();
        let vals = vec![
            Val::U8(7),
            Val::String("hi".into()),
            Val::List(vec![Val::U32(1), Val::U32(2)]),
        ];
        let bytes = encode(&t, vals.clone()).unwrap();
        // tuple at 0 (u8, pad, string ptr/len, list ptr/len), then "hi" at 20, then
        // the list aligned to 4 at 24.
        let mut want = vec![7, 0, 0, 0, 20, 0, 0, 0, 2, 0, 0, 0, 24, 0, 0, 0, 2, 0, 0, 0];
        want.extend([b'h', b'i', 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
        assert_eq!(bytes, want);
        assert_eq!(decode(&t, &bytes).unwrap(), vals);
        // Empty payloads are empty, and decoding checks the bytes against the type.
        let unit = Type::tuple_allow_empty(vec![]).unwrap();
        assert!(encode(&unit, vec![]).unwrap().is_empty());
        assert!(decode(&t, &bytes[..10]).is_err());
        assert!(encode(&t, vec![Val::U8(1)]).is_err());
    }

    #[test]
    fn map_accounts_bytes() {
        let mut m = AdviceMap::new();
        let h = CodeHash::of(b"abc");
        assert!(m.insert(h, b"abc".to_vec()).is_none());
        assert_eq!(m.insert(h, b"abcd".to_vec()).as_deref(), Some(&b"abc"[..]));
        assert_eq!((m.len(), m.total_bytes()), (1, 4));
        assert!(m.contains(&h) && m.get(&h) == Some(&b"abcd"[..]));
    }
}
