//! Loads and stores through `sp` that cannot fault in native code.
//!
//! Two translations leave out a value that only a fault could show: a fused
//! multiply's dead scratch register ([`Tr::dead_after`]) and a slot store
//! before an overwrite ([`super::lazy_slot`]). A memory access between the
//! value's write and its overwrite used to stop both, because a fault there
//! reports the register file. Most of those accesses are the compiler's frame
//! slots (`lw a3, -32(sp)` between an xxHash lane's multiply and its add,
//! `sw t1, -88(sp)` inside sha256's round), and Rivet's compiler checks the
//! stack room at every function entry, so they never fault. Native code does
//! not trust the compiler; it checks.
//!
//! **The check.** Where `sp` gets a value (the places [`super::stack`] marks
//! pages at: after each instruction that writes x2, a dynamic entry, the block
//! after an `ecall`), the bytes `lo..end` from `sp` that the relying accesses
//! ahead use (loads and stores through x2 up to the next write of x2, over
//! static edges, as `stack` computes them) are compared with the memory's
//! size: `eax = sp + lo` (wrapping: a wrapped value is at least 2^32 - 2048,
//! above every memory), `rax += end - lo - 1` in 64 bits, then one signed
//! comparison with `size - 1`. Four instructions. If any byte lies outside,
//! native code gives back what it paid ahead and the interpreter runs the rest
//! of the run from the next instruction ([`super::ctx::exit::INTERPRET`]):
//! exact, and never taken by the compiler's code. So a relying access in
//! native code always finds its bytes inside memory ([`Tr::sp_proven`]).
//!
//! **Only where it pays.** A check per call cost fib 7% when every site
//! checked. So only the accesses an optimisation relied on count (the
//! *wanted* ones, recorded by [`Tr::rely_on_sp`] during translation); since
//! the sites come before the accesses in the code, each site is first a
//! five-byte `nop` ([`Tr::sp_site`]), and after the main pass
//! [`Tr::patch_sp_sites`] turns the ones with wanted accesses ahead into a
//! jump to an out-of-line check that jumps back. A dynamic entry with wanted
//! accesses ahead is `mov ecx, idx; call; jmp body` into a routine shared by
//! the entries with the same bytes ([`Tr::reach_entry`]; one stub of its own
//! per entry had made native code 20% larger).
//!
//! Invariant: a load or store `i` a translation relied on is, on every way
//! native code reaches it, preceded by a check covering its
//! bytes with the current value of `sp`: `i` relies on marked pages
//! (`stack`'s must-analysis: every static path to it passes a write of x2 or
//! an `ecall`, and any dynamic entry on the way has its own site), and the
//! site's range is the union over every wanted access up to the next write of
//! x2. The placeholder counts as a write of `rax` ([`Asm::rax_writes`]): the
//! check clobbers it and the flags.
//!
//! [`Asm::rax_writes`]: super::x86::Asm::rax_writes

use super::ctx::{exit, OFF_ENTRIES, OFF_LIMIT, OFF_PC};
use super::stack::{ahead, reach_of, Reach};
use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm, Shift};

/// A five-byte `nop` (`nopl 0(rax, rax)`), the size of a `jmp rel32`.
const NOP5: [u8; 5] = [0x0f, 0x1f, 0x44, 0x00, 0x00];

/// A place where `sp` may have a new value: a placeholder for its check.
#[derive(Debug, Clone)]
pub(crate) struct SpSite {
    /// Code offset of the placeholder.
    at: usize,
    /// The instruction after which (`after`) or at which the accesses begin.
    i: usize,
    after: bool,
    /// Where the interpreter goes on if the check fails.
    pc: u32,
    /// Gas native code paid ahead for the interpreter's part there.
    refund: i32,
}

/// The code the dynamic entries' checks share ([`Tr::reach_entry`]).
#[derive(Debug, Default)]
pub(crate) struct EntryChecks {
    /// One routine per distinct (wanted bytes, lowest relying store offset).
    routines: Vec<((Reach, Option<i32>), usize)>,
    /// The failure path, once emitted.
    fail: Option<usize>,
}

