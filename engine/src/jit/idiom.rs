//! Fused idioms: fixed multi-instruction sequences Rivet's compiler emits, each
//! translated as one group of x86 instructions that leaves exactly the registers the
//! sequence would (every register it writes, intermediate scratch values included).
//!
//! Recognised (all inside one basic block, registers distinct and not x0):
//!
//! * `lui rd, hi; addi rd, rd, lo` (a 32-bit constant): one `mov`.
//! * That constant, or a lone `lui`, then added into its own register
//!   (`add rd, rs, rd` or `add rd, rd, rs`, `rs` not `rd`): one `lea` (the
//!   address of static data plus an index), or a load and an `add`.
//! * The i32 rotate left by a constant `k` in 1..=31 (`slli t, a, k;
//!   srli d, a, 32-k; or d, d, t`, `t` distinct from `a` and `d`): one `ror`
//!   into `d`, and `t = a << k` only when the rest of the block can see it
//!   ([`Tr::dead_after`]).
//! * The i64 rotate left by a constant `k` in 1..=31 (`shift64_const` in the
//!   compiler), on the pair (`lo`, `hi`) into a new high word `nh`, with scratch `t`:
//!   `slli nh, hi, k; srli t, lo, 32-k; or nh, nh, t; slli lo, lo, k;
//!   srli t, hi, 32-k; or lo, lo, t`: a shift for `t` (when the rest of the
//!   block can see it, [`Tr::dead_after`]), then the pair assembled
//!   in `rax`, one 64-bit `rol` and the words split back out (`shld` is several
//!   micro-ops on Zen 3: two of them ran a dependent rotate at half the speed).
//! * The i64 rotate left by a variable amount `k = rb & 31` after the compiler's
//!   half swap (`shift64_var`): `xori x, rb, 31; sll t1, h, rb; srli t0, l, 1;
//!   srl t0, t0, x; or t1, t1, t0; sll l, l, rb; srli t0, h, 1; srl t0, t0, x;
//!   or l, l, t0`: `t0 = (h >> 1) >> (31 - k)` as it was left, then the pair
//!   rotated in `rax` by `cl = k` (`k = 0` leaves both words, like the RV32
//!   code). At least one of `h`, `l` must be pinned (the other is copied to
//!   `rax`, `rcx` holds the count).
//! * The i64 shift left by a constant `c` in 1..=31 (`srli t, l, 32-c; slli h, h, c;
//!   or h, h, t; slli l, l, c`): `shld` and two shifts.
//! * The i64 shift right (logical or arithmetic) by a constant `c` in 1..=31
//!   (`slli t, h, 32-c; srli l, l, c; or l, l, t; srli/srai h, h, c`): `shrd` and two
//!   shifts.
//! * The i64 add with carry (`add dl, al, bl; sltu t, dl, bl; add dh, ah, bh;
//!   add dh, dh, t`) and subtract with borrow (`sltu t, al, bl; sub dl, al, bl;
//!   sub dh, ah, bh; sub dh, dh, t`): `add`/`sub`, `setc` into `t` (when the
//!   rest of the block can see it), `adc`/`sbb`. Also the add of a value whose
//!   high word the compiler knows is zero (`compiler/src/func/zx64.rs`: `add dl,
//!   al, bl; sltu t, dl, bl; add dh, ah, t`, the carry added in either order)
//!   when nothing can observe `t`: `adc dh, 0` (bignum's `x * y + acc + carry`
//!   chains).
//!   The register overlaps allowed are those under which the x86 order reads the
//!   same values as the RV32 order (destination low word distinct from every later
//!   source, `t` distinct from everything else).
//! * A count of unsigned comparisons (`sltu t, a, b; add c, c, t`, a branch-free
//!   partition's `c += a < b`) when nothing can observe `t` ([`Tr::dead_after`]):
//!   `cmp a, b; adc c, 0`.
//!
//! Exactness: a group never traps and lies inside one block, so gas and trap pcs are
//! those of its instructions run one by one. Static jumps only reach leaders, so
//! only a dynamic entry (`jalr`, a host's `jump_to`) can land in the middle of a
//! group; such an entry goes to an out-of-line copy of the group's remaining
//! instructions ([`Stub::Tail`]) translated one by one, which then jumps back to the
//! code after the group. A group inside a region with shared range checks needs no
//! tail: the region's ordinary copy already serves every dynamic entry into it.

