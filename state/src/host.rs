//! The `rivet:base` host interfaces `account`, `note` and `tx` over a [`PendingTx`].
//!
//! One [`BaseHost`] per interface shares the transaction's [`Shared`] state. Caller
//! identity (`tx.caller`): the component whose call created the running context, or
//! the running component itself for a top-level call. Its kind is `note-script` for
//! the script of the note being consumed, `tx-script` for the entry call's component,
//! `account` for the executing account's own components and `library` for any other
//! component; `tx.caller` (whose WIT enum predates `library`) traps for a library
//! caller instead of reporting it as something it is not, `tx.caller-origin` reports
//! every kind. The `account` interface only serves the account's own components (its
//! code hashes): scripts reach the account through the interfaces it exports, where it
//! can check who is calling.

use crate::error::StateError;
use crate::model::{Note, Word};
use crate::pending::PendingTx;
use crate::vals;
use rivet_format::CodeHash;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{Caller, HostCx, HostCxError, HostError, HostInterface};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Gas charged for every host call, on top of the advice transfer the runtime charges.
pub const HOST_CALL_GAS: u64 = 100;

/// The state the host interfaces share during one transaction.
pub(crate) struct Shared {
    pub(crate) pending: PendingTx,
    pub(crate) code: BTreeSet<CodeHash>,
    pub(crate) note: Option<Note>,
    pub(crate) entry: Option<CodeHash>,
}

impl Shared {
    /// WIT `caller-kind` of component `hash`: the note script being consumed, the
    /// entry call's component, one of the account's components, or `library` for
    /// anything else (a helper some contract called).
    pub(crate) fn kind(&self, hash: CodeHash) -> &'static str {
        if self.note.as_ref().is_some_and(|n| n.script == hash) {
            "note-script"
        } else if self.entry == Some(hash) {
            "tx-script"
        } else if self.code.contains(&hash) {
            "account"
        } else {
            "library"
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Interface {
    Account,
    Note,
    Tx,
}

pub(crate) struct BaseHost {
    pub(crate) interface: Interface,
    pub(crate) shared: Rc<RefCell<Shared>>,
}

/// Why a `rivet:base` host function refused a call (it traps the call tree as the
/// typed source of [`CallTrap::Host`](rivet_runtime::component::CallTrap::Host)).
#[derive(Debug, thiserror::Error)]
pub enum HostCallError {
    /// The call tree's rules (gas, handles).
    #[error(transparent)]
    Tree(#[from] HostCxError),
    /// An argument without the `rivet:base/types` shape.
    #[error(transparent)]
    Value(#[from] vals::ValError),
    /// Fewer arguments than the function takes.
    #[error("{function}: missing argument {index}")]
    MissingArgument {
        /// The function.
        function: String,
        /// The missing argument's position.
        index: usize,
    },
    /// The interface has no such function.
    #[error("rivet:base/{interface} has no function `{function}`")]
    NoSuchFunction {
        /// `account`, `note` or `tx`.
        interface: &'static str,
        /// The requested function.
        function: String,
    },
    /// `rivet:base/account` called by something other than the account's components.
    #[error("only the account's own components may use rivet:base/account ({who} is a {kind}); call the account's exported interface instead")]
    NotTheAccount {
        /// Short hash of the caller, or `the host`.
        who: String,
        /// Its kind.
        kind: String,
    },
    /// `rivet:base/note` outside note consumption.
    #[error("rivet:base/note: no note is being consumed (the transaction script phase)")]
    NoNote,
    /// `tx.caller` in a top-level call.
    #[error("tx.caller: called by the host")]
    CallerIsHost,
    /// `tx.caller` asked about a library component, which has no `caller-kind`.
    #[error("tx.caller: the caller {0} is a library component (not the account's, not the note script, not the transaction's entry); use tx.caller-origin")]
    LibraryCaller(String),
    /// `tx.create-note` refused.
    #[error("tx.create-note: {0}")]
    CreateNote(StateError),
}

fn arg<'a>(args: &'a [Val], i: usize, function: &str) -> Result<&'a Val, HostCallError> {
    args.get(i).ok_or_else(|| HostCallError::MissingArgument {
        function: function.to_string(),
        index: i,
    })
}

fn caller_hash(cx: &HostCx<'_>) -> Option<CodeHash> {
    match cx.caller() {
        Caller::Component(h) => Some(h),
        Caller::Host => None,
    }
}

impl BaseHost {
    fn account(&self, cx: &HostCx<'_>, function: &str, args: &[Val]) -> Result<Val, HostCallError> {
        let mut s = self.shared.borrow_mut();
        let me = caller_hash(cx);
        if !me.is_some_and(|h| s.code.contains(&h)) {
            return Err(HostCallError::NotTheAccount {
                who: me.map_or("the host".into(), |h| h.short()),
                kind: me.map_or("host", |h| s.kind(h)).to_string(),
            });
        }
        let p = &mut s.pending;
        Ok(match function {
            "id" => vals::account_id_val(p.id()),
            "nonce" => Val::U64(p.nonce()),
            "incr-nonce" => Val::U64(p.incr_nonce()),
            "get-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                vals::account_result(p.get_item(slot).map(|w| vals::digest(&w)))
            }
            "set-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                let value = vals::word(arg(args, 1, function)?)?;
                vals::account_result(p.set_item(slot, value).map(|w| vals::digest(&w)))
            }
            "get-map-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                let key = vals::word(arg(args, 1, function)?)?;
                vals::account_result(p.get_map_item(slot, key).map(|w| vals::digest(&w)))
            }
            "get-initial-map-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                let key = vals::word(arg(args, 1, function)?)?;
                vals::account_result(p.get_initial_map_item(slot, key).map(|w| vals::digest(&w)))
            }
            "set-map-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                let key = vals::word(arg(args, 1, function)?)?;
                let value = vals::word(arg(args, 2, function)?)?;
                vals::account_result(p.set_map_item(slot, key, value).map(|w| vals::digest(&w)))
            }
            "balance" => Val::U64(p.balance(vals::account_id(arg(args, 0, function)?)?)),
            "add-asset" => {
                let a = vals::asset(arg(args, 0, function)?)?;
                vals::account_result(p.add_asset(a).map(|a| vals::asset_val(&a)))
            }
            "remove-asset" => {
                let a = vals::asset(arg(args, 0, function)?)?;
                vals::account_result(p.remove_asset(a).map(|a| vals::asset_val(&a)))
            }
            other => {
                return Err(HostCallError::NoSuchFunction {
                    interface: "account",
                    function: other.to_string(),
                })
            }
        })
    }

    fn note(&self, function: &str) -> Result<Val, HostCallError> {
        let s = self.shared.borrow();
        let note = s.note.as_ref().ok_or(HostCallError::NoNote)?;
        Ok(match function {
            "id" => vals::digest(&Word(note.id().0)),
            "inputs" => Val::List(note.inputs.iter().map(|x| Val::U64(*x)).collect()),
            "assets" => Val::List(note.assets.iter().map(vals::asset_val).collect()),
            "sender" => vals::account_id_val(note.sender),
            other => {
                return Err(HostCallError::NoSuchFunction {
                    interface: "note",
                    function: other.to_string(),
                })
            }
        })
    }

    fn tx(&self, cx: &HostCx<'_>, function: &str, args: &[Val]) -> Result<Val, HostCallError> {
        let mut s = self.shared.borrow_mut();
        Ok(match function {
            "executing-account" => vals::account_id_val(s.pending.id()),
            "caller" | "caller-origin" => {
                let who = match cx.context_caller() {
                    Caller::Component(h) => Some(h),
                    Caller::Host => caller_hash(cx),
                };
                let hash = who.ok_or(HostCallError::CallerIsHost)?;
                let kind = s.kind(hash);
                if function == "caller" && kind == "library" {
                    return Err(HostCallError::LibraryCaller(hash.short()));
                }
                Val::Record(vec![
                    ("code-hash".into(), vals::digest(&Word(hash.0))),
                    ("kind".into(), Val::Enum(kind.into())),
                ])
            }
            "create-note" => {
                let script = vals::word(arg(args, 0, function)?)?;
                let assets = vals::asset_list(arg(args, 1, function)?)?;
                let inputs = vals::u64_list(arg(args, 2, function)?)?;
                let id = s
                    .pending
                    .create_note(CodeHash(script.0), assets, inputs)
                    .map_err(HostCallError::CreateNote)?;
                vals::digest(&Word(id.0))
            }
            other => {
                return Err(HostCallError::NoSuchFunction {
                    interface: "tx",
                    function: other.to_string(),
                })
            }
        })
    }
}

