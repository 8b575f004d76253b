//! The slot cache: which pool registers still hold the value of which frame word,
//! so that reading a frame-slot local (or a spilled operand) right after it was
//! stored or loaded becomes a register use or a move instead of a `lw`.
//!
//! Design: a fact "register `r` holds the word at `sp + off`" is recorded
//! explicitly, only right after code that made it true: the store of a
//! `local.set`/`local.tee` or a spill, or the load that read the word. Facts are
//! *forgotten* by watching the code itself: before the cache answers or records
//! anything it scans the instructions emitted since it last looked
//! ([`SlotCache::sync`]), so no write to a register, however the translator
//! emitted it, can be missed:
//!
//! * an instruction writing `rd` drops `rd`'s fact;
//! * a store through `sp` drops the facts of the words it overwrites (except the
//!   stored register's own, which it just confirmed); other stores go to linear
//!   memory, globals or tables, which never overlap the frame (the data-memory
//!   layout puts the stack above them and guest stores cannot reach it);
//! * a call (`jal`/`jalr` with a link register), an `ecall` (helpers, imports,
//!   traps), a write to `sp` or anything unknown drops every fact.
//!
//! One shortcut: [`FuncCtx::load_frame_word`]'s own load follows a lookup that
//! scanned the code to its end and writes only its destination, so
//! [`SlotCache::note_loaded`] applies that without a scan (debug builds check
//! the code it skips).
//!
//! The scan costs nothing while no fact is held (a mask of the registers with
//! facts is empty: there is nothing the code could make false), stops as soon as
//! the last fact is dropped, and a store through `sp` looks only at the
//! registers in the mask.
//!
//! Joins: binding a label forgets everything ([`SlotCache::clear`]), since another
//! edge may arrive there. Code that only a jump from one earlier point reaches
//! starts from that point's facts ([`SlotCache::snapshot`], [`SlotCache::restore`]):
//! each `br_table` trampoline (entered from the jump table), and the code after a
//! `br_if` whose skipped branch code ends in a jump or a return (that code may
//! load values, e.g. a return's results into `a0`/`a1`, on its own path only).
//! The translator's other joins are forward skips inside one operator
//! (`skip_if`/`end_skip`, `select`'s short branches): they never record a fact
//! inside the skipped code, and the scan drops whatever that code overwrites, so
//! what is left holds on both edges. Code rewritten after the scan saw it (a fused
//! comparison taken back, a retargeted destination) is scanned again
//! ([`SlotCache::rewind`]).
//!
//! Invariant: every recorded fact is true at word index `seen` of the code, on
//! every path that reaches it; facts are kept only for the function's pool
//! registers (never the scratch registers, pinned locals' registers, `sp`).

use super::{FuncCtx, Loc, Val};
use crate::asm::SP;
use rivet_format::rv32::{opcode as op, Reg};

/// A fact about a frame word that is not known to be a local's.
const NO_LOCAL: u32 = u32::MAX;

/// What an instruction does to the facts, by major opcode ([`EFFECT`]).
mod effect {
    /// Writes `rd` (loads, immediate and register arithmetic, `lui`, `auipc`).
    pub const WRITE: u8 = 0;
    /// Writes no register (branches, `fence`).
    pub const NONE: u8 = 1;
    pub const STORE: u8 = 2;
    /// `jal`/`jalr`: a plain jump (no link register) changes nothing.
    pub const JUMP: u8 = 3;
    /// Calls, ecalls, anything unknown: every fact is dropped.
    pub const FORGET: u8 = 4;
}

/// [`effect`] of every major opcode.
static EFFECT: [u8; 128] = {
    let mut t = [effect::FORGET; 128];
    t[op::LOAD as usize] = effect::WRITE;
    t[op::IMM as usize] = effect::WRITE;
    t[op::AUIPC as usize] = effect::WRITE;
    t[op::REG as usize] = effect::WRITE;
    t[op::LUI as usize] = effect::WRITE;
    t[op::BRANCH as usize] = effect::NONE;
    t[op::FENCE as usize] = effect::NONE;
    t[op::STORE as usize] = effect::STORE;
    t[op::JAL as usize] = effect::JUMP;
    t[op::JALR as usize] = effect::JUMP;
    t
};

