//! Constructors and accessors for account ids, digests and assets.
//!
//! Notes carry their parameters as `list<u64>` inputs, so account ids convert to and
//! from two input words; storage slots hold digests, so small integers convert to and
//! from a digest's first limb.

use crate::types::{AccountError, AccountId, Asset, Digest, FungibleAsset};
use alloc::string::String;

impl AccountId {
    /// An account id from its two halves.
    pub const fn new(prefix: u64, suffix: u64) -> Self {
        AccountId { prefix, suffix }
    }

    /// Reads an account id from note inputs `[prefix, suffix, ..]`.
    pub fn from_inputs(inputs: &[u64]) -> Option<Self> {
        match inputs {
            [prefix, suffix, ..] => Some(AccountId::new(*prefix, *suffix)),
            _ => None,
        }
    }

    /// The id as note inputs `[prefix, suffix]`.
    pub const fn to_inputs(self) -> [u64; 2] {
        [self.prefix, self.suffix]
    }
}

impl Digest {
    /// The all-zero digest (what absent storage reads as).
    pub const ZERO: Digest = Digest {
        w0: 0,
        w1: 0,
        w2: 0,
        w3: 0,
    };

    /// A digest holding `v` in its first limb (a counter or amount in a storage slot).
    pub const fn from_u64(v: u64) -> Self {
        Digest {
            w0: v,
            w1: 0,
            w2: 0,
            w3: 0,
        }
    }

    /// The first limb (the inverse of [`Digest::from_u64`]).
    pub const fn as_u64(&self) -> u64 {
        self.w0
    }

    /// The digest's 32 bytes (limb 0 little-endian first), e.g. a public key or the
    /// message a signer signed.
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut b = [0u8; 32];
        for (i, l) in [self.w0, self.w1, self.w2, self.w3].iter().enumerate() {
            b[i * 8..i * 8 + 8].copy_from_slice(&l.to_le_bytes());
        }
        b
    }

    /// The digest of 32 bytes (the inverse of [`Digest::to_bytes`]).
    pub fn from_bytes(b: &[u8; 32]) -> Self {
        let limb = |i: usize| {
            let mut l = [0u8; 8];
            l.copy_from_slice(&b[i * 8..i * 8 + 8]);
            u64::from_le_bytes(l)
        };
        Digest {
            w0: limb(0),
            w1: limb(1),
            w2: limb(2),
            w3: limb(3),
        }
    }
}

impl Asset {
    /// `amount` of the fungible asset issued by `faucet`.
    pub const fn fungible(faucet: AccountId, amount: u64) -> Self {
        Asset::Fungible(FungibleAsset { faucet, amount })
    }

    /// The faucet that issued the asset.
    pub fn faucet(&self) -> AccountId {
        match self {
            Asset::Fungible(f) => f.faucet,
            Asset::NonFungible(n) => n.faucet,
        }
    }

    /// The fungible amount (1 for a non-fungible asset).
    pub fn amount(&self) -> u64 {
        match self {
            Asset::Fungible(f) => f.amount,
            Asset::NonFungible(_) => 1,
        }
    }
}

/// A readable reason for a refused vault or storage operation.
pub fn error_text(e: AccountError) -> String {
    String::from(match e {
        AccountError::InsufficientBalance => "insufficient balance",
        AccountError::AmountOverflow => "amount overflow",
        AccountError::DuplicateOrMissingAsset => "duplicate or missing asset",
        AccountError::InvalidSlot => "invalid storage slot",
    })
}
