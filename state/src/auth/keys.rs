//! The signer's side: where auth components keep public keys, which standard
//! component an account uses, and the proofs those components expect.
//!
//! Key layout (shared with `rivet_sdk::auth`): storage map slot [`KEY_SLOT`], map key
//! [`key_index`]`(i)` holds public key `i` (32 bytes). Standard components, recognised
//! by their exported interfaces:
//!
//! * `auth-none`: no keys, empty proof;
//! * `auth-ed25519` (`rivet:auth-ed25519/single-key`): key 0; the proof is the 64-byte
//!   signature of the 32-byte summary digest;
//! * `auth-multisig` (`rivet:auth-multisig/multisig`): keys 0..3; the proof is one
//!   65-byte entry `[index, signature]` per signer, two signers needed.
//!
//! Secret keys are ed25519 seeds; a key file holds the seed as 64 hex digits.

use super::AUTH_EXPORT;
use crate::model::{Account, Storage, Word};
use ed25519_dalek::Signer as _;
pub use ed25519_dalek::SigningKey;
use rivet_format::CodeHash;
use rivet_runtime::component::App;
use std::collections::BTreeMap;

/// The storage map slot holding public keys.
pub const KEY_SLOT: u8 = 0;

/// The map key of public key `i`: limbs `"rivet:au"`, `"th/key\0\0"` (little-endian
/// ASCII), `i`, 0.
pub fn key_index(i: u64) -> Word {
    Word::from_limbs([
        u64::from_le_bytes(*b"rivet:au"),
        u64::from_le_bytes(*b"th/key\0\0"),
        i,
        0,
    ])
}

/// Puts public keys `0..keys.len()` into `storage`, declaring map slot [`KEY_SLOT`]
/// when the layout has no map slot yet.
pub fn install_keys(storage: &mut Storage, keys: &[[u8; 32]]) {
    if storage.maps.is_empty() {
        storage.maps.push(BTreeMap::new());
    }
    for (i, k) in keys.iter().enumerate() {
        storage.maps[KEY_SLOT as usize].insert(key_index(i as u64), Word(*k));
    }
}

/// The public key of a secret key, as stored.
pub fn public_key(key: &SigningKey) -> [u8; 32] {
    key.verifying_key().to_bytes()
}

/// Which standard auth component an account uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `auth-none`-like: exports only `authenticate` (a public account).
    None,
    /// `auth-ed25519`: one key.
    Ed25519,
    /// `auth-multisig`: 2 of 3 keys.
    Multisig,
}

/// The components among `code` that export [`AUTH_EXPORT`] (exactly one for a valid
/// account).
pub fn auth_components(app: &App, code: &[CodeHash]) -> Vec<CodeHash> {
    code.iter()
        .copied()
        .filter(|h| {
            app.component(&h.to_hex())
                .is_ok_and(|c| c.exports.iter().any(|e| e.key == AUTH_EXPORT))
        })
        .collect()
}

/// The scheme of auth component `component`, known by its other exports.
pub fn scheme_of(app: &App, component: CodeHash) -> AuthScheme {
    let Ok(c) = app.component(&component.to_hex()) else {
        return AuthScheme::None;
    };
    let has = |prefix: &str| c.exports.iter().any(|e| e.key.starts_with(prefix));
    if has("rivet:auth-ed25519/single-key") {
        AuthScheme::Ed25519
    } else if has("rivet:auth-multisig/multisig") {
        AuthScheme::Multisig
    } else {
        AuthScheme::None
    }
}

impl AuthScheme {
    /// The scheme's name in JSON answers (`none`, `ed25519`, `multisig`).
    pub fn name(self) -> &'static str {
        match self {
            AuthScheme::None => "none",
            AuthScheme::Ed25519 => "ed25519",
            AuthScheme::Multisig => "multisig",
        }
    }

    /// The scheme named `name` (see [`AuthScheme::name`]).
    pub fn from_name(name: &str) -> Option<AuthScheme> {
        [AuthScheme::None, AuthScheme::Ed25519, AuthScheme::Multisig]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// The scheme of `account`'s auth component: [`AuthScheme::None`] unless it has
/// exactly one auth component of a known scheme (executing tells the rest).
pub fn account_scheme(app: &App, account: &Account) -> AuthScheme {
    match auth_components(app, &account.code)[..] {
        [one] => scheme_of(app, one),
        _ => AuthScheme::None,
    }
}

/// The public keys `account` stores, by key index (0..3, present ones only): what a
/// signer matches its secret keys against.
pub fn account_keys(account: &Account) -> Vec<(u8, [u8; 32])> {
    let Some(map) = account.storage.maps.get(KEY_SLOT as usize) else {
        return Vec::new();
    };
    (0..3u8)
        .filter_map(|i| map.get(&key_index(u64::from(i))).map(|w| (i, w.0)))
        .collect()
}

/// Lowercase hex of bytes (public keys, summaries, proofs on the command line and in
/// JSON).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Text that is not an even number of hex digits.
#[derive(Debug, thiserror::Error)]
#[error("expected an even number of hex digits, got `{0}`")]
pub struct HexError(pub String);

/// Bytes from hex (see [`hex`]); surrounding whitespace is ignored.
pub fn unhex(text: &str) -> Result<Vec<u8>, HexError> {
    let t = text.trim();
    if !t.len().is_multiple_of(2) || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(HexError(t.chars().take(80).collect()));
    }
    (0..t.len() / 2)
        .map(|i| u8::from_str_radix(&t[i * 2..i * 2 + 2], 16).map_err(|_| HexError(t.into())))
        .collect()
}