use super::translate::{Stub, Tr};
use super::x86::reg::*;
use super::x86::{Alu, Cond, Rm, Shift};
use rivet_format::rv32::{ImmOp, Inst, RegOp};

/// One recognised idiom and the registers it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Idiom {
    /// `rd = value`.
    Const { rd: u8, value: u32 },
    /// `rd = rs + value` (`rd` held the constant of the `len - 1` instructions
    /// before the add, which overwrites it).
    ConstAdd { rd: u8, rs: u8, value: u32, len: u8 },
    /// See the module docs.
    Rot32 { d: u8, a: u8, t: u8, k: u8 },
    /// See the module docs.
    Rotl {
        nh: u8,
        hi: u8,
        lo: u8,
        t: u8,
        k: u8,
    },
    /// See the module docs.
    Shl { h: u8, l: u8, t: u8, c: u8 },
    /// See the module docs.
    RotlVar {
        x: u8,
        rb: u8,
        h: u8,
        l: u8,
        t0: u8,
        t1: u8,
    },
    /// See the module docs (`arith`: `srai` rather than `srli` for `h`).
    Shr {
        h: u8,
        l: u8,
        t: u8,
        c: u8,
        arith: bool,
    },
    /// `c += a <u b` through a dead `t`.
    CountBelow { c: u8, a: u8, b: u8, t: u8 },
    /// `(dl, dh) = (al, ah) +/- (bl, bh)`, `t` = carry or borrow; `bh` is x0 in
    /// the three-instruction add of a value whose high word is known zero.
    Carry {
        sub: bool,
        d: (u8, u8),
        a: (u8, u8),
        b: (u8, u8),
        t: u8,
        len: u8,
    },
}

impl Idiom {
    /// Number of guest instructions the idiom covers.
    fn len(self) -> usize {
        match self {
            Idiom::Const { .. } | Idiom::CountBelow { .. } => 2,
            Idiom::ConstAdd { len, .. } => len as usize,
            Idiom::Rot32 { .. } => 3,
            Idiom::Rotl { .. } => 6,
            Idiom::RotlVar { .. } => 9,
            Idiom::Carry { len, .. } => len as usize,
            Idiom::Shl { .. } | Idiom::Shr { .. } => 4,
        }
    }
}

/// True when all registers are distinct and none is x0.
fn distinct(regs: &[u8]) -> bool {
    regs.iter()
        .enumerate()
        .all(|(k, &r)| r != 0 && !regs[..k].contains(&r))
}

fn imm(inst: Inst, want: ImmOp) -> Option<(u8, u8, i32)> {
    match inst {
        Inst::Imm { op, rd, rs1, imm } if op == want => Some((rd, rs1, imm)),
        _ => None,
    }
}

fn rr(inst: Inst, want: RegOp) -> Option<(u8, u8, u8)> {
    match inst {
        Inst::Reg { op, rd, rs1, rs2 } if op == want => Some((rd, rs1, rs2)),
        _ => None,
    }
}

fn or(inst: Inst) -> Option<(u8, u8, u8)> {
    rr(inst, RegOp::Or)
}

