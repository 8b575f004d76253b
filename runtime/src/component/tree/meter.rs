//! The call tree's gas: one [`Meter`] owns the budget of the whole tree.
//!
//! Host work is charged on the meter directly ([`Meter::charge`]). Guest code runs on
//! an engine machine, which counts gas itself: [`Meter::run`] lends the budget to a
//! machine for exactly the duration of a run and takes back what is left, and an
//! import served while a guest is suspended takes the budget back from the guest
//! ([`Meter::take_from`]) and lends it again before the guest resumes
//! ([`Meter::lend_to`]). Outside those windows no machine holds gas that the meter
//! does not know about, so the gas a failed call reports is exact.

use super::CallTrap;
use crate::instance::{GuestAccess, Instance};

/// Something that runs guest code on its own copy of the budget.
pub(crate) trait Metered {
    /// Gas the machine has left.
    fn gas(&self) -> u64;
    /// Gives the machine a budget.
    fn set_gas(&mut self, gas: u64);
}

impl Metered for Instance {
    fn gas(&self) -> u64 {
        self.gas_left()
    }
    fn set_gas(&mut self, gas: u64) {
        Instance::set_gas(self, gas)
    }
}

impl Metered for dyn GuestAccess + '_ {
    fn gas(&self) -> u64 {
        GuestAccess::gas(self)
    }
    fn set_gas(&mut self, gas: u64) {
        GuestAccess::set_gas(self, gas)
    }
}

/// The gas budget of one call tree.
#[derive(Debug)]
pub(crate) struct Meter {
    left: u64,
}

impl Meter {
    /// A budget of `gas`.
    pub fn new(gas: u64) -> Self {
        Meter { left: gas }
    }

    /// Gas left.
    pub fn left(&self) -> u64 {
        self.left
    }

    /// Charges host work; fails (charging nothing) when the budget is short.
    pub fn charge(&mut self, what: &'static str, amount: u64) -> Result<(), CallTrap> {
        self.try_charge(amount)
            .map_err(|left| CallTrap::HostOutOfGas {
                what,
                needed: amount,
                left,
            })
    }

    /// Charges `amount`, or returns what is left when it is more than that.
    pub fn try_charge(&mut self, amount: u64) -> Result<(), u64> {
        if self.left < amount {
            return Err(self.left);
        }
        self.left -= amount;
        Ok(())
    }

    /// Runs `f` on machine `m` with the budget lent to it, then takes back what is left.
    pub fn run<M: Metered + ?Sized, R>(&mut self, m: &mut M, f: impl FnOnce(&mut M) -> R) -> R {
        m.set_gas(self.left);
        let r = f(m);
        self.left = m.gas();
        r
    }

    /// Takes the budget back from a suspended machine (an import starts).
    pub fn take_from<M: Metered + ?Sized>(&mut self, m: &M) {
        self.left = m.gas();
    }

    /// Lends the budget to a suspended machine again (the import ends, served or not).
    pub fn lend_to<M: Metered + ?Sized>(&self, m: &mut M) {
        m.set_gas(self.left);
    }

    /// Takes back the budget of a machine built with it (a fresh instance whose start
    /// function ran).
    pub fn settle_with(&mut self, left: u64) {
        self.left = left;
    }
}
