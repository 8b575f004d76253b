//! Accounts, assets, vaults, storage and notes: the values the store keeps.
//!
//! Everything here is plain data with a deterministic encoding ([`crate::codec`]);
//! maps are `BTreeMap`s so that iteration (and therefore encoding and hashing) order
//! never depends on insertion order.

use rivet_format::CodeHash;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A 32-byte value: storage slot contents, map keys, non-fungible asset data hashes.
/// WIT's `digest` (four little-endian u64 limbs) maps onto these bytes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Word(pub [u8; 32]);

impl Word {
    /// The all-zero word: what an absent storage slot or map key reads as.
    pub const ZERO: Word = Word([0; 32]);

    /// The word from WIT `digest` limbs (limb 0 holds bytes 0..8, little-endian).
    pub fn from_limbs(limbs: [u64; 4]) -> Word {
        let mut b = [0u8; 32];
        for (i, l) in limbs.iter().enumerate() {
            b[i * 8..i * 8 + 8].copy_from_slice(&l.to_le_bytes());
        }
        Word(b)
    }

    /// The WIT `digest` limbs of this word.
    pub fn limbs(&self) -> [u64; 4] {
        let mut out = [0u64; 4];
        for (i, l) in out.iter_mut().enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&self.0[i * 8..i * 8 + 8]);
            *l = u64::from_le_bytes(b);
        }
        out
    }

    /// A word holding `v` in its first limb (counters and amounts in storage).
    pub fn from_u64(v: u64) -> Word {
        Word::from_limbs([v, 0, 0, 0])
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", CodeHash(self.0).short())
    }
}

/// Identifies an account (a faucet is an account too, and its id names its asset).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct AccountId {
    /// High half.
    pub prefix: u64,
    /// Low half.
    pub suffix: u64,
}

impl AccountId {
    /// An id from its halves.
    pub const fn new(prefix: u64, suffix: u64) -> Self {
        AccountId { prefix, suffix }
    }

    /// Key bytes (big-endian, so byte order sorts like the id).
    pub fn to_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.prefix.to_be_bytes());
        b[8..].copy_from_slice(&self.suffix.to_be_bytes());
        b
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}{:016x}", self.prefix, self.suffix)
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "acct:{self}")
    }
}

/// A unique asset: issued by `faucet`, identified by the hash of its data.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct NonFungible {
    /// The issuing faucet.
    pub faucet: AccountId,
    /// The hash of the asset's data.
    pub data_hash: Word,
}

/// Anything a vault or a note holds.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Asset {
    /// `amount` units of the asset issued by `faucet`.
    Fungible {
        /// The issuing faucet.
        faucet: AccountId,
        /// How many units.
        amount: u64,
    },
    /// A unique asset.
    NonFungible(NonFungible),
}

impl Asset {
    /// The issuing faucet.
    pub fn faucet(&self) -> AccountId {
        match self {
            Asset::Fungible { faucet, .. } => *faucet,
            Asset::NonFungible(n) => n.faucet,
        }
    }
}

/// An account's assets: fungible balances per faucet and a set of unique assets.
/// Zero balances are never stored, so equal vaults have equal encodings.
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct Vault {
    /// Balance per issuing faucet (never zero).
    pub fungible: BTreeMap<AccountId, u64>,
    /// Unique assets.
    pub non_fungible: BTreeSet<NonFungible>,
}

impl Vault {
    /// The balance of `faucet`'s fungible asset.
    pub fn balance(&self, faucet: AccountId) -> u64 {
        self.fungible.get(&faucet).copied().unwrap_or(0)
    }
}

/// An account's storage: a fixed number of value slots and map slots, declared when
/// the account is created (an index past them is `invalid-slot`).
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct Storage {
    /// Value slots, by index.
    pub values: Vec<Word>,
    /// Map slots, by index; absent keys read as [`Word::ZERO`] and are never stored.
    pub maps: Vec<BTreeMap<Word, Word>>,
}

impl Storage {
    /// Storage with `values` zeroed value slots and `maps` empty map slots.
    pub fn with_slots(values: u8, maps: u8) -> Storage {
        Storage {
            values: vec![Word::ZERO; values as usize],
            maps: vec![BTreeMap::new(); maps as usize],
        }
    }
}

/// What an account may do besides holding assets.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AccountKind {
    /// A regular account: assets only move in and out.
    Regular,
    /// A faucet: may also create (mint) assets whose faucet is its own id.
    Faucet,
}

/// An account: identity, code, storage, vault and replay-protecting nonce.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Account {
    /// Identity.
    pub id: AccountId,
    /// Regular account or faucet.
    pub kind: AccountKind,
    /// Code hashes of the account's components (their exports are its interface).
    pub code: Vec<CodeHash>,
    /// Storage slots.
    pub storage: Storage,
    /// Assets.
    pub vault: Vault,
    /// Incremented by every transaction that changes the account.
    pub nonce: u64,
}

/// A note's identity: the blake3 hash of its canonical encoding.
pub type NoteId = CodeHash;

/// A note: assets in transit plus the script that decides who may consume them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Note {
    /// Code hash of the note script run when the note is consumed.
    pub script: CodeHash,
    /// The script's inputs (e.g. the recipient's id for pay-to-id).
    pub inputs: Vec<u64>,
    /// The assets it carries.
    pub assets: Vec<Asset>,
    /// The account that created it.
    pub sender: AccountId,
    /// Distinguishes otherwise identical notes.
    pub serial: Word,
}

impl Note {
    /// The note's id: blake3 of its canonical encoding.
    pub fn id(&self) -> NoteId {
        CodeHash::of(&crate::codec::encode(self))
    }
}