impl Tr<'_> {
    /// True if instruction `i` is a load or store through x2 whose bytes every
    /// way native code reaches it can have checked (see the module docs). An
    /// optimisation that relies on it says so with [`Tr::rely_on_sp`].
    pub(super) fn sp_proven(&self, i: usize) -> bool {
        let plan = self.sp.as_ref();
        plan.is_some_and(|p| p.relying_access(self.module.insts(), i).is_some())
    }

    /// Records that the translation relies on the accesses among instructions
    /// `range` that [`Tr::sp_proven`] holds for: their sites check them.
    pub(super) fn rely_on_sp(&self, range: std::ops::Range<usize>) {
        let Some(plan) = self.sp.as_ref() else {
            return;
        };
        for i in range {
            if plan.relying_access(self.module.insts(), i).is_some() {
                plan.wanted[i].set(true);
            }
        }
    }

    /// A placeholder for the check of the accesses from instruction `i` on
    /// (after it when `after`): if it fails, the interpreter goes on at `pc`
    /// after `refund` gas is given back.
    pub(super) fn sp_site(&mut self, i: usize, after: bool, pc: u32, refund: i32) {
        let at = self.a.pos();
        self.a.buf.extend_from_slice(&NOP5);
        self.a.rax_writes += 1;
        if let Some(plan) = self.sp.as_mut() {
            plan.sites.push(SpSite {
                at,
                i,
                after,
                pc,
                refund,
            });
        }
    }

    /// After the main pass and the stubs: the check at each site with wanted
    /// accesses ahead (out of line, the placeholder becomes a jump to it).
    /// Returns the wanted bytes per instruction, for the dynamic entries.
    pub(super) fn patch_sp_sites(&mut self) -> Vec<Option<Reach>> {
        let Some(plan) = self.sp.as_mut() else {
            return Vec::new();
        };
        let insts = self.module.insts();
        let sites = std::mem::take(&mut plan.sites);
        let plan = &*plan;
        let reach = ahead(insts, |i| {
            let wanted = plan.wanted[i].get();
            wanted.then(|| plan.relying_access(insts, i)).flatten()
        });
        for site in sites {
            let Some(r) = reach_of(insts, &reach, site.i, site.after) else {
                continue;
            };
            let stub = self.a.pos();
            let fails = self.sp_reach_fails(r);
            let back = self.a.jmp32();
            self.a.patch32(back, site.at + NOP5.len());
            self.a.patch32(fails, self.a.pos());
            self.interpret_from(site.refund, site.pc);
            self.a.buf[site.at] = 0xe9;
            self.a.patch32(site.at + 1, stub);
        }
        reach
    }

    /// The dynamic entry of instruction `idx` (its body at `body`) with wanted
    /// accesses ahead: `mov ecx, idx; call; jmp body` (15 bytes), the call to
    /// the routine `checks` shares among the entries with the same `key` (the
    /// wanted bytes and `stack`'s lowest relying store offset, `miss` its
    /// marking routine). Returns the entry.
    pub(super) fn reach_entry(
        &mut self,
        checks: &mut EntryChecks,
        idx: usize,
        key: (Reach, Option<i32>),
        miss: usize,
        body: u32,
    ) -> u32 {
        let known = checks.routines.iter().find(|(k, _)| *k == key);
        let routine = match known {
            Some(&(_, at)) => at,
            None => {
                let at = self.entry_routine(checks, key, miss);
                checks.routines.push((key, at));
                at
            }
        };
        let stub = self.a.pos();
        self.a.mov_rm_imm(Rm::Reg(RCX), idx as u32);
        let at = self.a.call32();
        self.a.patch32(at, routine);
        let at = self.a.jmp32();
        self.a.patch32(at, body as usize);
        stub as u32
    }

    /// A shared entry routine: the check of `reach`, then, with `need`,
    /// `stack`'s page check (its marking routine `miss` on a miss, which
    /// returns for it). On failure, [`Tr::entry_fail`].
    fn entry_routine(
        &mut self,
        checks: &mut EntryChecks,
        (reach, need): (Reach, Option<i32>),
        miss: usize,
    ) -> usize {
        let fail = match checks.fail {
            Some(at) => at,
            None => *checks.fail.insert(self.entry_fail()),
        };
        let start = self.a.pos();
        let at = self.sp_reach_fails(reach);
        self.a.patch32(at, fail);
        if let Some(lo) = need {
            self.sp_plus(lo);
            self.sp_page_check();
            let at = self.a.jcc32(Cond::Ne);
            self.a.patch32(at, miss);
        }
        self.a.ret();
        start
    }

    /// A failed entry check, in a routine the entry of instruction `ecx`
    /// called: drops the return address, gives back the entry's charge (its
    /// cost in the entry table), and lets the interpreter run from its pc.
    fn entry_fail(&mut self) -> usize {
        let start = self.a.pos();
        self.a.alu64_rm_imm(Alu::Add, Rm::Reg(RSP), 8);
        self.a.mov_r_rm(RAX, Rm::Reg(RCX));
        self.a.shift64_imm(Shift::Shl, Rm::Reg(RAX), 4);
        self.a.alu64_r_rm(Alu::Add, RAX, mem(RBP, OFF_ENTRIES));
        self.a.alu64_r_rm(Alu::Add, R15, mem(RAX, 8));
        self.a.mov_r_rm(RAX, Rm::Reg(RCX));
        self.a.shift_imm(Shift::Shl, Rm::Reg(RAX), 2);
        let base = self.module.code_base() as i32;
        self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), base);
        self.a.mov_rm_r(mem(RBP, OFF_PC), RAX);
        self.exit_with(exit::INTERPRET);
        start
    }

    /// The comparison of the check: returns the rel32 of its jump, taken when
    /// the bytes `lo..end` from `sp` are not all inside memory. Clobbers `rax`
    /// and the flags.
    pub(super) fn sp_reach_fails(&mut self, (lo, end): Reach) -> usize {
        self.sp_plus(lo);
        self.a.alu64_rm_imm(Alu::Add, Rm::Reg(RAX), end - lo - 1);
        self.a.alu64_r_rm(Alu::Cmp, RAX, mem(RBP, OFF_LIMIT));
        self.a.jcc32(Cond::G)
    }
}