/// The facts a write to register `rd` keeps, as a mask: all but `rd`'s own, or
/// none for a write to `sp` or to a register past x15.
static KEEP: [u16; 32] = {
    let mut t = [0u16; 32];
    let mut r = 0;
    while r < 16 {
        if r != SP as usize {
            t[r] = !(1 << r);
        }
        r += 1;
    }
    t
};

/// The frame words pool registers are known to hold (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct SlotCache {
    /// Per register x0..x15: the sp-relative offset of the word it holds (only
    /// for the registers in `mask`).
    held: [i32; 16],
    /// The registers with a fact (the scan skips code while it is empty and
    /// looks only at these).
    mask: u16,
    /// Per register: the local whose slot `held` is, when known (else NO_LOCAL).
    local: [u32; 16],
    /// Registers that may hold facts (the function's pool).
    pool: u16,
    /// Code index up to which the scan has run.
    seen: usize,
}

impl SlotCache {
    /// An empty cache for a function whose pool registers are `pool` and whose
    /// code starts at word index `start` (earlier code is other functions').
    pub fn new(pool: u16, start: usize) -> Self {
        SlotCache {
            held: [0; 16],
            mask: 0,
            local: [NO_LOCAL; 16],
            pool,
            seen: start,
        }
    }

    /// Forgets every fact (a label is bound at code index `len`).
    pub fn clear(&mut self, len: usize) {
        self.forget_all();
        self.seen = len;
    }

    /// The facts true at the end of `code`, to restore where another path
    /// starts from the same point ([`SlotCache::restore`]).
    pub fn snapshot(&mut self, code: &[u32]) -> SlotCache {
        self.sync(code);
        self.clone()
    }

    /// Continues at code index `len`, a point reached only from where `at` was
    /// taken (a `br_table` trampoline, entered from the jump table): the facts
    /// of `at`, and none that code emitted since (another path) established.
    pub fn restore(&mut self, at: &SlotCache, len: usize) {
        *self = at.clone();
        self.seen = len;
    }

    /// Drops every fact.
    #[inline]
    fn forget_all(&mut self) {
        self.mask = 0;
    }

    /// The code from index `at` on was changed or taken back: scan it again.
    #[inline]
    pub fn rewind(&mut self, at: usize) {
        self.seen = self.seen.min(at);
    }

    /// Applies the effects of `code[seen..]` (see the module docs). Without
    /// facts there is nothing to forget: the scan stops there.
    #[inline]
    pub fn sync(&mut self, code: &[u32]) {
        if self.mask != 0 && self.seen < code.len() {
            self.scan(code);
        }
        self.seen = code.len();
    }

    /// [`Self::sync`]'s scan, until the code or the facts run out.
    fn scan(&mut self, code: &[u32]) {
        for &w in &code[self.seen..] {
            self.apply(w);
            if self.mask == 0 {
                break;
            }
        }
    }

    /// The effect of one instruction word on the facts.
    #[inline]
    fn apply(&mut self, w: u32) {
        let rd = ((w >> 7) & 0x1f) as usize;
        match EFFECT[(w & 0x7f) as usize] {
            effect::WRITE => self.mask &= KEEP[rd],
            effect::NONE => {}
            effect::JUMP if rd == 0 => {}
            effect::STORE => {
                let base = ((w >> 15) & 0x1f) as Reg;
                if base == SP {
                    let src = ((w >> 20) & 0x1f) as usize;
                    let imm = (((w as i32) >> 25) << 5) | ((w >> 7) & 0x1f) as i32;
                    let bytes = 1i32 << ((w >> 12) & 3).min(2);
                    self.overwrite(imm, bytes, src);
                }
            }
            // Calls, ecalls and anything else.
            _ => self.forget_all(),
        }
    }

