//! The fault handler behind guard-page memory: a guest access outside memory in
//! native code faults (`SIGSEGV`) instead of being range-checked, and this handler
//! moves the faulting thread to that access's out-of-line stub, which then does
//! what the range check would have done (see [`super::access`]).
//!
//! # Design and invariants
//!
//! * **Installed once per process** ([`installed`]), for `SIGSEGV` and `SIGBUS`,
//!   remembering the previous actions. A fault that is not a guest access (a host
//!   bug, Rust's stack-overflow guard) is passed on to the previous handler, or, if
//!   that was the default action (or "ignore", which cannot apply to a fault), the
//!   default action is restored and the instruction faults again: the process dies
//!   exactly as it would have without this handler.
//! * **Ours** means: the faulting instruction pointer lies in the native code the
//!   *current thread* is running, the fault address lies in the reservation of the
//!   memory that run uses, and the instruction is one of the code's guest accesses
//!   (a sorted table: native offset of the access -> native offset of its stub).
//!   What the thread runs is a thread-local record ([`Active`]) set around each
//!   native call ([`enter`]) and restored afterwards, so nested runs (a host call
//!   running another machine) and other threads never see each other's code.
//! * **Async-signal-safe**: the handler reads a `const`-initialised thread-local
//!   `Cell` of plain data, binary-searches a table that outlives the native call,
//!   and writes the saved instruction pointer. It allocates nothing, takes no lock
//!   and calls only `signal` (async-signal-safe) when giving up.
//! * **Exactness**: a faulting x86 load or store has no effect (a store that
//!   straddles into an inaccessible page writes nothing), so the stub sees the
//!   registers and memory of just before the access, like the interpreter does.

use std::cell::{Cell, UnsafeCell};
use std::mem::MaybeUninit;
use std::sync::OnceLock;

/// What the current thread's native run needs the handler to know.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Active {
    /// Native code `[start, end)`.
    pub code: (usize, usize),
    /// Guest accesses of that code: `[access offset, stub offset]`, sorted.
    pub faults: *const [u32; 2],
    pub nfaults: usize,
    /// The memory reservation `[start, end)`.
    pub reservation: (usize, usize),
}

impl Active {
    /// No native run on this thread.
    pub(crate) const NONE: Active = Active {
        code: (0, 0),
        faults: std::ptr::null(),
        nfaults: 0,
        reservation: (0, 0),
    };

    /// Where a fault at `rip` touching `addr` continues, if it is a guest access.
    fn redirect(&self, rip: usize, addr: usize) -> Option<usize> {
        let ours = (self.code.0..self.code.1).contains(&rip)
            && (self.reservation.0..self.reservation.1).contains(&addr)
            && !self.faults.is_null();
        if !ours {
            return None;
        }
        let off = u32::try_from(rip - self.code.0).ok()?;
        // SAFETY: `faults`/`nfaults` describe the table of the code this thread is
        // running (set by `enter`, which the caller keeps alive for the run).
        let table = unsafe { std::slice::from_raw_parts(self.faults, self.nfaults) };
        let k = table.binary_search_by_key(&off, |f| f[0]).ok()?;
        Some(self.code.0 + table[k][1] as usize)
    }
}

thread_local! {
    static ACTIVE: Cell<Active> = const { Cell::new(Active::NONE) };
}

/// Restores the thread's previous [`Active`] when dropped.
pub(crate) struct Scope(Active);

impl Drop for Scope {
    #[inline]
    fn drop(&mut self) {
        ACTIVE.with(|a| a.set(self.0));
    }
}

/// Makes `active` the current thread's native run until the returned scope ends.
/// The tables it points to must outlive the scope.
#[inline]
pub(crate) fn enter(active: Active) -> Scope {
    Scope(ACTIVE.with(|a| a.replace(active)))
}

/// A signal action saved before ours replaced it.
struct Saved(UnsafeCell<MaybeUninit<libc::sigaction>>);

// SAFETY: written once by `install` before our handler can run, read only by the
// handler afterwards.
unsafe impl Sync for Saved {}

static PREV_SEGV: Saved = Saved(UnsafeCell::new(MaybeUninit::uninit()));
static PREV_BUS: Saved = Saved(UnsafeCell::new(MaybeUninit::uninit()));

