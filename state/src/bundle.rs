//! Transaction proof bundles: everything a stateless verifier needs to re-execute one
//! committed transaction and arrive at the state root after it.
//!
//! A bundle holds the request, the account as the transaction found it and the
//! consumed notes, each with Merkle proofs against the **old** state root (account
//! membership; note membership and nullifier non-membership; non-membership of every
//! created note), the result (delta, outputs, gas) and its witness (the advice of
//! every call), and the manifest and packages the code ran under. [`verify`] checks
//! the proofs against a root the caller trusts, re-executes the transaction with no
//! store ([`crate::replay::reexecute`]), requires the identical result, applies the
//! delta to the proven leaves in a partial tree built from the proofs and compares the
//! new root. It is verification by re-execution, not a succinct proof: the verifier
//! does all the work the executor did.
//!
//! Byte layout (version [`VERSION`]; integers little-endian):
//!
//! ```text
//! "RIVETTXB" (8) || version u32 ||
//! 8 sections, in this order, each: tag u8 || length u32 || blake3(content) (32) || content
//!   1 roots    old root (32) || new root (32)
//!   2 request  account id || note ids || entry (0 | 1 component, function, args hash) || gas
//!   3 account  the account before (canonical encoding) || its proof
//!   4 notes    count u32 || per note: note || membership proof || nullifier proof
//!   5 outputs  count u32 || per created note: non-membership proof
//!   6 delta    account id || base nonce || delta || consumed ids || created notes || gas used
//!   7 witness  the witness bytes
//!   8 code     manifest (length-prefixed) || count u32 || packages (length-prefixed)
//! || seal: blake3 (derive-key "rivet 2026-12 tx bundle v1") of everything before it (32)
//! ```
//!
//! Every encoding inside is canonical ([`crate::codec`], [`Proof::write`]), so a
//! bundle has one byte representation; the seal is its hash ([`Bundle::hash`]). The
//! section hashes only localise damage ("the witness section is corrupt"): trust
//! comes from the old root alone, never from the hashes inside the bundle.

mod export;
mod verify;

pub use export::{export, ExportError};
pub use verify::{verify, verify_bundle, Verified, VerifyError};

use crate::codec::{Decode, Encode};
use crate::commit::proof::digest;
use crate::commit::{Digest, Proof};
use crate::delta::AccountDelta;
use crate::model::{Account, AccountId, Note, NoteId};
use crate::tx::TxResult;
use rivet_format::codec::{FormatError, Reader, Writer};
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;

/// The first bytes of every bundle.
pub const MAGIC: &[u8; 8] = b"RIVETTXB";
/// The bundle format version this Rivet writes and reads.
pub const VERSION: u32 = 1;
/// The sections, in order (tag = position + 1).
pub const SECTIONS: [&str; 8] = [
    "roots", "request", "account", "notes", "outputs", "delta", "witness", "code",
];
const SEAL_CONTEXT: &str = "rivet 2026-12 tx bundle v1";
const HEADER: usize = 8 + 4;
const FRAME: usize = 1 + 4 + 32;

/// What the transaction asked for: account, notes, entry call and gas.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Request {
    /// The executing account.
    pub account: AccountId,
    /// Input notes, in consumption order.
    pub notes: Vec<NoteId>,
    /// The entry call: component, function, hash of its canonical arguments (the
    /// arguments themselves are in the witness's advice under that hash).
    pub entry: Option<(CodeHash, String, CodeHash)>,
    /// Gas to re-execute with: the transaction's use (the original limit is not
    /// part of the result, and the same code with this limit gives the same result).
    pub gas: u64,
}

/// A consumed note with its proofs against the old root.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ConsumedNote {
    /// The note.
    pub note: Note,
    /// Membership of the note's leaf (it was created).
    pub proof: Proof,
    /// Non-membership of its nullifier (it was not consumed).
    pub nullifier_proof: Proof,
}

/// A decoded transaction proof bundle (see the module docs for the layout).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Bundle {
    /// The state root before the transaction.
    pub old_root: Digest,
    /// The state root after it, as the exporter's store recorded it.
    pub new_root: Digest,
    /// The request.
    pub request: Request,
    /// The account before the transaction.
    pub account: Account,
    /// Its membership proof.
    pub account_proof: Proof,
    /// The consumed notes, in order.
    pub notes: Vec<ConsumedNote>,
    /// Non-membership proofs of the created notes, in output order.
    pub outputs: Vec<Proof>,
    /// The committed result (delta, notes, gas, witness).
    pub tx: TxResult,
    /// The manifest the code ran under.
    pub manifest: Manifest,
    /// The packages of every component of the manifest.
    pub packages: Vec<Package>,
}

