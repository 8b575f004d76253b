//! The extension point for host interfaces (`rivet:base/account`, `note`, `tx`, ...).
//!
//! When the manifest says an import is provided by `Host { interface }`, the runtime
//! lifts the guest's arguments, passes them through the advice channel like any other
//! cross-context payload, and calls the [`HostInterface`] registered for that
//! interface in [`Hosts`]; the result travels back the same way. A host sees who is
//! calling ([`HostCx::caller`]) and pays for its own work from the call tree's gas
//! ([`HostCx::charge`]).

use super::table::{Home, Owner, Resource, ResourceKey};
use super::tree::Meter;
use super::Caller;
use crate::cabi::{ResourceHandle, Val};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Why a host function failed: whatever error type the host interface defines (it
/// travels as [`CallTrap::Host`](super::CallTrap::Host)'s typed source).
pub type HostError = Box<dyn std::error::Error + Send + Sync>;

/// A rule of the call tree a host function ran into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostCxError {
    /// The call tree's gas cannot pay for the host's work.
    #[error("out of gas: host work needs {needed}, {left} left")]
    OutOfGas {
        /// What the work costs.
        needed: u64,
        /// Gas left.
        left: u64,
    },
    /// A handle that is not a live resource of the calling interface.
    #[error("handle {handle} is not a live resource of {interface}")]
    NotOurs {
        /// The handle.
        handle: u32,
        /// The host interface.
        interface: String,
    },
}

/// What a host function sees of the call tree.
pub struct HostCx<'a> {
    pub(crate) caller: Caller,
    pub(crate) context_caller: Caller,
    pub(crate) gas: &'a mut Meter,
    pub(crate) interface: &'a str,
    pub(crate) resources: &'a mut Vec<Resource>,
}

impl HostCx<'_> {
    /// The component making the call.
    pub fn caller(&self) -> Caller {
        self.caller
    }

    /// Who created the calling component's context: the caller of the export that is
    /// running (what `rivet:base/tx.caller` reports), or [`Caller::Host`] for a
    /// top-level call.
    pub fn context_caller(&self) -> Caller {
        self.context_caller
    }

    /// Charges `amount` gas for host work; fails (and charges nothing) when the budget
    /// is short, which traps the call.
    pub fn charge(&mut self, amount: u64) -> Result<(), HostCxError> {
        self.gas
            .try_charge(amount)
            .map_err(|left| HostCxError::OutOfGas {
                needed: amount,
                left,
            })
    }

    /// Creates a host-defined resource of type `resource` (declared in this host
    /// interface) with representation `rep`; return it as [`Val::Own`]. It lives until
    /// its owner drops it or the call tree ends.
    pub fn new_resource(&mut self, resource: &str, rep: u32) -> ResourceHandle {
        let h = ResourceHandle(self.resources.len() as u32);
        self.resources.push(Resource {
            key: Arc::new(ResourceKey {
                owner: Owner::Host,
                interface: self.interface.to_string(),
                name: resource.to_string(),
            }),
            rep,
            home: Home::Host,
            alive: true,
        });
        h
    }

    /// The representation of a live resource this interface defined (from a
    /// [`Val::Own`] or [`Val::Borrow`] argument).
    pub fn resource_rep(&self, h: ResourceHandle) -> Result<u32, HostCxError> {
        match self.resources.get(h.0 as usize) {
            Some(r)
                if r.alive && r.key.owner == Owner::Host && r.key.interface == self.interface =>
            {
                Ok(r.rep)
            }
            _ => Err(HostCxError::NotOurs {
                handle: h.0,
                interface: self.interface.to_string(),
            }),
        }
    }

    /// Gas left in the call tree.
    pub fn gas_left(&self) -> u64 {
        self.gas.left()
    }
}

/// One host interface.
pub trait HostInterface {
    /// Runs `function` (its WIT name, e.g. `balance`) with already lifted and
    /// hash-verified arguments. The result must have the function's WIT result type
    /// (checked when it is lowered into the caller).
    fn call(
        &mut self,
        cx: &mut HostCx<'_>,
        function: &str,
        args: &[Val],
    ) -> Result<Option<Val>, HostError>;
}

/// The host interfaces available to a call, by `rivet:base` interface name.
#[derive(Default)]
pub struct Hosts {
    map: BTreeMap<String, Box<dyn HostInterface>>,
}

impl Hosts {
    /// No host interfaces: every host import traps.
    pub fn new() -> Self {
        Hosts::default()
    }

    /// Registers `host` for `interface` (e.g. `rivet:base/account@0.1.0`).
    pub fn register(&mut self, interface: impl Into<String>, host: Box<dyn HostInterface>) {
        self.map.insert(interface.into(), host);
    }

    pub(crate) fn get(&mut self, interface: &str) -> Option<&mut (dyn HostInterface + 'static)> {
        self.map.get_mut(interface).map(|b| b.as_mut())
    }
}