/// Who signs an account's transactions, and how.
#[derive(Clone, Debug)]
pub enum Signer {
    /// Nobody: an empty proof (public accounts, or a test of an unsigned transaction).
    None,
    /// One ed25519 key.
    Ed25519(SigningKey),
    /// Several keys of a multisig, by key index.
    Multisig(Vec<(u8, SigningKey)>),
}

impl Signer {
    /// The proof for a transaction whose summary digest is `summary`.
    pub fn proof(&self, summary: &Word) -> Vec<u8> {
        match self {
            Signer::None => Vec::new(),
            Signer::Ed25519(k) => k.sign(&summary.0).to_bytes().to_vec(),
            Signer::Multisig(keys) => {
                let mut out = Vec::with_capacity(keys.len() * 65);
                for (i, k) in keys {
                    out.push(*i);
                    out.extend_from_slice(&k.sign(&summary.0).to_bytes());
                }
                out
            }
        }
    }
}

/// Why a key file was refused.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// Not 64 hex digits.
    #[error("a key file holds an ed25519 seed as 64 hex digits ({0})")]
    Format(String),
}

/// The key file text of `key`: its seed in hex and a newline.
pub fn key_file_text(key: &SigningKey) -> String {
    let mut s: String = key.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    s.push('\n');
    s
}

/// Parses a key file's text.
pub fn parse_key_file(text: &str) -> Result<SigningKey, KeyFileError> {
    let t = text.trim();
    if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyFileError::Format(format!(
            "found {} characters",
            t.chars().count()
        )));
    }
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = u8::from_str_radix(&t[i * 2..i * 2 + 2], 16)
            .map_err(|e| KeyFileError::Format(e.to_string()))?;
    }
    Ok(SigningKey::from_bytes(&seed))
}

/// A fresh key from the operating system's random source.
pub fn generate_key() -> std::io::Result<SigningKey> {
    use std::io::Read;
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut seed)?;
    Ok(SigningKey::from_bytes(&seed))
}

/// A deterministic key derived from `label` (test harnesses and demos, never real
/// funds).
pub fn key_from_label(label: &str) -> SigningKey {
    let seed = blake3::derive_key("rivet 2026-12 test key", label.as_bytes());
    SigningKey::from_bytes(&seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_round_trip_and_refuse_garbage() {
        let k = key_from_label("alice");
        let text = key_file_text(&k);
        assert_eq!(text.len(), 65);
        assert_eq!(parse_key_file(&text).unwrap().to_bytes(), k.to_bytes());
        for bad in ["", "zz", &text[..63], &format!("{}g", &text[..63])] {
            assert!(parse_key_file(bad).is_err(), "{bad}");
        }
        assert_ne!(key_from_label("bob").to_bytes(), k.to_bytes());
    }

    #[test]
    fn keys_install_into_map_slot_zero() {
        let mut s = Storage::with_slots(1, 0);
        install_keys(&mut s, &[[1; 32], [2; 32]]);
        assert_eq!(s.maps.len(), 1);
        assert_eq!(s.maps[0][&key_index(1)], Word([2; 32]));
        // The SDK's constant: limb 0 spells "rivet:au".
        assert_eq!(&key_index(0).0[..8], b"rivet:au");
    }

    #[test]
    fn hex_round_trips_and_refuses_odd_or_non_hex_text() {
        assert_eq!(
            unhex(&hex(&[0, 1, 0xab, 0xff])).unwrap(),
            vec![0, 1, 0xab, 0xff]
        );
        assert_eq!(unhex(" 0a \n").unwrap(), vec![10]);
        for bad in ["0", "zz", "0g", "+1"] {
            assert!(unhex(bad).is_err(), "{bad}");
        }
        for s in [AuthScheme::None, AuthScheme::Ed25519, AuthScheme::Multisig] {
            assert_eq!(AuthScheme::from_name(s.name()), Some(s));
        }
    }

    #[test]
    fn proofs_have_the_documented_shape() {
        let s = Word([9; 32]);
        assert!(Signer::None.proof(&s).is_empty());
        assert_eq!(Signer::Ed25519(key_from_label("a")).proof(&s).len(), 64);
        let m = Signer::Multisig(vec![(0, key_from_label("a")), (2, key_from_label("c"))]);
        let p = m.proof(&s);
        assert_eq!((p.len(), p[0], p[65]), (130, 0, 2));
    }
}
