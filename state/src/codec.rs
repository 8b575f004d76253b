//! Deterministic encoding of the state model with `rivet_format::codec`.
//!
//! Every value has exactly one encoding (maps and sets in key order, fixed-width
//! little-endian integers, length-prefixed sequences), so hashes of encodings (note
//! ids, transaction ids) are stable. Decoding is bounded and never panics: a
//! corrupted database record becomes a [`FormatError`] naming the byte offset.

use crate::delta::{AccountDelta, VaultDelta};
use crate::model::{
    Account, AccountId, AccountKind, Asset, NonFungible, Note, Storage, Vault, Word,
};
use crate::tx::TxResult;
use rivet_format::codec::{FormatError, Reader, Writer};
use rivet_format::CodeHash;
use std::collections::{BTreeMap, BTreeSet};

/// A value with a canonical byte encoding.
pub trait Encode {
    /// Appends the encoding to `w`.
    fn write(&self, w: &mut Writer);
}

/// A value that can be read back from its canonical encoding.
pub trait Decode: Sized {
    /// Reads one value.
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError>;
}

/// The canonical bytes of `v`.
pub fn encode<T: Encode + ?Sized>(v: &T) -> Vec<u8> {
    let mut w = Writer::new();
    v.write(&mut w);
    w.finish()
}

/// Decodes exactly one `T` from `bytes` (trailing bytes are an error).
pub fn decode<T: Decode>(bytes: &[u8], what: &str) -> Result<T, FormatError> {
    let mut r = Reader::new(bytes);
    let v = T::read(&mut r)?;
    r.finish(what)?;
    Ok(v)
}

fn word(r: &mut Reader<'_>, what: &str) -> Result<[u8; 32], FormatError> {
    let mut b = [0u8; 32];
    b.copy_from_slice(r.take(32, what)?);
    Ok(b)
}

impl Encode for Word {
    fn write(&self, w: &mut Writer) {
        w.raw(&self.0);
    }
}
impl Decode for Word {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(Word(word(r, "word")?))
    }
}

impl Encode for CodeHash {
    fn write(&self, w: &mut Writer) {
        w.raw(&self.0);
    }
}
impl Decode for CodeHash {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(CodeHash(word(r, "hash")?))
    }
}

impl Encode for AccountId {
    fn write(&self, w: &mut Writer) {
        w.u64(self.prefix);
        w.u64(self.suffix);
    }
}
impl Decode for AccountId {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(AccountId::new(r.u64("account id")?, r.u64("account id")?))
    }
}

impl Encode for NonFungible {
    fn write(&self, w: &mut Writer) {
        self.faucet.write(w);
        self.data_hash.write(w);
    }
}
impl Decode for NonFungible {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(NonFungible {
            faucet: AccountId::read(r)?,
            data_hash: Word::read(r)?,
        })
    }
}

impl Encode for Asset {
    fn write(&self, w: &mut Writer) {
        match self {
            Asset::Fungible { faucet, amount } => {
                w.u8(0);
                faucet.write(w);
                w.u64(*amount);
            }
            Asset::NonFungible(n) => {
                w.u8(1);
                n.write(w);
            }
        }
    }
}
impl Decode for Asset {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let at = r.offset();
        match r.u8("asset tag")? {
            0 => Ok(Asset::Fungible {
                faucet: AccountId::read(r)?,
                amount: r.u64("amount")?,
            }),
            1 => Ok(Asset::NonFungible(NonFungible::read(r)?)),
            t => Err(FormatError::new(at, format!("asset tag {t} is not 0 or 1"))),
        }
    }
}

impl<T: Encode> Encode for [T] {
    fn write(&self, w: &mut Writer) {
        w.u32(self.len() as u32);
        for v in self {
            v.write(w);
        }
    }
}
impl<T: Encode> Encode for Vec<T> {
    fn write(&self, w: &mut Writer) {
        self.as_slice().write(w);
    }
}
impl<T: Decode> Decode for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let n = r.count("sequence", 1)?;
        (0..n).map(|_| T::read(r)).collect()
    }
}

impl Encode for u64 {
    fn write(&self, w: &mut Writer) {
        w.u64(*self);
    }
}
impl Decode for u64 {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        r.u64("u64")
    }
}

impl Encode for u8 {
    fn write(&self, w: &mut Writer) {
        w.u8(*self);
    }
}
impl Decode for u8 {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        r.u8("u8")
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn write(&self, w: &mut Writer) {
        self.0.write(w);
        self.1.write(w);
    }
}
impl<A: Decode, B: Decode> Decode for (A, B) {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok((A::read(r)?, B::read(r)?))
    }
}

impl<K: Encode, V: Encode> Encode for BTreeMap<K, V> {
    fn write(&self, w: &mut Writer) {
        w.u32(self.len() as u32);
        for (k, v) in self {
            k.write(w);
            v.write(w);
        }
    }
}
/// Maps must be written in strictly increasing key order: anything else is a second
/// encoding of the same value and is rejected.
impl<K: Decode + Ord, V: Decode> Decode for BTreeMap<K, V> {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let n = r.count("map", 1)?;
        let mut out = BTreeMap::new();
        for _ in 0..n {
            let at = r.offset();
            let k = K::read(r)?;
            if out.last_key_value().is_some_and(|(last, _)| *last >= k) {
                return Err(FormatError::new(at, "map keys out of order or repeated"));
            }
            let v = V::read(r)?;
            out.insert(k, v);
        }
        Ok(out)
    }
}

