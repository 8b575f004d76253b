//! Why a component call failed, and where.
//!
//! Every failure of a call tree is a [`Trap`]; guest-controlled input (arguments,
//! guest memory, handles, advice, gas) only ever produces one of these, never a panic.
//! Variants raised while a component runs carry a [`Site`]: the component, the
//! function of the call being made, and (for engine traps) the pc and the Wasm function
//! containing it.

use crate::cabi::CabiError;
use crate::instance::{CallError, ImportFailure};
use rivet_format::CodeHash;
use std::fmt;
use thiserror::Error;

/// Where in the call tree something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The component's name in the manifest.
    pub component: String,
    /// Its code hash.
    pub hash: CodeHash,
    /// The component-level function being called (`iface#func`), or the import being
    /// served (`import iface#func`).
    pub function: String,
    /// The pc the engine stopped at, for traps inside guest code.
    pub pc: Option<u32>,
    /// The Wasm function containing `pc`, from the package's debug info.
    pub wasm_function: Option<String>,
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) {}",
            self.component,
            self.hash.short(),
            self.function
        )?;
        if let Some(pc) = self.pc {
            write!(f, " at pc {pc:#x}")?;
            if let Some(w) = &self.wasm_function {
                write!(f, " in {w}")?;
            }
        }
        Ok(())
    }
}

/// Why a call (or a whole call tree) failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Trap {
    /// The guest trapped (unreachable, out-of-bounds access, division by zero, ...).
    #[error("{site}: guest trap: {error}")]
    Guest {
        /// Where.
        site: Box<Site>,
        /// The engine-level reason.
        error: CallError,
    },
    /// The call tree's shared gas budget ran out.
    #[error("{site}: out of gas")]
    OutOfGas {
        /// Where the budget ran out.
        site: Box<Site>,
    },
    /// The gas budget ran out while the host did work for the call (advice, hashing,
    /// copies, context creation).
    #[error(
        "out of gas in host work: {what} needs {needed} gas, the call's budget has {left} left"
    )]
    HostOutOfGas {
        /// What was being paid for.
        what: &'static str,
        /// Its cost.
        needed: u64,
        /// Gas left.
        left: u64,
    },
    /// A value could not be lifted from or lowered into a guest (invalid guest data,
    /// or a failing `cabi_realloc`).
    #[error("{site}: canonical ABI: {error}")]
    Cabi {
        /// Where.
        site: Box<Site>,
        /// The canonical-ABI reason.
        error: CabiError,
    },
    /// An advice entry's bytes do not hash to the key they were delivered under.
    #[error("advice entry {expected} hashes to {actual}: tampered advice")]
    AdviceHashMismatch {
        /// The key (the hash the sender computed).
        expected: CodeHash,
        /// What the stored bytes hash to.
        actual: CodeHash,
    },
    /// A payload's hash is not in the advice map (a witness missing an entry).
    #[error("advice entry {0} is missing")]
    AdviceMissing(CodeHash),
    /// The call tree's advice would exceed its configured size.
    #[error("advice limit exceeded: {needed} bytes needed, limit is {limit}")]
    AdviceLimit {
        /// Total advice bytes the tree would hold.
        needed: u64,
        /// The configured limit.
        limit: u64,
    },
    /// The call tree nests deeper than allowed.
    #[error("{site}: call depth limit {limit} exceeded")]
    CallDepth {
        /// The call that would exceed it.
        site: Box<Site>,
        /// The limit.
        limit: u32,
    },
    /// A resource handle rule was broken (unknown or wrong-type handle, drop while
    /// lent, borrow not dropped before return, ...).
    #[error("{site}: resource: {reason}")]
    Resource {
        /// Where.
        site: Box<Site>,
        /// Which rule.
        reason: String,
    },
    /// A context could not be created (instantiation trapped or ran out of gas).
    #[error("{site}: instantiation failed: {reason}")]
    Instantiate {
        /// The component.
        site: Box<Site>,
        /// Why.
        reason: String,
    },
    /// A host interface failed or is not registered.
    #[error("host interface {interface}, function {function}: {error}")]
    Host {
        /// The `rivet:base` interface.
        interface: String,
        /// The function.
        function: String,
        /// Why: the host's own typed error.
        error: ImportFailure,
    },
    /// Arguments given by the host do not match the function's parameter types.
    #[error("bad arguments for {function}: {reason}")]
    BadArguments {
        /// The function.
        function: String,
        /// Why.
        reason: String,
    },
    /// No component of the manifest matches a name or hash prefix (or several do).
    #[error("component {0}")]
    UnknownComponent(String),
    /// The component exports no such function.
    #[error("component {component} exports no function {function}{hint}")]
    UnknownFunction {
        /// The component.
        component: String,
        /// The requested name.
        function: String,
        /// Known names, when helpful.
        hint: String,
    },
    /// A manifest component could not be prepared (package missing, WIT undecodable,
    /// imports not matching the manifest).
    #[error("component {component}: {reason}")]
    Load {
        /// The component (name or hash).
        component: String,
        /// Why.
        reason: String,
    },
    /// A replay did not reproduce its witness.
    #[error("replay does not match the witness: {0}")]
    WitnessMismatch(String),
}
