//! What can go wrong, one type per stage:
//!
//! * [`PrepareError`]: a package or manifest cannot be loaded ([`Runtime::add_package`],
//!   [`Runtime::prepare`](super::Runtime::prepare));
//! * [`LookupError`]: no such component or function in a prepared app;
//! * [`CallTrap`]: a call tree failed while running. Guest-controlled input
//!   (arguments, guest memory, handles, advice, gas) only ever produces one of these,
//!   never a panic. Variants raised while a component runs carry a [`Site`]: the
//!   component, the function of the call being made, and (for engine traps) the pc and
//!   the Wasm function containing it;
//! * [`CallFailure`]: what a call returns: any of the above, a trap together with the
//!   gas it used and its trace so far ([`Trapped`]).
//!
//! [`Runtime::add_package`]: super::Runtime::add_package

use super::linked::WiringError;
use super::Event;
use crate::cabi::CabiError;
use crate::instance::{CallError, ImportFailure, LoadError};
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

/// Why a call tree failed while running.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CallTrap {
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
    /// The runtime broke one of its own invariants (a bug, never guest input).
    #[error("internal error: {0}")]
    Internal(&'static str),
    /// A replay did not reproduce its witness.
    #[error("replay does not match the witness: {0}")]
    WitnessMismatch(String),
}

/// Why a package or a manifest cannot be loaded.
#[derive(Debug, Clone, Error)]
pub enum PrepareError {
    /// The bytes are not a package.
    #[error("package: {0}")]
    Decode(rivet_format::FormatError),
    /// The package's code or cross-references are invalid.
    #[error("package {hash}: {error}")]
    Package {
        /// Its code hash.
        hash: CodeHash,
        /// Why.
        error: std::sync::Arc<LoadError>,
    },
    /// A manifest component whose package was never added.
    #[error("component {component}: no package with this code hash was added to the runtime")]
    MissingPackage {
        /// The component (`name (hash)`).
        component: String,
    },
    /// A manifest component's tables do not fit its package.
    #[error("component {component}: {error}")]
    Wiring {
        /// The component (`name (hash)`).
        component: String,
        /// Why.
        error: WiringError,
    },
    /// A thread panicked while holding the runtime's package store.
    #[error("the runtime's package store is poisoned")]
    Poisoned,
}

/// A component or function that a prepared app does not have.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LookupError {
    /// No component of the manifest has this name or code-hash prefix.
    #[error("component {0}: not in the manifest")]
    UnknownComponent(String),
    /// Several components match the name or prefix.
    #[error("component {0}: ambiguous")]
    AmbiguousComponent(String),
    /// The component exports no such function.
    #[error(
        "component {component} exports no function {function}{}",
        hint(exports)
    )]
    UnknownFunction {
        /// The component.
        component: String,
        /// The requested name.
        function: String,
        /// What it does export (empty when not worth listing).
        exports: Vec<String>,
    },
}

fn hint(exports: &[String]) -> String {
    match exports {
        [] => String::new(),
        e => format!(" (exports: {})", e.join(", ")),
    }
}

/// A call that trapped: why, and what it had done until then.
#[derive(Debug, Clone)]
pub struct Trapped {
    /// The failure.
    pub trap: CallTrap,
    /// Gas the call tree had spent when it failed (guest code and host work). When
    /// gas ran out this is the whole budget minus what was too little to pay the next
    /// step, which is still unspent.
    pub gas_used: u64,
    /// The budget the call was given.
    pub gas_limit: u64,
    /// Calls, returns and resource drops up to the failure: a call without its
    /// return is the one that failed (or was running when a callee failed).
    pub trace: Vec<Event>,
}

/// Why a call returned no outcome.
#[derive(Debug, Clone, Error)]
pub enum CallFailure {
    /// The manifest or a package could not be prepared ([`Runtime::call`] only).
    ///
    /// [`Runtime::call`]: super::Runtime::call
    #[error(transparent)]
    Prepare(#[from] PrepareError),
    /// No such component or function.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// The call tree trapped.
    #[error("{}", .0.trap)]
    Trapped(Box<Trapped>),
}

impl CallFailure {
    /// The trap, when the call ran and trapped.
    pub fn trap(&self) -> Option<&CallTrap> {
        match self {
            CallFailure::Trapped(t) => Some(&t.trap),
            _ => None,
        }
    }
}
