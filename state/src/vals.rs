//! Conversions between the state model and the canonical-ABI values of the
//! `rivet:base/types` WIT types.
//!
//! Arguments arrive type-checked by the runtime, but a mismatch (a manifest linked
//! against another `rivet:base`) still becomes an error naming the field, never a
//! panic.

use crate::model::{AccountId, Asset, NonFungible, Word};
use crate::pending::AccountOpError;
use rivet_runtime::cabi::Val;
use thiserror::Error;

/// A value that does not have the `rivet:base/types` shape expected of it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValError {
    /// A record lacks a field.
    #[error("record has no field `{0}`")]
    MissingField(String),
    /// A value of another type.
    #[error("expected {expected}, got {got}")]
    Mismatch {
        /// What was expected (a WIT type or record).
        expected: String,
        /// What arrived (debug form).
        got: String,
    },
}

fn mismatch(expected: impl Into<String>, got: &Val) -> ValError {
    ValError::Mismatch {
        expected: expected.into(),
        got: format!("{got:?}"),
    }
}

fn field<'a>(v: &'a Val, name: &str) -> Result<&'a Val, ValError> {
    match v {
        Val::Record(fields) => fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| ValError::MissingField(name.to_string())),
        other => Err(mismatch(format!("a record with `{name}`"), other)),
    }
}

fn u64_of(v: &Val, what: &str) -> Result<u64, ValError> {
    match v {
        Val::U64(x) => Ok(*x),
        other => Err(mismatch(format!("u64 ({what})"), other)),
    }
}

/// WIT `digest` -> word.
pub fn word(v: &Val) -> Result<Word, ValError> {
    let mut limbs = [0u64; 4];
    for (i, name) in ["w0", "w1", "w2", "w3"].iter().enumerate() {
        limbs[i] = u64_of(field(v, name)?, name)?;
    }
    Ok(Word::from_limbs(limbs))
}

/// Word -> WIT `digest`.
pub fn digest(w: &Word) -> Val {
    let l = w.limbs();
    Val::Record(
        ["w0", "w1", "w2", "w3"]
            .iter()
            .zip(l)
            .map(|(n, x)| (n.to_string(), Val::U64(x)))
            .collect(),
    )
}

/// WIT `account-id` -> id.
pub fn account_id(v: &Val) -> Result<AccountId, ValError> {
    Ok(AccountId::new(
        u64_of(field(v, "prefix")?, "prefix")?,
        u64_of(field(v, "suffix")?, "suffix")?,
    ))
}

/// Id -> WIT `account-id`.
pub fn account_id_val(id: AccountId) -> Val {
    Val::Record(vec![
        ("prefix".into(), Val::U64(id.prefix)),
        ("suffix".into(), Val::U64(id.suffix)),
    ])
}

/// WIT `asset` -> asset.
pub fn asset(v: &Val) -> Result<Asset, ValError> {
    match v {
        Val::Variant(case, Some(payload)) if case == "fungible" => Ok(Asset::Fungible {
            faucet: account_id(field(payload, "faucet")?)?,
            amount: u64_of(field(payload, "amount")?, "amount")?,
        }),
        Val::Variant(case, Some(payload)) if case == "non-fungible" => {
            Ok(Asset::NonFungible(NonFungible {
                faucet: account_id(field(payload, "faucet")?)?,
                data_hash: word(field(payload, "data-hash")?)?,
            }))
        }
        other => Err(mismatch("an asset", other)),
    }
}

/// Asset -> WIT `asset`.
pub fn asset_val(a: &Asset) -> Val {
    match a {
        Asset::Fungible { faucet, amount } => Val::Variant(
            "fungible".into(),
            Some(Box::new(Val::Record(vec![
                ("faucet".into(), account_id_val(*faucet)),
                ("amount".into(), Val::U64(*amount)),
            ]))),
        ),
        Asset::NonFungible(n) => Val::Variant(
            "non-fungible".into(),
            Some(Box::new(Val::Record(vec![
                ("faucet".into(), account_id_val(n.faucet)),
                ("data-hash".into(), digest(&n.data_hash)),
            ]))),
        ),
    }
}

/// A list of `u64`.
pub fn u64_list(v: &Val) -> Result<Vec<u64>, ValError> {
    match v {
        Val::List(items) => items.iter().map(|x| u64_of(x, "list item")).collect(),
        other => Err(mismatch("list<u64>", other)),
    }
}

/// A `list<u8>` (keys, signatures, proofs).
pub fn bytes(v: &Val) -> Result<Vec<u8>, ValError> {
    match v {
        // The form lifting produces for `list<u8>`.
        Val::Bytes(b) => Ok(b.clone()),
        Val::List(items) => items
            .iter()
            .map(|x| match x {
                Val::U8(b) => Ok(*b),
                other => Err(mismatch("u8 (list item)", other)),
            })
            .collect(),
        other => Err(mismatch("list<u8>", other)),
    }
}

/// WIT `list<u8>` from bytes.
pub fn bytes_val(b: &[u8]) -> Val {
    Val::Bytes(b.to_vec())
}

/// A list of assets.
pub fn asset_list(v: &Val) -> Result<Vec<Asset>, ValError> {
    match v {
        Val::List(items) => items.iter().map(asset).collect(),
        other => Err(mismatch("list<asset>", other)),
    }
}

/// `result<T, account-error>` from an account operation.
pub fn account_result(r: Result<Val, AccountOpError>) -> Val {
    match r {
        Ok(v) => Val::Result(Ok(Some(Box::new(v)))),
        Err(e) => Val::Result(Err(Some(Box::new(Val::Enum(
            match e {
                AccountOpError::InsufficientBalance => "insufficient-balance",
                AccountOpError::AmountOverflow => "amount-overflow",
                AccountOpError::DuplicateOrMissingAsset => "duplicate-or-missing-asset",
                AccountOpError::InvalidSlot => "invalid-slot",
            }
            .into(),
        ))))),
    }
}

/// The `u8` slot index argument.
pub fn slot(v: &Val) -> Result<u8, ValError> {
    match v {
        Val::U8(s) => Ok(*s),
        other => Err(mismatch("a slot index (u8)", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_lists_read_in_either_form() {
        // Lifting gives `Val::Bytes`; a value built by hand may be a list of `u8`.
        let listed = Val::List(vec![Val::U8(1), Val::U8(2)]);
        assert_eq!(bytes(&listed).unwrap(), vec![1, 2]);
        assert_eq!(bytes(&bytes_val(&[1, 2])).unwrap(), vec![1, 2]);
        assert!(bytes(&Val::List(vec![Val::U16(1)])).is_err());
        assert!(bytes(&Val::U8(1)).is_err());
    }
}