impl HostInterface for BaseHost {
    fn call(
        &mut self,
        cx: &mut HostCx<'_>,
        function: &str,
        args: &[Val],
    ) -> Result<Option<Val>, HostError> {
        cx.charge(HOST_CALL_GAS).map_err(HostCallError::from)?;
        let v = match self.interface {
            Interface::Account => self.account(cx, function, args)?,
            Interface::Note => self.note(function)?,
            Interface::Tx => self.tx(cx, function, args)?,
        };
        Ok(Some(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, AccountId, AccountKind, Storage, Vault};

    #[test]
    fn every_kind_of_caller_is_told_apart() {
        let (own, script, entry, helper) = (
            CodeHash([1; 32]),
            CodeHash([2; 32]),
            CodeHash([3; 32]),
            CodeHash([4; 32]),
        );
        let account = Account {
            id: AccountId::new(1, 1),
            kind: AccountKind::Regular,
            code: vec![own],
            storage: Storage::default(),
            vault: Vault::default(),
            nonce: 0,
        };
        let s = Shared {
            pending: PendingTx::new(account.clone(), Word::ZERO),
            code: [own].into_iter().collect(),
            note: Some(Note {
                script,
                inputs: vec![],
                assets: vec![],
                sender: account.id,
                serial: Word::ZERO,
            }),
            entry: Some(entry),
        };
        assert_eq!(
            [own, script, entry, helper].map(|h| s.kind(h)),
            ["account", "note-script", "tx-script", "library"]
        );
    }
}
