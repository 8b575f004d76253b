//! The advice channel: canonical payload bytes keyed by their blake3 hash.
//!
//! Every payload that crosses contexts (a call's arguments, its result) is encoded
//! canonically, stored in the call tree's [`AdviceMap`] under its hash, and read back
//! by hash on the other side, where the runtime re-hashes the bytes before using them
//! (a mismatch is [`CallTrap::AdviceHashMismatch`](super::CallTrap::AdviceHashMismatch)).
//!
//! # Canonical encoding
//! A payload of values `v1..vn` of types `t1..tn` is the canonical-ABI `store` of the
//! tuple `(v1, .., vn)` (type `tuple<t1, .., tn>`) into a fresh zeroed buffer: the
//! tuple at address 0, then every string and list body allocated by a bump allocator
//! that never frees, in the order the canonical ABI calls `realloc` (pre-order), each
//! at the next address aligned as the ABI asks. Padding stays zero. Resource handles
//! are stored as their call-tree handle numbers. The same values therefore always give
//! the same bytes and the same hash, whichever component produced them.

use crate::cabi::{
    self, BumpMemory, CabiError, CabiMemory, Cx, ResourceHandle, ResourceHooks, ResourceType,
};
use crate::cabi::{Type, Val};
use rivet_format::CodeHash;
use std::collections::HashMap;
use std::sync::Arc;

/// Payloads of one call tree, keyed by hash, in the order they were first produced.
///
/// Entries are [`Bytes`]: a short payload (a scalar argument or result) is held inline,
/// with no allocation, and delivered as a copy of its few bytes; a longer one is
/// shared (`Arc<Vec<u8>>`: the encoder's buffer itself, never copied), and the runtime
/// delivers it to its receiver by
/// handing out the very bytes it stored, never a copy.
///
/// A call tree usually produces a handful of payloads, so the entries are a plain
/// vector searched linearly; past [`INDEX_AFTER`] entries a hash index is built (keyed
/// by the first 8 bytes of the blake3 hash, which are uniformly distributed and not
/// chosen by a guest, so no keyed hasher is needed). Equality is a map's: the same
/// entries, whatever their order.
#[derive(Debug, Clone, Default)]
pub struct AdviceMap {
    entries: Vec<(CodeHash, Bytes)>,
    /// Position of each entry by hash, once there are more than [`INDEX_AFTER`].
    index: Option<HashMap<CodeHash, usize, BuildPrefix>>,
    bytes: u64,
}

/// A hash as four words, for fast comparison.
fn words(h: &CodeHash) -> [u64; 4] {
    let w = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&h.0[8 * i..8 * i + 8]);
        u64::from_ne_bytes(b)
    };
    [w(0), w(1), w(2), w(3)]
}

/// Longest payload an advice entry holds inline.
const INLINE_BYTES: usize = 30;

// `Bytes::from_padded` copies the inline length from a scalar payload's buffer.
const _: () = assert!(INLINE_BYTES <= crate::cabi::MAX_SCALAR_BYTES);

/// A payload's bytes as an advice entry holds them: inline up to [`INLINE_BYTES`]
/// (no allocation; cloning copies them), shared beyond (cloning shares them).
#[derive(Clone)]
pub(crate) enum Bytes {
    /// A short payload, in place.
    Inline { buf: [u8; INLINE_BYTES], len: u8 },
    /// A longer payload, shared with its receivers (the buffer it was built in).
    Shared(Arc<Vec<u8>>),
}

impl Bytes {
    /// `bytes`, inline when they fit.
    #[inline]
    pub(crate) fn new(bytes: &[u8]) -> Bytes {
        match bytes.len() {
            len @ 0..=INLINE_BYTES => {
                let mut buf = [0; INLINE_BYTES];
                buf[..len].copy_from_slice(bytes);
                Bytes::Inline {
                    buf,
                    len: len as u8,
                }
            }
            _ => Bytes::Shared(Arc::new(bytes.to_vec())),
        }
    }