/// The i64 rotate left by a variable amount at the start of `code`.
fn rotl_var(code: &[Inst]) -> Option<Idiom> {
    let at = |k: usize| code.get(k).copied();
    let (x, rb, m) = imm(at(0)?, ImmOp::Xori)?;
    let (t1, h, rb1) = rr(at(1)?, RegOp::Sll)?;
    let (t0, l, one) = imm(at(2)?, ImmOp::Srli)?;
    let ok = m == 31
        && rb1 == rb
        && one == 1
        && rr(at(3)?, RegOp::Srl)? == (t0, t0, x)
        && or(at(4)?)? == (t1, t1, t0)
        && rr(at(5)?, RegOp::Sll)? == (l, l, rb)
        && imm(at(6)?, ImmOp::Srli)? == (t0, h, 1)
        && rr(at(7)?, RegOp::Srl)? == (t0, t0, x)
        && or(at(8)?)? == (l, l, t0)
        && distinct(&[x, rb, h, l, t0, t1]);
    ok.then_some(Idiom::RotlVar {
        x,
        rb,
        h,
        l,
        t0,
        t1,
    })
}

/// The i64 shift right by a constant at the start of `code` (see the module docs).
fn shr(code: &[Inst]) -> Option<Idiom> {
    let at = |k: usize| code.get(k).copied();
    let (t, h, r) = imm(at(0)?, ImmOp::Slli)?;
    let (l, l1, c) = imm(at(1)?, ImmOp::Srli)?;
    let (arith, (h1, h2, c1)) = match at(3)? {
        Inst::Imm {
            op: ImmOp::Srai, ..
        } => (true, imm(at(3)?, ImmOp::Srai)?),
        i => (false, imm(i, ImmOp::Srli)?),
    };
    let ok = (1..=31).contains(&c)
        && r == 32 - c
        && l1 == l
        && or(at(2)?)? == (l, l, t)
        && (h1, h2, c1) == (h, h, c)
        && distinct(&[h, l, t]);
    ok.then_some(Idiom::Shr {
        h,
        l,
        t,
        c: c as u8,
        arith,
    })
}

/// The i64 add or subtract with carry at the start of `code` (see the module docs).
fn carry(code: &[Inst]) -> Option<Idiom> {
    let at = |k: usize| code.get(k).copied();
    let (op, sub) = match at(0)? {
        Inst::Reg { op: RegOp::Add, .. } => (RegOp::Add, false),
        _ => (RegOp::Sub, true),
    };
    let (dl, al, bl, t) = if sub {
        let (t, al, bl) = rr(at(0)?, RegOp::Sltu)?;
        let (dl, a1, b1) = rr(at(1)?, RegOp::Sub)?;
        ((a1, b1) == (al, bl)).then_some((dl, al, bl, t))?
    } else {
        let (dl, al, bl) = rr(at(0)?, RegOp::Add)?;
        let (t, d1, b1) = rr(at(1)?, RegOp::Sltu)?;
        ((d1, b1) == (dl, bl)).then_some((dl, al, bl, t))?
    };
    let (dh, x, y) = rr(at(2)?, op)?;
    let (ah, bh, len) = if at(3).and_then(|i| rr(i, op)) == Some((dh, dh, t)) {
        (x, y, 4)
    } else if !sub && (x == t) != (y == t) {
        // The zero-high form: `add dh, ah, t` (either order), `bh` read as x0.
        (if x == t { y } else { x }, 0, 3)
    } else {
        return None;
    };
    // The low word is written before the high sources are read; t is written
    // before the high word reads its sources and is read last.
    let ok = dl != 0
        && dh != 0
        && t != 0
        && dl != bl
        && ![ah, bh, dh, t].contains(&dl)
        && ![al, bl, ah, bh, dh].contains(&t)
        && (dh == ah || dh != bh);
    ok.then_some(Idiom::Carry {
        sub,
        d: (dl, dh),
        a: (al, ah),
        b: (bl, bh),
        t,
        len,
    })
}