    /// `bytes` bytes at `sp + off` were overwritten by register `src`.
    fn overwrite(&mut self, off: i32, bytes: i32, src: usize) {
        let mut m = self.mask;
        while m != 0 {
            let r = m.trailing_zeros() as usize;
            m &= m - 1;
            let h = self.held[r];
            if h < off + bytes && off < h + 4 && !(r == src && h == off) {
                self.mask &= !(1 << r);
            }
        }
    }

    /// Records that pool register `r` holds the word at `sp + off` now (at the end
    /// of `code`).
    pub fn note(&mut self, code: &[u32], r: Reg, off: i32, local: Option<u32>) {
        self.sync(code);
        self.set(r, off, local);
    }

    /// [`Self::note`] right after a load of the word into `r` (an `lw`, with its
    /// address computation for a far slot, a move, or nothing) that is the only
    /// code since the last look: its whole effect is dropping `r`'s old fact,
    /// which the new one replaces, so no scan is needed.
    pub fn note_loaded(&mut self, code: &[u32], r: Reg, off: i32, local: Option<u32>) {
        debug_assert!(
            code[self.seen.min(code.len())..].iter().all(|&w| {
                EFFECT[(w & 0x7f) as usize] == effect::WRITE && (w >> 7) & 0x1f == r as u32
            }),
            "note_loaded after code other than writes of x{r}"
        );
        self.seen = code.len();
        self.mask &= KEEP[r as usize];
        self.set(r, off, local);
    }

    /// Records the fact itself (`r` is synced: it holds the word).
    #[inline]
    fn set(&mut self, r: Reg, off: i32, local: Option<u32>) {
        if r < 16 && self.pool & (1 << r) != 0 {
            self.held[r as usize] = off;
            self.mask |= 1 << r;
            self.local[r as usize] = local.unwrap_or(NO_LOCAL);
        }
    }

    /// The frame word `r` holds now and the local it belongs to, if known.
    pub fn fact(&mut self, code: &[u32], r: Reg) -> Option<(i32, Option<u32>)> {
        self.sync(code);
        if r >= 16 || self.mask & (1 << r) == 0 {
            return None;
        }
        let (h, l) = (self.held[r as usize], self.local[r as usize]);
        Some((h, (l != NO_LOCAL).then_some(l)))
    }

    /// A register holding the word at `sp + off` now, preferring one in `free`.
    pub fn find(&mut self, code: &[u32], off: i32, free: u16) -> Option<Reg> {
        self.sync(code);
        let mut found = None;
        let mut m = self.mask;
        while m != 0 {
            let r = m.trailing_zeros() as usize;
            m &= m - 1;
            if self.held[r] == off {
                if free & (1 << r) != 0 {
                    return Some(r as Reg);
                }
                found = Some(r as Reg);
            }
        }
        found
    }

    /// Registers holding some frame word (by the last scan: a hint only).
    #[inline]
    pub fn cached_mask(&self) -> u16 {
        self.mask
    }
}

