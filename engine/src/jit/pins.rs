//! Which guest registers live in host registers for a whole native run (see
//! [`super::translate`] for the host register roles).

use super::x86::reg::*;

/// Host registers free for pinning guest registers.
pub(crate) const PIN_HOSTS: [u8; 10] = [RBX, RSI, RDI, R8, R9, R10, R11, R13, R14, RDX];

/// Which guest registers live in which host registers (x0 is never pinned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pins {
    host: [Option<u8>; 32],
}

impl Pins {
    /// Pins `guest[k]` to `PIN_HOSTS[k]`; registers past the ISA's, x0, duplicates
    /// and anything beyond the host registers available are left in memory.
    pub(crate) fn new(guest: &[u8], register_count: u8) -> Pins {
        let mut p = Pins::default();
        let mut hosts = PIN_HOSTS.iter();
        for &g in guest {
            if g == 0 || g >= register_count || g >= 32 || p.host[g as usize].is_some() {
                continue;
            }
            match hosts.next() {
                Some(&h) => p.host[g as usize] = Some(h),
                None => break,
            }
        }
        p
    }

    /// The host register of guest register `r` (its low five bits: decoded
    /// register fields have no more).
    #[inline]
    pub(crate) fn get(&self, r: u8) -> Option<u8> {
        self.host[r as usize & 31]
    }

    /// The guest register held in host register `host`, if any.
    pub(super) fn guest_in(&self, host: u8) -> Option<u8> {
        (1..32u8).find(|&g| self.host[g as usize] == Some(host))
    }

    pub(super) fn pairs(&self) -> impl Iterator<Item = (u8, u8)> + '_ {
        (0..32u8).filter_map(|g| self.host[g as usize].map(|h| (g, h)))
    }
}