/// `sltu t, a, b; add c, c, t` (or `add c, t, c`) at the start of `code`, `t`
/// and `c` distinct, no register x0 (`c` or `t` may be `a` or `b`: the
/// comparison reads them first).
fn count_below(code: &[Inst]) -> Option<Idiom> {
    let (t, a, b) = rr(*code.first()?, RegOp::Sltu)?;
    let (c, x, y) = rr(*code.get(1)?, RegOp::Add)?;
    let ok = ((x, y) == (c, t) || (x, y) == (t, c)) && distinct(&[t, c]) && a != 0 && b != 0;
    ok.then_some(Idiom::CountBelow { c, a, b, t })
}

/// `lui rd, hi; addi rd, rd, lo` (a 32-bit constant) at the start of `code`:
/// `(rd, value)`.
pub(super) fn constant(code: &[Inst]) -> Option<(u8, u32)> {
    let Inst::Lui { rd, imm: hi } = *code.first()? else {
        return None;
    };
    let (d, s, lo) = imm(*code.get(1)?, ImmOp::Addi)?;
    (d == rd && s == rd && rd != 0).then_some((rd, hi.wrapping_add(lo as u32)))
}

/// A constant (`lui`, or `lui` + `addi`) added to a register into the constant's own
/// register at the start of `code`: `add rd, rs, rd` or `add rd, rd, rs`, `rs` not
/// `rd` (the address of static data plus an index, e.g. `0x100120 + i`).
fn const_add(code: &[Inst]) -> Option<Idiom> {
    let Inst::Lui { rd, imm: hi } = *code.first()? else {
        return None;
    };
    let (value, k) = match constant(code) {
        Some((_, v)) => (v, 2),
        None => (hi, 1),
    };
    let (d, a, b) = rr(*code.get(k)?, RegOp::Add)?;
    let rs = match (a == rd, b == rd) {
        (true, false) => b,
        (false, true) => a,
        _ => return None,
    };
    (d == rd && rd != 0).then_some(Idiom::ConstAdd {
        rd,
        rs,
        value,
        len: k as u8 + 1,
    })
}

/// The i32 rotate left by a constant at the start of `code` (see the module docs).
fn rot32(code: &[Inst]) -> Option<Idiom> {
    let at = |k: usize| code.get(k).copied();
    let (t, a, k) = imm(at(0)?, ImmOp::Slli)?;
    let (d, a2, r) = imm(at(1)?, ImmOp::Srli)?;
    let ok = (1..=31).contains(&k)
        && r == 32 - k
        && a2 == a
        && or(at(2)?)? == (d, d, t)
        && a != 0
        && distinct(&[t, d])
        && t != a;
    ok.then_some(Idiom::Rot32 {
        d,
        a,
        t,
        k: k as u8,
    })
}

/// The number of instructions of the idiom `code` starts with (for tests).
#[cfg(test)]
pub(super) fn recognised_len(code: &[Inst]) -> Option<usize> {
    recognise(code).map(Idiom::len)
}

/// The idiom starting with `code[0]`, if `code` begins with one.
pub(super) fn recognise(code: &[Inst]) -> Option<Idiom> {
    let at = |k: usize| code.get(k).copied();
    match at(0)? {
        Inst::Imm {
            op: ImmOp::Xori, ..
        } => rotl_var(code),
        Inst::Lui { .. } => {
            const_add(code).or_else(|| constant(code).map(|(rd, value)| Idiom::Const { rd, value }))
        }
        Inst::Imm {
            op: ImmOp::Slli,
            rd: nh,
            rs1: hi,
            imm: k,
        } => {
            if let Some(shr) = shr(code) {
                return Some(shr);
            }
            if let Some(rot) = rot32(code) {
                return Some(rot);
            }
            let (t, lo, r1) = imm(at(1)?, ImmOp::Srli)?;
            if !(1..=31).contains(&k) || r1 != 32 - k || or(at(2)?)? != (nh, nh, t) {
                return None;
            }
            let ok = imm(at(3)?, ImmOp::Slli)? == (lo, lo, k)
                && imm(at(4)?, ImmOp::Srli)? == (t, hi, 32 - k)
                && or(at(5)?)? == (lo, lo, t)
                && distinct(&[nh, hi, lo, t]);
            ok.then_some(Idiom::Rotl {
                nh,
                hi,
                lo,
                t,
                k: k as u8,
            })
        }
        Inst::Imm {
            op: ImmOp::Srli,
            rd: t,
            rs1: l,
            imm: r,
        } => {
            let (h, h1, c) = imm(at(1)?, ImmOp::Slli)?;
            let ok = (1..=31).contains(&c)
                && r == 32 - c
                && h1 == h
                && or(at(2)?)? == (h, h, t)
                && imm(at(3)?, ImmOp::Slli)? == (l, l, c)
                && distinct(&[h, l, t]);
            ok.then_some(Idiom::Shl {
                h,
                l,
                t,
                c: c as u8,
            })
        }
        Inst::Reg { .. } => carry(code).or_else(|| count_below(code)),
        _ => None,
    }
}