/// Why bytes are not a well-formed bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// Not a bundle.
    #[error("not a Rivet transaction bundle (the file does not start with RIVETTXB)")]
    Magic,
    /// Another format version.
    #[error("bundle format version {0}; this Rivet reads version {VERSION}")]
    Version(u32),
    /// The file ends inside a section or the seal.
    #[error("the bundle ends inside {0}")]
    Truncated(&'static str),
    /// A section is missing or out of place.
    #[error("byte {offset}: section tag {found}, expected {expected} (`{name}`)")]
    Tag {
        /// Where the tag is.
        offset: usize,
        /// The tag found.
        found: u8,
        /// The tag expected.
        expected: u8,
        /// The expected section's name.
        name: &'static str,
    },
    /// A section's content does not match its hash.
    #[error("the `{0}` section is corrupt: its content does not match its hash")]
    SectionHash(&'static str),
    /// Bytes after the seal.
    #[error("{0} bytes after the bundle's seal")]
    Trailing(usize),
    /// The seal does not match the bundle.
    #[error("the bundle's seal does not match its content (the seal itself was changed)")]
    Seal,
    /// A section's content does not decode.
    #[error("the `{section}` section does not decode: {source}")]
    Decode {
        /// The section.
        section: &'static str,
        /// Where and why.
        source: FormatError,
    },
}

/// Where one section lies in an encoded bundle (for tools and tests).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Span {
    /// The section's name.
    pub name: &'static str,
    /// Offset of its tag byte.
    pub start: usize,
    /// Offset of its content.
    pub content: usize,
    /// Offset just past its content.
    pub end: usize,
}

impl Encode for Request {
    fn write(&self, w: &mut Writer) {
        self.account.write(w);
        self.notes.write(w);
        match &self.entry {
            None => w.u8(0),
            Some((c, f, a)) => {
                w.u8(1);
                c.write(w);
                w.str(f);
                a.write(w);
            }
        }
        w.u64(self.gas);
    }
}

impl Decode for Request {
    fn read(r: &mut Reader<'_>) -> Result<Self, FormatError> {
        let account = AccountId::read(r)?;
        let notes = Vec::read(r)?;
        let at = r.offset();
        let entry = match r.u8("entry flag")? {
            0 => None,
            1 => Some((
                CodeHash::read(r)?,
                r.str("entry function")?.to_string(),
                CodeHash::read(r)?,
            )),
            f => {
                return Err(FormatError::new(
                    at,
                    format!("entry flag {f} is not 0 or 1"),
                ))
            }
        };
        Ok(Request {
            account,
            notes,
            entry,
            gas: r.u64("gas")?,
        })
    }
}

fn section(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(content.len() as u32).to_le_bytes());
    out.extend_from_slice(blake3::hash(content).as_bytes());
    out.extend_from_slice(content);
}

fn with(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::new();
    f(&mut w);
    w.finish()
}

impl Bundle {
    /// The canonical bytes, sealed.
    pub fn encode(&self) -> Vec<u8> {
        let tx = &self.tx;
        let contents: [Vec<u8>; 8] = [
            with(|w| {
                w.raw(&self.old_root.0);
                w.raw(&self.new_root.0);
            }),
            with(|w| self.request.write(w)),
            with(|w| {
                self.account.write(w);
                self.account_proof.write(w);
            }),
            with(|w| {
                w.u32(self.notes.len() as u32);
                for n in &self.notes {
                    n.note.write(w);
                    n.proof.write(w);
                    n.nullifier_proof.write(w);
                }
            }),
            with(|w| {
                w.u32(self.outputs.len() as u32);
                self.outputs.iter().for_each(|p| p.write(w));
            }),
            with(|w| {
                tx.account.write(w);
                w.u64(tx.base_nonce);
                tx.delta.write(w);
                tx.consumed.write(w);
                tx.outputs.write(w);
                w.u64(tx.gas_used);
            }),
            tx.witness.clone(),
            with(|w| {
                w.bytes(&self.manifest.encode());
                w.u32(self.packages.len() as u32);
                self.packages.iter().for_each(|p| w.bytes(&p.encode()));
            }),
        ];
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        for (i, c) in contents.iter().enumerate() {
            section(&mut out, i as u8 + 1, c);
        }
        let seal = seal(&out);
        out.extend_from_slice(&seal.0);
        out
    }

    /// The bundle's hash: its seal.
    pub fn hash(bytes: &[u8]) -> Option<Digest> {
        let at = bytes.len().checked_sub(32)?;
        Some(Digest(bytes[at..].try_into().ok()?))
    }