    /// The first `len` bytes of `padded`, inline when they fit: a fixed-size copy of
    /// the buffer's head (two register moves), where [`Bytes::new`] copies `len`.
    #[inline]
    pub(crate) fn from_padded(padded: &[u8; crate::cabi::MAX_SCALAR_BYTES], len: usize) -> Bytes {
        if len > INLINE_BYTES {
            return Bytes::new(&padded[..len.min(padded.len())]);
        }
        let mut buf = [0; INLINE_BYTES];
        buf.copy_from_slice(&padded[..INLINE_BYTES]);
        Bytes::Inline {
            buf,
            len: len as u8,
        }
    }
}

impl From<Vec<u8>> for Bytes {
    /// Short bytes inline, longer ones shared without a copy.
    fn from(v: Vec<u8>) -> Bytes {
        if v.len() <= INLINE_BYTES {
            Bytes::new(&v)
        } else {
            Bytes::Shared(Arc::new(v))
        }
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Inline { buf, len } => &buf[..*len as usize],
            Bytes::Shared(b) => b,
        }
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Entries searched linearly before [`AdviceMap`] builds its index.
const INDEX_AFTER: usize = 16;

/// Hashes a [`CodeHash`] as its first 8 bytes (it is already a cryptographic hash).
#[derive(Debug, Clone, Copy, Default)]
struct BuildPrefix;

/// The [`Hasher`](std::hash::Hasher) of [`BuildPrefix`].
#[derive(Default)]
struct Prefix(u64);

impl std::hash::Hasher for Prefix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // `CodeHash` hashes its 32-byte array (a length prefix first, then the bytes):
        // fold everything in, the prefix costs nothing.
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(w);
        }
    }
}

impl std::hash::BuildHasher for BuildPrefix {
    type Hasher = Prefix;
    fn build_hasher(&self) -> Prefix {
        Prefix(0)
    }
}

impl PartialEq for AdviceMap {
    fn eq(&self, other: &AdviceMap) -> bool {
        self.len() == other.len()
            && self
                .entries
                .iter()
                .all(|(h, b)| other.get(h) == Some(&b[..]))
    }
}

impl Eq for AdviceMap {}

impl AdviceMap {
    /// An empty map.
    pub fn new() -> Self {
        AdviceMap::default()
    }

    /// An empty map with room for `n` entries before it grows.
    pub(crate) fn with_capacity(n: usize) -> Self {
        AdviceMap {
            entries: Vec::with_capacity(n),
            ..AdviceMap::default()
        }
    }