impl Tr<'_> {
    /// If an idiom starts at instruction `i` inside its block: emits it (with a tail
    /// for dynamic entries into its middle when `dynamic`) and returns its length.
    pub(super) fn fuse(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        if let Some(len) = self.fuse_mul(i, dynamic) {
            return Some(len);
        }
        if let Some(len) = self.fuse_pair_store(i, dynamic) {
            return Some(len);
        }
        if let Some(len) = self.fuse_switch(i, dynamic) {
            return Some(len);
        }
        if let Some(len) = self.fuse_select(i) {
            return Some(len);
        }
        let insts = self.module.insts();
        let idiom = recognise(&insts[i..insts.len().min(i + 9)])?;
        let len = idiom.len();
        if !self.groupable(i, len) {
            return None;
        }
        if let Idiom::RotlVar { h, l, .. } = idiom {
            if self.pins.get(h).is_none() && self.pins.get(l).is_none() {
                return None;
            }
        }
        // Groups whose `t` only pays off left out: only when nothing can see it
        // (the zero-high add with a `setc` for `t` is no shorter than its
        // instructions one by one: fib's return).
        if let Idiom::CountBelow { t, .. } | Idiom::Carry { len: 3, t, .. } = idiom {
            if !self.dead_after(i + len - 1, t) {
                return None;
            }
        }
        self.reload_entry(i, dynamic);
        // What rcx mirrors after the group (nothing unless an emitter says).
        let mut fwd = None;
        match idiom {
            Idiom::Const { rd, value } => self.set_imm(rd, value),
            // `rs + value` as one `addi` with a 32-bit immediate: a `lea` when `rs`
            // is in a host register.
            Idiom::ConstAdd { rd, rs, value, .. } => self.imm_op(ImmOp::Addi, rd, rs, value as i32),
            Idiom::Rot32 { d, a, t, k } => {
                let live = !self.dead_after(i + 2, t);
                let hd = self.dst(d, self.scratch_before(i + 3, d));
                self.rot32(d, a, t, k, live, hd);
                if hd == RCX {
                    // A later instruction of the block reads `d` from rcx.
                    fwd = Some(d);
                }
            }
            Idiom::Rotl { nh, hi, lo, t, k } => {
                let live = !self.dead_after(i + 5, t);
                self.rotl_pair(nh, hi, lo, live.then_some(t), k)
            }
            Idiom::Shl { h, l, t, c } => self.shl_pair(h, l, t, c),
            Idiom::RotlVar {
                x,
                rb,
                h,
                l,
                t0,
                t1,
            } => self.rotl_var(x, rb, (h, l), t0, t1),
            Idiom::Shr { h, l, t, c, arith } => self.shr_pair(h, l, t, c, arith),
            Idiom::CountBelow { c, a, b, .. } => self.count_below(c, a, b),
            Idiom::Carry {
                sub, d, a, b, t, ..
            } => {
                let live = !self.dead_after(i + len - 1, t);
                self.carry_pair(sub, d, a, b, live.then_some(t));
                self.wrote(t);
            }
        }
        self.fwd = fwd;
        self.end_group(i, len, dynamic);
        Some(len)
    }

    /// True if instructions `[i, i + len)` may be emitted as one group: they lie
    /// in one block (no leader after the first) and none writes `sp` (see
    /// [`Tr::group_writes_sp`]).
    pub(super) fn groupable(&self, i: usize, len: usize) -> bool {
        !self.leaders[i + 1..i + len].contains(&true) && !self.group_writes_sp(i, len)
    }

    /// After a group of `len` instructions from `i` (emitted inline): when its
    /// position may be a dynamic entry, the instructions after its first get an
    /// out-of-line copy to enter at ([`Stub::Tail`]), resuming here.
    pub(super) fn end_group(&mut self, i: usize, len: usize, dynamic: bool) {
        if dynamic {
            self.stubs.push(Stub::Tail {
                start: i + 1,
                end: i + len,
                resume: self.a.pos(),
                fwd: self.fwd,
                pair: self.live_pair(),
            });
        }
    }

    /// Host registers holding guest `a` and `b` for reading: pinned ones in place,
    /// others loaded into `rax` (`a`) and `rcx` (`b`).
    pub(super) fn sources(&mut self, a: u8, b: u8) -> (u8, u8) {
        let ha = match self.gr(a) {
            Rm::Reg(RCX) => {
                // rcx mirrors `a`; it is needed for `b`.
                self.a.mov_r_rm(RAX, Rm::Reg(RCX));
                RAX
            }
            Rm::Reg(h) => h,
            m => {
                self.a.mov_r_rm(RAX, m);
                RAX
            }
        };
        let hb = match self.gr(b) {
            Rm::Reg(h) => h,
            m => {
                self.a.mov_r_rm(RCX, m);
                RCX
            }
        };
        (ha, hb)
    }

    /// `d = a rotated left by k`, computed in `hd` (`d`'s pinned register, `rax`
    /// or `rcx`), and `t = a << k` first when `live` (`t` is neither `a` nor `d`).
    fn rot32(&mut self, d: u8, a: u8, t: u8, k: u8, live: bool, hd: u8) {
        self.fwd = None;
        if live {
            let ht = self.dst(t, RAX);
            let src = self.g(a);
            self.a.mov_r_rm(ht, src);
            self.a.shift_imm(Shift::Shl, Rm::Reg(ht), k);
            self.store_from(t, ht);
        }
        let src = self.g(a);
        if src != Rm::Reg(hd) {
            self.a.mov_r_rm(hd, src);
        }
        self.a.shift_imm(Shift::Ror, Rm::Reg(hd), 32 - k);
        self.store_from(d, hd);
    }

    /// `c += a <u b`: `cmp a, b; adc c, 0` (the carry is the comparison).
    fn count_below(&mut self, c: u8, a: u8, b: u8) {
        let (ha, hb) = self.sources(a, b);
        // `sources` may have loaded `b` into rcx; `c` is read from where it lives.
        self.fwd = None;
        self.a.alu_r_rm(Alu::Cmp, ha, Rm::Reg(hb));
        let dst = self.g(c);
        self.a.alu_rm_imm(Alu::Adc, dst, 0);
        self.wrote(c);
    }

    /// `(dl, dh) = (al, ah) +/- (bl, bh)`, `t` = the carry (borrow) out of the low
    /// word: `add`/`sub`, `setc`, `adc`/`sbb` (moves between them keep the flags).
    /// `t` is `None` when nothing can observe it ([`Tr::dead_after`]): no `setc`.
    fn carry_pair(&mut self, sub: bool, d: (u8, u8), a: (u8, u8), b: (u8, u8), t: Option<u8>) {
        let (lo, hi) = if sub {
            (Alu::Sub, Alu::Sbb)
        } else {
            (Alu::Add, Alu::Adc)
        };
        // Sources are read from their registers, slots or the rcx mirror; the
        // mirror is gone when `t` is computed in rcx, or once a write of the
        // group replaces the register it mirrors.
        let ht = t.map(|t| self.dst(t, RCX));
        if ht == Some(RCX) {
            self.fwd = None;
        }
        if let Some(ht) = ht {
            self.a.alu_r_rm(Alu::Xor, ht, Rm::Reg(ht));
        }
        // Low word: in dl's register (or rax), from al unless dl is al.
        let hl = self.dst(d.0, RAX);
        let src = self.gr(a.0);
        if src != Rm::Reg(hl) {
            self.a.mov_r_rm(hl, src);
        }
        let src = self.gr(b.0);
        self.a.alu_r_rm(lo, hl, src);
        self.store_from(d.0, hl);
        self.wrote(d.0);
        if let (Some(t), Some(ht)) = (t, ht) {
            self.a.setcc(Cond::B, ht);
            self.store_from(t, ht);
        }
        // High word: in place when dh is ah, else from ah.
        // (dh is never bh unless it is ah: see `carry`.)
        let hh = self.dst(d.1, RAX);
        let src = self.gr(a.1);
        if src != Rm::Reg(hh) {
            self.a.mov_r_rm(hh, src);
        }
        if b.1 == 0 {
            self.a.alu_rm_imm(hi, Rm::Reg(hh), 0);
        } else {
            let src = self.gr(b.1);
            self.a.alu_r_rm(hi, hh, src);
        }
        self.store_from(d.1, hh);
        self.wrote(d.1);
    }

    /// Guest `rd` = host `h` when `h` is not already `rd`'s register (no flags
    /// change: a plain `mov`).
    pub(super) fn store_from(&mut self, rd: u8, h: u8) {
        let dst = self.g(rd);
        if dst != Rm::Reg(h) {
            self.a.mov_rm_r(dst, h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slli(rd: u8, rs1: u8, imm: i32) -> Inst {
        Inst::Imm {
            op: ImmOp::Slli,
            rd,
            rs1,
            imm,
        }
    }
    fn srli(rd: u8, rs1: u8, imm: i32) -> Inst {
        Inst::Imm {
            op: ImmOp::Srli,
            rd,
            rs1,
            imm,
        }
    }
    fn or(rd: u8, rs1: u8, rs2: u8) -> Inst {
        Inst::Reg {
            op: RegOp::Or,
            rd,
            rs1,
            rs2,
        }
    }

    #[test]
    fn recognises_only_the_exact_sequences() {
        let rot = [
            slli(5, 7, 3),
            srli(4, 6, 29),
            or(5, 5, 4),
            slli(6, 6, 3),
            srli(4, 7, 29),
            or(6, 6, 4),
        ];
        assert_eq!(
            recognise(&rot),
            Some(Idiom::Rotl {
                nh: 5,
                hi: 7,
                lo: 6,
                t: 4,
                k: 3
            })
        );
        // A wrong amount, a register reused or a truncated sequence: no idiom.
        let mut bad = rot;
        bad[4] = srli(4, 7, 28);
        assert_eq!(recognise(&bad), None);
        let mut bad = rot;
        bad[0] = slli(6, 7, 3);
        assert_eq!(recognise(&bad), None);
        assert_eq!(recognise(&rot[..5]), None);
        let shl = [srli(5, 6, 20), slli(7, 7, 12), or(7, 7, 5), slli(6, 6, 12)];
        assert_eq!(
            recognise(&shl),
            Some(Idiom::Shl {
                h: 7,
                l: 6,
                t: 5,
                c: 12
            })
        );
        assert_eq!(recognise(&[srli(5, 5, 20), shl[1], shl[2], shl[3]]), None);
        let k = [
            Inst::Lui {
                rd: 9,
                imm: 0x1234_5000,
            },
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 9,
                rs1: 9,
                imm: -1,
            },
        ];
        assert_eq!(
            recognise(&k),
            Some(Idiom::Const {
                rd: 9,
                value: 0x1234_4fff
            })
        );
    }
}