    /// Checks the framing, every section hash and the seal, and returns where each
    /// section lies.
    pub fn layout(bytes: &[u8]) -> Result<[Span; 8], BundleError> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err(BundleError::Magic);
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap_or_default());
        if version != VERSION {
            return Err(BundleError::Version(version));
        }
        let mut at = HEADER;
        let mut spans = [Span {
            name: "",
            start: 0,
            content: 0,
            end: 0,
        }; 8];
        for (i, name) in SECTIONS.iter().enumerate() {
            let frame = bytes
                .get(at..at + FRAME)
                .ok_or(BundleError::Truncated(name))?;
            let expected = i as u8 + 1;
            if frame[0] != expected {
                return Err(BundleError::Tag {
                    offset: at,
                    found: frame[0],
                    expected,
                    name,
                });
            }
            let len = u32::from_le_bytes(frame[1..5].try_into().unwrap_or_default()) as usize;
            let content = bytes
                .get(at + FRAME..(at + FRAME).saturating_add(len))
                .ok_or(BundleError::Truncated(name))?;
            if blake3::hash(content).as_bytes()[..] != frame[5..] {
                return Err(BundleError::SectionHash(name));
            }
            spans[i] = Span {
                name,
                start: at,
                content: at + FRAME,
                end: at + FRAME + len,
            };
            at += FRAME + len;
        }
        match bytes.len() - at {
            n if n < 32 => return Err(BundleError::Truncated("the seal")),
            32 => {}
            n => return Err(BundleError::Trailing(n - 32)),
        }
        if seal(&bytes[..at]).0[..] != bytes[at..] {
            return Err(BundleError::Seal);
        }
        Ok(spans)
    }

    /// Recomputes every section hash and the seal of framed bundle bytes in place (the
    /// framing must be intact). Anyone can do this: the hashes protect against
    /// damage, not forgery, which is why [`verify`] trusts only the old root. Tools and
    /// tests use it to build forged bundles.
    pub fn reseal(bytes: &mut [u8]) -> Result<(), BundleError> {
        let mut at = HEADER;
        for name in SECTIONS {
            let len = bytes
                .get(at + 1..at + 5)
                .ok_or(BundleError::Truncated(name))?;
            let len = u32::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
            let end = (at + FRAME).saturating_add(len);
            let content = bytes
                .get(at + FRAME..end)
                .ok_or(BundleError::Truncated(name))?;
            let h = *blake3::hash(content).as_bytes();
            bytes[at + 5..at + FRAME].copy_from_slice(&h);
            at = end;
        }
        if bytes.len() != at + 32 {
            return Err(BundleError::Truncated("the seal"));
        }
        let s = seal(&bytes[..at]);
        bytes[at..].copy_from_slice(&s.0);
        Ok(())
    }

    /// Decodes a bundle after checking its framing, section hashes and seal.
    pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
        let spans = Bundle::layout(bytes)?;
        let content = |i: usize| &bytes[spans[i].content..spans[i].end];
        let roots = read(content(0), 0, |r| {
            Ok((digest(r, "old root")?, digest(r, "new root")?))
        })?;
        let request = read(content(1), 1, Request::read)?;
        let (account, account_proof) =
            read(content(2), 2, |r| Ok((Account::read(r)?, Proof::read(r)?)))?;
        let notes = read(content(3), 3, |r| {
            let n = r.count("consumed notes", 1)?;
            (0..n)
                .map(|_| {
                    Ok(ConsumedNote {
                        note: Note::read(r)?,
                        proof: Proof::read(r)?,
                        nullifier_proof: Proof::read(r)?,
                    })
                })
                .collect()
        })?;
        let outputs = read(content(4), 4, |r| {
            let n = r.count("output proofs", 3)?;
            (0..n).map(|_| Proof::read(r)).collect()
        })?;
        let tx = read(content(5), 5, |r| {
            Ok(TxResult {
                account: AccountId::read(r)?,
                base_nonce: r.u64("base nonce")?,
                delta: AccountDelta::read(r)?,
                consumed: Vec::read(r)?,
                outputs: Vec::read(r)?,
                gas_used: r.u64("gas used")?,
                witness: content(6).to_vec(),
            })
        })?;
        let (manifest, packages) = read(content(7), 7, |r| {
            let manifest = Manifest::decode(r.bytes("manifest")?)?;
            let n = r.count("packages", 4)?;
            let packages = (0..n)
                .map(|_| Package::decode(r.bytes("package")?))
                .collect::<Result<_, _>>()?;
            Ok((manifest, packages))
        })?;
        Ok(Bundle {
            old_root: roots.0,
            new_root: roots.1,
            request,
            account,
            account_proof,
            notes,
            outputs,
            tx,
            manifest,
            packages,
        })
    }
}

fn seal(bytes: &[u8]) -> Digest {
    let mut h = blake3::Hasher::new_derive_key(SEAL_CONTEXT);
    h.update(bytes);
    Digest(*h.finalize().as_bytes())
}

/// Decodes exactly the whole of one section's content.
fn read<T>(
    bytes: &[u8],
    i: usize,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, FormatError>,
) -> Result<T, BundleError> {
    let section = SECTIONS[i];
    let mut r = Reader::new(bytes);
    let v = f(&mut r).map_err(|source| BundleError::Decode { section, source })?;
    r.finish(section)
        .map_err(|source| BundleError::Decode { section, source })?;
    Ok(v)
}