    /// Position of `hash` among the entries.
    fn position(&self, hash: &CodeHash) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(hash).copied(),
            None => {
                // Compared as four words (a byte-array `==` calls `memcmp`).
                let key = words(hash);
                self.entries.iter().position(|(h, _)| words(h) == key)
            }
        }
    }

    /// The bytes stored under `hash` (not verified: the runtime verifies on use).
    pub fn get(&self, hash: &CodeHash) -> Option<&[u8]> {
        self.position(hash).map(|i| &self.entries[i].1[..])
    }

    /// The shared bytes under `hash`, to deliver without copying.
    pub(crate) fn get_shared(&self, hash: &CodeHash) -> Option<Bytes> {
        self.position(hash).map(|i| self.entries[i].1.clone())
    }

    /// Stores `bytes` under `hash` as given (a witness built by hand, or a test
    /// tampering with one); returns the previous bytes.
    pub fn insert(&mut self, hash: CodeHash, bytes: Vec<u8>) -> Option<Vec<u8>> {
        self.insert_shared(hash, Bytes::from(bytes))
            .map(|old| old.to_vec())
    }

    /// [`AdviceMap::insert`] of bytes the caller keeps sharing. A replaced entry keeps
    /// its position.
    fn insert_shared(&mut self, hash: CodeHash, bytes: Bytes) -> Option<Bytes> {
        self.bytes += bytes.len() as u64;
        if let Some(i) = self.position(&hash) {
            let old = std::mem::replace(&mut self.entries[i].1, bytes);
            self.bytes -= old.len() as u64;
            return Some(old);
        }
        self.entries.push((hash, bytes));
        self.reindex();
        None
    }

    /// Entries in production order.
    pub fn iter(&self) -> impl Iterator<Item = (&CodeHash, &[u8])> {
        self.entries.iter().map(|(h, b)| (h, &b[..]))
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

    /// Appends an entry for a `hash` known to be absent (no search; the caller just
    /// checked with [`AdviceMap::contains`]).
    pub(crate) fn push_new(&mut self, hash: CodeHash, bytes: Bytes) {
        self.push_new_with(hash, || bytes);
    }

    /// [`AdviceMap::push_new`] of the entry `make` builds, built only once the vector
    /// has room: with no call in between, the bytes go straight into the vector's slot
    /// instead of through a temporary (whose copy, right after it was written, the
    /// processor cannot forward from its store buffer).
    #[inline]
    pub(crate) fn push_new_with(&mut self, hash: CodeHash, make: impl FnOnce() -> Bytes) {
        debug_assert!(!self.contains(&hash));
        self.entries.reserve(1);
        let len = self.entries.len();
        let slot = self.entries.spare_capacity_mut()[0].write((hash, make()));
        let added = slot.1.len() as u64;
        // SAFETY: `reserve` made room for the slot at `len`, which `write` just
        // initialised.
        unsafe { self.entries.set_len(len + 1) };
        self.bytes += added;
        self.reindex();
    }

    /// Keeps the index in step with the entries (built once past [`INDEX_AFTER`]).
    fn reindex(&mut self) {
        let last = self.entries.len() - 1;
        match &mut self.index {
            Some(index) => {
                index.insert(self.entries[last].0, last);
            }
            None if self.entries.len() > INDEX_AFTER => {
                let mut index = HashMap::with_capacity_and_hasher(2 * INDEX_AFTER, BuildPrefix);
                for (i, (h, _)) in self.entries.iter().enumerate() {
                    index.insert(*h, i);
                }
                self.index = Some(index);
            }
            None => {}
        }
    }

    /// True when `hash` is present.
    pub fn contains(&self, hash: &CodeHash) -> bool {
        self.position(hash).is_some()
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

/// Builds a payload of the tuple type `tuple`: allocates the tuple at address 0 of a
/// fresh encoder memory and runs `fill` to write it there (and every string and list
/// body after it, through the encoder's bump allocator); returns the canonical bytes.
/// Handles are written as their call-tree numbers. The payload may not exceed
/// `max_len` bytes (the advice limit): the encoder refuses to grow past it
/// ([`CabiError::PayloadTooLarge`]), so the host never holds a larger one.
pub(crate) fn build<R>(
    tuple: &Type,
    max_len: u64,
    fill: impl FnOnce(&mut Cx) -> Result<R, CabiError>,
) -> Result<(Vec<u8>, R), CabiError> {
    let mut buf = BumpMemory::growable_up_to(tuple.size() as usize, max_len);
    let mut hooks = Numbers;
    let mut cx = Cx::new(&mut buf, &mut hooks);
    let at = cx.memory.realloc(0, 0, tuple.align(), tuple.size())?;
    if at != 0 {
        return Err(CabiError::Realloc("advice tuple not at address 0".into()));
    }
    let r = fill(&mut cx)?;
    Ok((buf.bytes, r))
}

/// Runs `read` against a decoder over the canonical bytes `bytes` (the tuple at
/// address 0; handles read as call-tree numbers).
pub(crate) fn view<R>(
    bytes: &[u8],
    read: impl FnOnce(&mut Cx) -> Result<R, CabiError>,
) -> Result<R, CabiError> {
    let mut view = View(bytes);
    let mut hooks = Numbers;
    read(&mut Cx::new(&mut view, &mut hooks))
}

/// Encodes `vals` as the tuple type `tuple` (see the module docs).
pub fn encode(tuple: &Type, vals: &[Val]) -> Result<Vec<u8>, CabiError> {
    encode_up_to(tuple, vals, u32::MAX as u64 + 1)
}

/// [`encode`], refusing payloads over `max_len` bytes before allocating them.
pub fn encode_up_to(tuple: &Type, vals: &[Val], max_len: u64) -> Result<Vec<u8>, CabiError> {
    build(tuple, max_len, |cx| {
        cabi::lower::store_tuple_at(cx, vals, tuple, 0)
    })
    .map(|(b, ())| b)
}

/// Decodes bytes produced by [`encode`] for the same tuple type.
pub fn decode(tuple: &Type, bytes: &[u8]) -> Result<Vec<Val>, CabiError> {
    decode_within(tuple, bytes, None)
}

/// [`decode`], building at most `host_budget` bytes of host values (see
/// [`Cx::host_budget`]; `None` is unbounded).
pub fn decode_within(
    tuple: &Type,
    bytes: &[u8],
    host_budget: Option<u64>,
) -> Result<Vec<Val>, CabiError> {
    let lifted = view(bytes, |cx| {
        cx.host_budget = host_budget;
        cx.spend_host(cabi::lift::host_cost(tuple))?;
        cabi::load(cx, tuple, 0)
    })?;
    match lifted {
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
        let bytes = encode(&t, &vals).unwrap();
        // tuple at 0 (u8, pad, string ptr/len, list ptr/len), then "hi" at 20, then
        // the list aligned to 4 at 24.
        let mut want = vec![7, 0, 0, 0, 20, 0, 0, 0, 2, 0, 0, 0, 24, 0, 0, 0, 2, 0, 0, 0];
        want.extend([b'h', b'i', 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
        assert_eq!(bytes, want);
        assert_eq!(decode(&t, &bytes).unwrap(), vals);
        // Empty payloads are empty, and decoding checks the bytes against the type.
        let unit = Type::tuple_allow_empty(vec![]).unwrap();
        assert!(encode(&unit, &[]).unwrap().is_empty());
        assert!(decode(&t, &bytes[..10]).is_err());
        assert!(encode(&t, &[Val::U8(1)]).is_err());
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

    #[test]
    fn short_payloads_are_inline_and_long_ones_shared() {
        for len in [0, 1, INLINE_BYTES, INLINE_BYTES + 1, 1036] {
            let v: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5a).collect();
            let (a, b) = (Bytes::new(&v), Bytes::from(v.clone()));
            assert_eq!((&a[..], &b[..]), (&v[..], &v[..]));
            let inline = len <= INLINE_BYTES;
            assert_eq!(matches!(a, Bytes::Inline { .. }), inline);
            assert_eq!(matches!(b, Bytes::Inline { .. }), inline);
            // A delivered copy shares a long payload with the stored entry.
            if let (Bytes::Shared(x), Bytes::Shared(y)) = (&b, &b.clone()) {
                assert!(Arc::ptr_eq(x, y));
            }
            // Appending a new entry accounts it like `insert` does.
            let mut m = AdviceMap::new();
            let h = CodeHash::of(&v);
            m.push_new(h, b);
            assert_eq!((m.get(&h), m.total_bytes()), (Some(&v[..]), len as u64));
            assert_eq!(m.insert(h, vec![1]), Some(v));
        }
    }

    #[test]
    fn many_entries_are_indexed_and_keep_their_order() {
        let mut a = AdviceMap::new();
        let mut b = AdviceMap::new();
        let keys: Vec<CodeHash> = (0..3 * INDEX_AFTER as u32)
            .map(|i| CodeHash::of(&i.to_le_bytes()))
            .collect();
        for (i, h) in keys.iter().enumerate() {
            assert!(a.insert(*h, vec![i as u8; i]).is_none());
        }
        for (i, h) in keys.iter().enumerate().rev() {
            b.insert(*h, vec![i as u8; i]);
        }
        assert!(a.index.is_some());
        assert_eq!(a, b, "equality ignores order");
        assert!(a.iter().map(|(h, _)| *h).eq(keys.iter().copied()));
        for (i, h) in keys.iter().enumerate() {
            assert_eq!(a.get(h), Some(&vec![i as u8; i][..]));
        }
        // Replacing keeps the position; a different value makes the maps differ.
        assert_eq!(a.insert(keys[20], vec![1]), Some(vec![20; 20]));
        assert_eq!(a.iter().nth(20).map(|(h, _)| *h), Some(keys[20]));
        assert_ne!(a, b);
        assert!(!a.contains(&CodeHash::of(b"absent")));
        let total: u64 = a.iter().map(|(_, b)| b.len() as u64).sum();
        assert_eq!(a.total_bytes(), total);
    }
}