impl<K: Encode> Encode for BTreeSet<K> {
    fn write(&self, w: &mut Writer) {
        w.u32(self.len() as u32);
        for k in self {
            k.write(w);
        }
    }
}
impl<K: Decode + Ord> Decode for BTreeSet<K> {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let n = r.count("set", 1)?;
        let mut out = BTreeSet::new();
        for _ in 0..n {
            let at = r.offset();
            let k = K::read(r)?;
            if out.last().is_some_and(|last| *last >= k) {
                return Err(FormatError::new(at, "set items out of order or repeated"));
            }
            out.insert(k);
        }
        Ok(out)
    }
}

impl Encode for Vault {
    fn write(&self, w: &mut Writer) {
        self.fungible.write(w);
        self.non_fungible.write(w);
    }
}
impl Decode for Vault {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let at = r.offset();
        let v = Vault {
            fungible: BTreeMap::read(r)?,
            non_fungible: BTreeSet::read(r)?,
        };
        if v.fungible.values().any(|a| *a == 0) {
            return Err(FormatError::new(at, "vault holds a zero balance"));
        }
        Ok(v)
    }
}

impl Encode for Storage {
    fn write(&self, w: &mut Writer) {
        self.values.write(w);
        self.maps.write(w);
    }
}
impl Decode for Storage {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let at = r.offset();
        let s = Storage {
            values: Vec::read(r)?,
            maps: Vec::read(r)?,
        };
        if s.values.len() > 256 || s.maps.len() > 256 {
            return Err(FormatError::new(at, "more than 256 storage slots"));
        }
        Ok(s)
    }
}

impl Encode for AccountKind {
    fn write(&self, w: &mut Writer) {
        w.u8(match self {
            AccountKind::Regular => 0,
            AccountKind::Faucet => 1,
        });
    }
}
impl Decode for AccountKind {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let at = r.offset();
        match r.u8("account kind")? {
            0 => Ok(AccountKind::Regular),
            1 => Ok(AccountKind::Faucet),
            k => Err(FormatError::new(
                at,
                format!("account kind {k} is not 0 or 1"),
            )),
        }
    }
}

impl Encode for Account {
    fn write(&self, w: &mut Writer) {
        self.id.write(w);
        self.kind.write(w);
        self.code.write(w);
        self.storage.write(w);
        self.vault.write(w);
        w.u64(self.nonce);
    }
}
impl Decode for Account {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(Account {
            id: AccountId::read(r)?,
            kind: AccountKind::read(r)?,
            code: Vec::read(r)?,
            storage: Storage::read(r)?,
            vault: Vault::read(r)?,
            nonce: r.u64("nonce")?,
        })
    }
}

impl Encode for Note {
    fn write(&self, w: &mut Writer) {
        self.script.write(w);
        self.inputs.write(w);
        self.assets.write(w);
        self.sender.write(w);
        self.serial.write(w);
    }
}
impl Decode for Note {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(Note {
            script: CodeHash::read(r)?,
            inputs: Vec::read(r)?,
            assets: Vec::read(r)?,
            sender: AccountId::read(r)?,
            serial: Word::read(r)?,
        })
    }
}

impl Encode for VaultDelta {
    fn write(&self, w: &mut Writer) {
        w.u32(self.fungible.len() as u32);
        for (faucet, change) in &self.fungible {
            faucet.write(w);
            w.raw(&change.to_le_bytes());
        }
        self.added.write(w);
        self.removed.write(w);
    }
}
impl Decode for VaultDelta {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let n = r.count("vault delta", 32)?;
        let mut fungible = BTreeMap::new();
        for _ in 0..n {
            let at = r.offset();
            let faucet = AccountId::read(r)?;
            let mut b = [0u8; 16];
            b.copy_from_slice(r.take(16, "balance change")?);
            let change = i128::from_le_bytes(b);
            if change == 0 || fungible.last_key_value().is_some_and(|(k, _)| *k >= faucet) {
                return Err(FormatError::new(
                    at,
                    "vault delta entry is zero, repeated or out of order",
                ));
            }
            fungible.insert(faucet, change);
        }
        Ok(VaultDelta {
            fungible,
            added: BTreeSet::read(r)?,
            removed: BTreeSet::read(r)?,
        })
    }
}

impl Encode for AccountDelta {
    fn write(&self, w: &mut Writer) {
        self.values.write(w);
        self.maps.write(w);
        self.vault.write(w);
        w.bool(self.nonce_incremented);
    }
}
impl Decode for AccountDelta {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(AccountDelta {
            values: BTreeMap::read(r)?,
            maps: BTreeMap::read(r)?,
            vault: VaultDelta::read(r)?,
            nonce_incremented: r.bool("nonce incremented")?,
        })
    }
}

impl Encode for TxResult {
    fn write(&self, w: &mut Writer) {
        self.account.write(w);
        w.u64(self.base_nonce);
        self.delta.write(w);
        self.consumed.write(w);
        self.outputs.write(w);
        w.u64(self.gas_used);
        w.bytes(&self.witness);
    }
}
impl Decode for TxResult {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        Ok(TxResult {
            account: AccountId::read(r)?,
            base_nonce: r.u64("base nonce")?,
            delta: AccountDelta::read(r)?,
            consumed: Vec::read(r)?,
            outputs: Vec::read(r)?,
            gas_used: r.u64("gas used")?,
            witness: r.bytes("witness")?.to_vec(),
        })
    }
}