impl FuncCtx<'_> {
    /// The sp-relative offset of word `hi` of `v` (at stack depth `depth`) when
    /// the word lives in the frame: a local in a frame slot or a spilled value.
    #[inline]
    pub fn frame_word(&self, v: Val, depth: usize, hi: bool) -> Option<i32> {
        let w = if hi { 4 } else { 0 };
        match v.loc {
            Loc::Local(i) => {
                let l = self.vals.locals[i as usize];
                l.pin.is_none().then_some(l.off + w)
            }
            Loc::Mem => Some(self.vals.slot(depth) + w),
            _ => None,
        }
    }

    /// A register holding the frame word at `off` now (a free one if any).
    #[inline]
    pub fn cached_word(&mut self, off: i32) -> Option<Reg> {
        self.vals
            .cache
            .find(&self.emit.asm.code, off, self.vals.free)
    }

    /// Records that `r` holds the frame word at `off` (of `local`, if it is a
    /// local's), after the code that made it so was emitted.
    #[inline]
    pub fn note_word(&mut self, r: Reg, off: i32, local: Option<u32>) {
        self.vals.cache.note(&self.emit.asm.code, r, off, local);
    }

    /// Records what a store of `v` to the frame slot at `off` (of `local`, if it
    /// is a local's) left in registers.
    pub fn note_stored(&mut self, v: Val, off: i32, local: Option<u32>) {
        match v.loc {
            Loc::Reg(r) => self.note_word(r, off, local),
            Loc::Pair(l, h) => {
                self.note_word(l, off, local);
                self.note_word(h, off + 4, local);
            }
            _ => {}
        }
    }

    /// `rd` = the frame word at `off` (of `local`, if it is a local's): nothing
    /// when `rd` already holds it, a move from a register that does, else a load.
    pub fn load_frame_word(&mut self, rd: Reg, off: i32, local: Option<u32>) {
        // `cached_word` scanned the code to its end: only the load follows.
        match self.cached_word(off) {
            Some(c) if c == rd => {}
            Some(c) => self.emit.asm.mv(rd, c),
            None => self.emit.asm.lw(rd, SP, off),
        }
        self.vals
            .cache
            .note_loaded(&self.emit.asm.code, rd, off, local);
    }

    /// Where stack entry `v` (at sp-relative slot `off`) can go without a store:
    /// its registers hold exactly its own slot's words ([`Loc::Mem`]) or the
    /// current value of a local in a frame slot ([`Loc::Local`], which
    /// `isolate_local` materialises before the local is written).
    pub fn stored_already(&mut self, v: Val, off: i32) -> Option<Loc> {
        let (lo, hi) = match v.loc {
            Loc::Reg(r) if v.ty.words() == 1 => (r, None),
            Loc::Pair(l, h) => (l, Some(h)),
            _ => return None,
        };
        let code = &self.emit.asm.code;
        let (f, local) = self.vals.cache.fact(code, lo)?;
        if let Some(h) = hi {
            if self.vals.cache.fact(code, h) != Some((f + 4, local)) {
                return None;
            }
        }
        if f == off {
            return Some(Loc::Mem);
        }
        let i = local?;
        let l = self.vals.locals[i as usize];
        (l.pin.is_none() && l.off == f && l.ty.words() == v.ty.words()).then_some(Loc::Local(i))
    }

    /// Takes ownership of a free register that holds the frame word at `off`,
    /// if there is one (no code at all).
    pub fn claim_cached(&mut self, off: i32) -> Option<Reg> {
        let c = self.cached_word(off)?;
        if self.vals.free & (1 << c) == 0 {
            return None;
        }
        self.vals.claim(c);
        Some(c)
    }

    /// An owned register holding word `hi` of `v` taken from the cache, if a free
    /// register holds it.
    #[inline]
    pub fn claim_word(&mut self, v: Val, depth: usize, hi: bool) -> Option<Reg> {
        let off = self.frame_word(v, depth, hi)?;
        self.claim_cached(off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::rv32::{ImmOp, Inst, LoadOp, RegOp, StoreOp};

    const POOL: u16 = 0xffc0;

    fn enc(i: Inst) -> u32 {
        i.encode()
    }

    fn sw(rs2: Reg, off: i32) -> u32 {
        enc(Inst::Store {
            op: StoreOp::Sw,
            rs1: SP,
            rs2,
            offset: off,
        })
    }

    fn add(rd: Reg, a: Reg, b: Reg) -> u32 {
        enc(Inst::Reg {
            op: RegOp::Add,
            rd,
            rs1: a,
            rs2: b,
        })
    }

    #[test]
    fn a_stored_register_is_found_until_it_is_written() {
        let mut c = SlotCache::new(POOL, 0);
        let mut code = vec![sw(8, -16)];
        c.note(&code, 8, -16, None);
        assert_eq!(c.find(&code, -16, 0), Some(8));
        assert_eq!(c.find(&code, -24, 0), None);
        code.push(add(9, 8, 8));
        assert_eq!(c.find(&code, -16, 0), Some(8), "reading keeps the fact");
        code.push(add(8, 9, 9));
        assert_eq!(c.find(&code, -16, 0), None, "writing drops it");
    }

    #[test]
    fn loads_and_stores_through_sp_and_elsewhere() {
        let mut c = SlotCache::new(POOL, 0);
        let mut code = vec![];
        c.note(&code, 8, -16, None);
        c.note(&code, 9, -12, None);
        // A store to linear memory (base x10) never touches the frame.
        code.push(enc(Inst::Store {
            op: StoreOp::Sw,
            rs1: 10,
            rs2: 11,
            offset: -16,
        }));
        assert_eq!(c.find(&code, -16, 0), Some(8));
        // A byte store into the second word drops only that word's fact.
        code.push(enc(Inst::Store {
            op: StoreOp::Sb,
            rs1: SP,
            rs2: 11,
            offset: -10,
        }));
        assert_eq!(c.find(&code, -12, 0), None);
        assert_eq!(c.find(&code, -16, 0), Some(8));
        // Another register stored over the word replaces the fact; the same
        // register stored again keeps it.
        code.push(sw(8, -16));
        assert_eq!(c.find(&code, -16, 0), Some(8));
        code.push(sw(10, -16));
        assert_eq!(c.find(&code, -16, 0), None);
        // A load writes its destination.
        c.note(&code, 10, -16, None);
        code.push(enc(Inst::Load {
            op: LoadOp::Lw,
            rd: 10,
            rs1: 10,
            offset: 0,
        }));
        assert_eq!(c.find(&code, -16, 0), None);
    }

    #[test]
    fn calls_ecalls_sp_writes_and_labels_forget_everything() {
        let forget = [
            enc(Inst::Jal { rd: 1, offset: 8 }),
            enc(Inst::Jalr {
                rd: 1,
                rs1: 1,
                offset: 0,
            }),
            enc(Inst::Ecall),
            enc(Inst::Imm {
                op: ImmOp::Addi,
                rd: SP,
                rs1: SP,
                imm: -16,
            }),
        ];
        for w in forget {
            let mut c = SlotCache::new(POOL, 0);
            let mut code = vec![];
            c.note(&code, 8, -16, None);
            code.push(w);
            assert_eq!(c.find(&code, -16, 0), None, "{w:#x}");
        }
        let mut c = SlotCache::new(POOL, 0);
        let mut code = vec![enc(Inst::Jal { rd: 0, offset: 8 })];
        c.note(&code, 8, -16, None);
        code.push(enc(Inst::Jal { rd: 0, offset: 8 }));
        assert_eq!(c.find(&code, -16, 0), Some(8), "a plain jump keeps facts");
        c.clear(code.len());
        assert_eq!(c.find(&code, -16, 0), None);
    }

    #[test]
    fn rewound_code_is_scanned_again_and_free_registers_win() {
        let mut c = SlotCache::new(POOL, 0);
        let mut code = vec![add(9, 9, 9)];
        c.note(&code, 8, -16, None);
        c.note(&code, 9, -16, None);
        assert_eq!(c.find(&code, -16, 1 << 9), Some(9));
        assert_eq!(c.find(&code, -16, 0), Some(9));
        // The add is rewritten to write x8 after the scan saw it.
        code[0] = add(8, 9, 9);
        c.rewind(0);
        assert_eq!(c.find(&code, -16, 1 << 8), Some(9));
        assert_eq!(c.cached_mask(), 1 << 9);
        code[0] = add(9, 8, 8);
        c.rewind(0);
        assert_eq!(c.find(&code, -16, 0), None);
        // Registers outside the pool never hold facts.
        c.note(&code, 5, -8, None);
        assert_eq!(c.find(&code, -8, 0), None);
        assert_eq!(c.cached_mask(), 0);
    }
}
