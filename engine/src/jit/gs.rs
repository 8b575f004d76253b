//! Guest memory's base address in the `gs` segment base.
//!
//! Native code addresses guest memory as `gs:[reg + disp]` (see
//! [`super::x86::reg::GUEST`]) instead of `[r12 + reg + disp]`: the base costs no
//! host register, so `r12` holds one more guest register ([`super::pins`]), and
//! accesses through a pinned base are one byte shorter. Loads through either form
//! have the same latency on the machines measured (bench/README.md).
//!
//! # Design and invariants
//!
//! * **Set before every entry** ([`point_at`]): a run's thread points `gs` at its
//!   memory before each native call. Nothing else in a Linux x86-64 process uses the
//!   `gs` base (glibc, musl and Rust keep thread-locals in `fs`), so the value
//!   stays until the next entry; an `ecall` leaves native code, so a host that runs
//!   another machine meanwhile changes it only between two entries of this one,
//!   and the next entry sets it again.
//! * **Cheap**: a thread-local copy of the value last set skips the write when a
//!   thread keeps calling into the same memory. The write is `wrgsbase` where the
//!   kernel allows it (`HWCAP2_FSGSBASE`, Linux 5.9 and later), else the
//!   `arch_prctl(ARCH_SET_GS)` system call.
//! * **Never unsound**: where neither works (a sandbox refusing the system call),
//!   [`usable`] is false and modules get no native code: the interpreter runs.
//!   A failed write is reported ([`point_at`] returns false) and the caller runs
//!   the interpreter instead of native code that would read the wrong memory.

use std::cell::Cell;
use std::sync::OnceLock;

/// `HWCAP2_FSGSBASE` (the kernel lets user code write the segment bases).
const HWCAP2_FSGSBASE: libc::c_ulong = 1 << 1;
/// `arch_prctl` codes (asm/prctl.h).
const ARCH_SET_GS: libc::c_ulong = 0x1001;
const ARCH_GET_GS: libc::c_ulong = 0x1004;

/// How this process writes the `gs` base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    /// The `wrgsbase` instruction.
    Instruction,
    /// The `arch_prctl` system call.
    SystemCall,
}

thread_local! {
    /// The `gs` base this thread last set (0: not set by us).
    static CURRENT: Cell<usize> = const { Cell::new(0) };
}

/// How the `gs` base can be written here, found once per process.
fn write_kind() -> Option<Write> {
    static KIND: OnceLock<Option<Write>> = OnceLock::new();
    *KIND.get_or_init(|| {
        // SAFETY: getauxval reads the process's auxiliary vector.
        if unsafe { libc::getauxval(libc::AT_HWCAP2) } & HWCAP2_FSGSBASE != 0 {
            return Some(Write::Instruction);
        }
        // Probe the system call: read the base and write the same value back.
        let mut base: libc::c_ulong = 0;
        // SAFETY: ARCH_GET_GS stores one unsigned long at the address given.
        let got = unsafe {
            libc::syscall(
                libc::SYS_arch_prctl,
                ARCH_GET_GS,
                &mut base as *mut libc::c_ulong,
            )
        };
        // SAFETY: writes back the value just read (nothing changes).
        let set =
            got == 0 && unsafe { libc::syscall(libc::SYS_arch_prctl, ARCH_SET_GS, base) } == 0;
        set.then_some(Write::SystemCall)
    })
}

/// True if native code can address guest memory through `gs` in this process.
pub(crate) fn usable() -> bool {
    write_kind().is_some()
}

/// Points this thread's `gs` base at `base` (a guest memory's first byte); false
/// if that failed (native code must not run then).
#[inline]
pub(crate) fn point_at(base: *const u8) -> bool {
    let base = base as usize;
    if CURRENT.get() == base {
        return true;
    }
    let done = match write_kind() {
        Some(Write::Instruction) => {
            // SAFETY: the kernel enabled user writes of the segment bases
            // (HWCAP2_FSGSBASE); nothing in this process reads the gs base but
            // native code, which is not running on this thread now.
            // `wrgsbase rax`, spelled out: the assembler needs no target feature.
            unsafe {
                std::arch::asm!(
                    ".byte 0xf3, 0x48, 0x0f, 0xae, 0xd8",
                    in("rax") base,
                    options(nostack, preserves_flags)
                );
            }
            true
        }
        // SAFETY: ARCH_SET_GS takes the new base by value.
        Some(Write::SystemCall) => unsafe {
            libc::syscall(libc::SYS_arch_prctl, ARCH_SET_GS, base) == 0
        },
        None => false,
    };
    if done {
        CURRENT.set(base);
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `gs:[0]` read with the base pointed at `p`.
    fn read_through_gs() -> u64 {
        let v: u64;
        // SAFETY: the caller pointed gs at 8 readable bytes.
        unsafe {
            std::arch::asm!("mov {}, gs:[0]", out(reg) v, options(nostack, readonly));
        }
        v
    }

    #[test]
    fn the_base_follows_each_memory() {
        assert!(usable(), "this machine cannot write the gs base");
        let a = 0x1111_2222_3333_4444u64;
        let b = 0x5555_6666_7777_8888u64;
        assert!(point_at((&a as *const u64).cast()));
        assert_eq!(read_through_gs(), a);
        assert!(point_at((&b as *const u64).cast()));
        assert_eq!(read_through_gs(), b);
        // Another thread's base is its own.
        let pb = &b as *const u64 as usize;
        std::thread::scope(|s| {
            s.spawn(|| {
                assert!(point_at((&a as *const u64).cast()));
                assert_eq!(read_through_gs(), a);
            });
        });
        assert_eq!(CURRENT.get(), pb);
        assert_eq!(read_through_gs(), b);
    }
}