/// True once the handler is installed (installs it on first call); false if the
/// system refused, in which case native code keeps its range checks.
pub(crate) fn installed() -> bool {
    static DONE: OnceLock<bool> = OnceLock::new();
    *DONE.get_or_init(|| {
        // SAFETY: runs once (OnceLock); `Saved` is written before our handler is
        // installed for that signal.
        unsafe { install(libc::SIGSEGV, &PREV_SEGV) && install(libc::SIGBUS, &PREV_BUS) }
    })
}

/// Saves the current action of `sig` in `prev`, then installs [`handler`].
unsafe fn install(sig: libc::c_int, prev: &Saved) -> bool {
    // SAFETY: plain libc calls on valid pointers; `prev` is only read by the
    // handler, which cannot run for `sig` before the second `sigaction`.
    unsafe {
        let slot = (*prev.0.get()).as_mut_ptr();
        if libc::sigaction(sig, std::ptr::null(), slot) != 0 {
            return false;
        }
        let mut ours: libc::sigaction = std::mem::zeroed();
        ours.sa_sigaction = handler as *const () as usize;
        ours.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
        libc::sigemptyset(&mut ours.sa_mask);
        libc::sigaction(sig, &ours, std::ptr::null_mut()) == 0
    }
}

/// The signal handler (see the module docs).
unsafe extern "C" fn handler(
    sig: libc::c_int,
    info: *mut libc::siginfo_t,
    uctx: *mut libc::c_void,
) {
    // SAFETY: the kernel passes a valid siginfo and ucontext for an SA_SIGINFO
    // handler; only plain data is read and the saved rip written.
    unsafe {
        let ctx = uctx.cast::<libc::ucontext_t>();
        let rip = (*ctx).uc_mcontext.gregs[libc::REG_RIP as usize] as usize;
        let addr = (*info).si_addr() as usize;
        let target = ACTIVE
            .try_with(|a| a.get().redirect(rip, addr))
            .ok()
            .flatten();
        if let Some(target) = target {
            (*ctx).uc_mcontext.gregs[libc::REG_RIP as usize] = target as i64;
            return;
        }
        chain(sig, info, uctx);
    }
}

/// Hands a fault that is not ours to the action that was there before.
unsafe fn chain(sig: libc::c_int, info: *mut libc::siginfo_t, uctx: *mut libc::c_void) {
    let prev = if sig == libc::SIGBUS {
        &PREV_BUS
    } else {
        &PREV_SEGV
    };
    // SAFETY: `prev` was written by `install` before this handler was installed;
    // the previous handler is called with the arguments its flags ask for.
    unsafe {
        let prev = &*(*prev.0.get()).as_ptr();
        let h = prev.sa_sigaction;
        if h == libc::SIG_DFL || h == libc::SIG_IGN {
            // Back to the default action; returning re-runs the faulting
            // instruction, which now terminates the process as usual.
            libc::signal(sig, libc::SIG_DFL);
        } else if prev.sa_flags & libc::SA_SIGINFO != 0 {
            let f: unsafe extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                std::mem::transmute(h);
            f(sig, info, uctx);
        } else {
            let f: unsafe extern "C" fn(libc::c_int) = std::mem::transmute(h);
            f(sig);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_needs_code_reservation_and_table_entry() {
        let table = [[0x10u32, 0x100], [0x20, 0x200]];
        let a = Active {
            code: (0x1000, 0x2000),
            faults: table.as_ptr(),
            nfaults: 2,
            reservation: (0x10_0000, 0x20_0000),
        };
        assert_eq!(a.redirect(0x1020, 0x10_0000), Some(0x1200));
        assert_eq!(a.redirect(0x1010, 0x1f_ffff), Some(0x1100));
        // Not an access, outside the code, outside the reservation.
        assert_eq!(a.redirect(0x1018, 0x10_0000), None);
        assert_eq!(a.redirect(0x2010, 0x10_0000), None);
        assert_eq!(a.redirect(0x1010, 0x20_0000), None);
        assert_eq!(Active::NONE.redirect(0, 0), None);
    }
}
