//! i64 values whose high word is known zero: shorter sequences for them.
//!
//! Rust widens u32 to u64 everywhere (`x as u64 * y as u64 + carry`, `t >> 32`).
//! The translator tracks the fact on the operand stack: an i64 `Loc::Pair(l, ZERO)`
//! holds its low word in `l` and has the high word zero (x0 is its "register"),
//! produced by `i64.extend_i32_u`, the unsigned narrow loads, `i64.shr_u` by 32 or
//! more, `i64.and` with such a value and the operators below; an i64 constant
//! whose high word is zero is known too. With that, an operator whose operand has a
//! zero high word emits a shorter sequence than the general pair code in `int64`
//! (mul of two such values: `mulhu` + `mul`; add: 2-3 instructions; comparisons: one
//! 32-bit comparison, fused into a branch like any other).
//!
//! Invariants: the value is always exactly the Wasm value. Readers of a pair read x0
//! for the high word (moves, stores, spills, call arguments and branch values all
//! write a real zero word, so every join and frame slot holds a canonical pair);
//! writers get an owned register from `owned_pair`, which materialises the zero.
//! The general sequences of `int64` (which the engine's fusers match exactly) are
//! untouched: this module handles only operands it can do better, and hands every
//! other case back unchanged.

use super::ops::{konst, Bin, Un};
use super::zx_scan::ZxScan;
use super::{FuncCtx, Loc, Popped};
use crate::asm::{T0, ZERO};
use crate::env::Env;
use rivet_format::package::{FuncSig, ValType};
use rivet_format::rv32::{ImmOp, Reg, RegOp};

/// Which declared i64 locals a translation reads as having a zero high word.
///
/// Declared (not parameter) locals start at zero, so a local every
/// `local.set`/`local.tee` of which stores a known-zero high word always has one.
/// Before the first translation of a body, the pre-scan (`zx_scan`) runs the
/// translator's zero-high rules over the operator bytes (an abstract operand
/// stack, no registers, no code) and finds the locals whose every set stores
/// such a value, as a translation without any assumption would see them. If an
/// operator asks about one of them, the body is translated once, reading those
/// locals as zero-high (a set of one then stores only the low word: the high word
/// in its storage stays zero); otherwise once without assumptions. Functions
/// without declared i64 locals skip the scan.
///
/// The safety net: the scan does not model register pressure, so the translator
/// may have lost the fact (a zero-high value spilled to its slot) where the scan
/// kept it. Should a set under the assumption store a value not known zero-high,
/// [`Self::retry`] asks for one more translation without any assumption, which
/// is kept. Reading a local under a wrong assumption never happens in a
/// translation that is kept: the locals' storage always holds the full value.
#[derive(Default)]
pub(crate) struct ZxLocals {
    mode: Mode,
    /// Per local: this translation reads it as having a zero high word.
    assumed: Vec<bool>,
    /// A set to an assumed local stored a value not known zero-high.
    violated: bool,
    /// The pre-scan's buffers.
    scan: ZxScan,
}

/// Where `ZxLocals` is in the translations of one body.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The pre-scan has not run yet.
    #[default]
    Plan,
    /// Clean locals are assumed zero-high.
    Assume,
    /// Nothing is assumed.
    Off,
}

impl ZxLocals {
    /// A new function body: the first translation runs the pre-scan.
    pub fn start(&mut self) {
        self.mode = Mode::Plan;
    }

    /// A translation of a body with operator bytes `code` and locals of `types`
    /// (parameters first, as `sig` says) begins; the first one decides what to
    /// assume (the pre-scan, over the locals `candidates` marks), later ones
    /// keep that.
    pub fn begin(
        &mut self,
        code: &[u8],
        types: &[ValType],
        candidates: &[bool],
        sig: &FuncSig,
        env: &Env,
    ) {
        if self.mode == Mode::Plan {
            self.assumed.clear();
            if self.scan.run(code, types, candidates, sig, env) {
                self.assumed.extend_from_slice(&self.scan.clean);
                self.mode = Mode::Assume;
            } else {
                self.assumed.resize(types.len(), false);
                self.mode = Mode::Off;
            }
        }
        self.violated = false;
    }

    /// Whether this translation assumes local `i` zero-high (its high word is
    /// then never stored: the prologue's zero must be there).
    #[inline]
    pub fn assumed(&self, i: usize) -> bool {
        self.assumed.get(i).copied().unwrap_or(false)
    }

    /// Whether local `i` reads as having a zero high word.
    #[inline]
    fn local_zero(&self, i: u32) -> bool {
        self.assumed[i as usize]
    }

    /// A set of local `i`, of a value whose high word is known zero or not.
    #[inline]
    fn set(&mut self, i: u32, zero: bool) {
        self.violated |= !zero && self.assumed[i as usize];
    }

    /// After a complete translation: whether to translate the body again, without
    /// assumptions (one was violated).
    pub fn retry(&mut self) -> bool {
        if self.mode == Mode::Assume && self.violated {
            self.assumed.fill(false);
            self.mode = Mode::Off;
            return true;
        }
        false
    }
}

/// The i64 constant `c` if it is a positive 12-bit immediate (1..=2047).
fn small_pos(c: i64) -> Option<i32> {
    (1..=2047).contains(&c).then_some(c as i32)
}

impl FuncCtx<'_> {
    /// Whether the high word of the i64 `p` is known zero (noting, for a local,
    /// that the question came up).
    pub(super) fn hi_zero(&mut self, p: &Popped) -> bool {
        match p.val.loc {
            Loc::Pair(_, h) => h == ZERO,
            Loc::Const(c) => (c as u64) >> 32 == 0,
            Loc::Local(i) => self.vals.zx.local_zero(i),
            _ => false,
        }
    }

    /// Notes a `local.set`/`local.tee` of `p` to local `i` (before it happens).
    /// Returns the value to store when only its low word needs storing: the local
    /// is assumed to keep a zero high word, which its storage then already holds.
    pub(super) fn note_local_set(&mut self, i: u32, p: &Popped) -> Option<super::Val> {
        if p.val.ty != ValType::I64 {
            return None;
        }
        let zero = self.hi_zero(p);
        self.vals.zx.set(i, zero);
        (zero && self.vals.zx.assumed[i as usize]).then(|| super::Val {
            ty: ValType::I32,
            loc: Self::low_as_i32(p),
        })
    }

    /// The i64 `p` with a known-zero high word, retyped as the i32 of its low word
    /// (same place: a register, constant or local reference).
    fn low_as_i32(p: &Popped) -> Loc {
        match p.val.loc {
            Loc::Pair(l, _) => Loc::Reg(l),
            Loc::Const(c) => Loc::Const(c as i32 as i64),
            other => other,
        }
    }

    /// Binary i64 operator `op` on `a` and `b` (already popped) when a high word is
    /// known zero and a shorter sequence exists; pushes the result and returns true.
    /// Returns false without any effect otherwise.
    pub(super) fn i64_bin_zx(&mut self, op: Bin, mut a: Popped, mut b: Popped) -> bool {
        let commutes = matches!(
            op,
            Bin::Add | Bin::Mul | Bin::And | Bin::Or | Bin::Xor | Bin::Eq | Bin::Ne
        );
        // Constants and known-zero high words go right where the operator commutes.
        if commutes
            && (konst(&a).is_some() && konst(&b).is_none()
                || self.hi_zero(&a) && !self.hi_zero(&b) && konst(&b).is_none())
        {
            std::mem::swap(&mut a, &mut b);
        }
        let (za, zb) = (self.hi_zero(&a), self.hi_zero(&b));
        match op {
            Bin::Mul if za && zb => self.mul_zz(a, b),
            Bin::Mul if zb && konst(&b) != Some(0) => self.mul_gz(a, b),
            Bin::Add | Bin::Sub => return self.add_sub_zx(op, a, b, za, zb),
            Bin::And if za || zb => self.logic_z(RegOp::And, a, b),
            Bin::Or | Bin::Xor if za && zb => {
                let rop = if op == Bin::Or { RegOp::Or } else { RegOp::Xor };
                self.logic_z(rop, a, b)
            }
            // The high word passes through: or/xor with zero, and with all ones.
            Bin::Or | Bin::Xor if zb => {
                let rop = if op == Bin::Or { RegOp::Or } else { RegOp::Xor };
                self.logic_pass(rop, a, b)
            }
            Bin::And if konst(&b).is_some_and(|c| c >> 32 == -1) => {
                self.logic_pass(RegOp::And, a, b)
            }
            Bin::ShrU | Bin::ShrS if za => match konst(&b) {
                Some(c) => self.shr_z(a, (c & 63) as i32),
                None => return false,
            },
            Bin::ShrU => match konst(&b) {
                Some(c) if c & 63 >= 32 => self.shr_high(a, (c & 63) as i32 - 32),
                _ => return false,
            },
            Bin::Shl if za => match konst(&b) {
                Some(c) if (1..32).contains(&(c & 63)) => self.shl_z(a, (c & 63) as i32),
                _ => return false,
            },
            _ if op.is_compare() && za && zb => {
                // Both in 0..2^32: the 64-bit comparison is the unsigned 32-bit one
                // of the low words (fused into a branch like any i32 comparison).
                let op32 = match op {
                    Bin::LtS => Bin::LtU,
                    Bin::GtS => Bin::GtU,
                    Bin::LeS => Bin::LeU,
                    Bin::GeS => Bin::GeU,
                    other => other,
                };
                let (la, lb) = (Self::low_as_i32(&a), Self::low_as_i32(&b));
                self.vals.push(ValType::I32, la);
                self.vals.push(ValType::I32, lb);
                self.i32_bin(op32);
            }
            _ => return false,
        }
        true
    }

    /// i64.eqz of a value with a known-zero high word: i32.eqz of its low word.
    pub(super) fn i64_eqz_zx(&mut self) -> bool {
        let d = self.vals.stack.len() - 1;
        let p = Popped {
            val: self.vals.stack[d],
            depth: d,
        };
        if !self.hi_zero(&p) || konst(&p).is_some() {
            return false;
        }
        let low = Self::low_as_i32(&p);
        self.vals.stack[d].ty = ValType::I32;
        self.vals.stack[d].loc = low;
        self.i32_un(Un::Eqz);
        true
    }

    /// Both high words zero: the product is `(mul, mulhu)` of the low words.
    fn mul_zz(&mut self, a: Popped, b: Popped) {
        let (sa, oa) = self.src_reg(a);
        let (sb, ob) = self.src_reg(b);
        let dh = self.alloc();
        let dl = if oa {
            sa
        } else if ob {
            sb
        } else {
            self.alloc()
        };
        self.emit.asm.reg(RegOp::Mulhu, dh, sa, sb);
        self.emit.asm.reg(RegOp::Mul, dl, sa, sb);
        if sb != dl {
            self.release(sb, ob);
        }
        if sa != dl {
            self.release(sa, oa);
        }
        self.vals.push(ValType::I64, Loc::Pair(dl, dh));
    }

    /// `b`'s high word zero, `a` general: `(al*bl, ah*bl + mulhu(al, bl))`.
    fn mul_gz(&mut self, a: Popped, b: Popped) {
        let (zl, oz) = self.src_reg(b);
        let (gl, gh) = self.owned_pair(a);
        self.emit.asm.reg(RegOp::Mul, T0, gh, zl);
        self.emit.asm.reg(RegOp::Mulhu, gh, gl, zl);
        self.emit.asm.reg(RegOp::Add, gh, gh, T0);
        self.emit.asm.reg(RegOp::Mul, gl, gl, zl);
        self.release(zl, oz);
        self.vals.push(ValType::I64, Loc::Pair(gl, gh));
    }

    /// and/or/xor whose result has a zero high word (`b`'s, and for or/xor also
    /// `a`'s, is zero): one 32-bit operation on the low words.
    fn logic_z(&mut self, rop: RegOp, a: Popped, b: Popped) {
        let (sa, oa) = self.src_reg(a);
        if let Some(c) = konst(&b) {
            let c = c as i32;
            let d = if oa { sa } else { self.alloc() };
            let iop = match rop {
                RegOp::And => ImmOp::Andi,
                RegOp::Or => ImmOp::Ori,
                _ => ImmOp::Xori,
            };
            if (rop == RegOp::And && c == -1) || (rop != RegOp::And && c == 0) {
                self.emit.asm.mv(d, sa);
            } else if (-2048..2048).contains(&c) {
                self.emit.asm.imm(iop, d, sa, c);
            } else {
                self.emit.asm.li(T0, c);
                self.emit.asm.reg(rop, d, sa, T0);
            }
            self.vals.push(ValType::I64, Loc::Pair(d, ZERO));
            return;
        }
        let (sb, ob) = self.src_reg(b);
        let d = if oa {
            sa
        } else if ob {
            sb
        } else {
            self.alloc()
        };
        self.emit.asm.reg(rop, d, sa, sb);
        if sb != d {
            self.release(sb, ob);
        }
        self.vals.push(ValType::I64, Loc::Pair(d, ZERO));
    }

    /// and/or/xor that leaves `a`'s high word as it is (`b`'s high word is the
    /// operation's identity): one 32-bit operation on the low words.
    fn logic_pass(&mut self, rop: RegOp, a: Popped, b: Popped) {
        let ((al, ah), (dl, dh)) = self.src_dst(a, false);
        if let Some(c) = konst(&b) {
            let c = c as i32;
            let iop = match rop {
                RegOp::And => ImmOp::Andi,
                RegOp::Or => ImmOp::Ori,
                _ => ImmOp::Xori,
            };
            if (-2048..2048).contains(&c) {
                self.emit.asm.imm(iop, dl, al, c);
            } else {
                self.emit.asm.li(T0, c);
                self.emit.asm.reg(rop, dl, al, T0);
            }
        } else {
            let (bl, ob) = self.src_reg(b);
            self.emit.asm.reg(rop, dl, al, bl);
            self.release(bl, ob);
        }
        self.emit.asm.mv(dh, ah);
        self.vals.push(ValType::I64, Loc::Pair(dl, dh));
    }

    /// Shift right of a value with a zero high word by the constant `c` (0..64).
    fn shr_z(&mut self, a: Popped, c: i32) {
        if c >= 32 {
            if let Loc::Pair(l, _) = a.val.loc {
                self.vals.free_reg(l);
            }
            self.vals.push(ValType::I64, Loc::Const(0));
            return;
        }
        let (sa, oa) = self.src_reg(a);
        let d = if oa { sa } else { self.alloc() };
        if c != 0 || d != sa {
            self.emit.asm.imm(ImmOp::Srli, d, sa, c);
        }
        self.vals.push(ValType::I64, Loc::Pair(d, ZERO));
    }

    /// Logical shift right by `32 + k` (k in 0..32): the high word shifted by `k`
    /// becomes the low word; the high word is zero.
    fn shr_high(&mut self, a: Popped, k: i32) {
        let d = match a.val.loc {
            Loc::Pair(l, h) => {
                self.vals.free_reg(l);
                if k != 0 {
                    self.emit.asm.imm(ImmOp::Srli, h, h, k);
                    self.note_def(h);
                }
                h
            }
            _ => {
                let d = self.alloc();
                match a.val.loc {
                    Loc::Local(i) if self.vals.locals[i as usize].pin.is_some() => {
                        let (_, h) = self.vals.locals[i as usize].pin.expect("pinned");
                        self.emit.asm.imm(ImmOp::Srli, d, h, k);
                        self.note_def(d);
                    }
                    _ => {
                        self.load_word(d, a.val, a.depth, true);
                        if k != 0 {
                            self.emit.asm.imm(ImmOp::Srli, d, d, k);
                        }
                    }
                }
                d
            }
        };
        self.vals.push(ValType::I64, Loc::Pair(d, ZERO));
    }

    /// Shift left by `c` in 1..32 of a value with a zero high word.
    fn shl_z(&mut self, a: Popped, c: i32) {
        let (sa, oa) = self.src_reg(a);
        let dh = self.alloc();
        let dl = if oa { sa } else { self.alloc() };
        self.emit.asm.imm(ImmOp::Srli, dh, sa, 32 - c);
        self.emit.asm.imm(ImmOp::Slli, dl, sa, c);
        self.vals.push(ValType::I64, Loc::Pair(dl, dh));
    }

    /// Registers to read `a` from and to write the result to: a general value's
    /// own pair (or a pinned local's registers and a fresh pair), or for a zero
    /// high word its low register with x0 and a fresh high register.
    fn src_dst(&mut self, a: Popped, za: bool) -> ((Reg, Reg), (Reg, Reg)) {
        if za {
            let (sa, oa) = self.src_reg(a);
            let dl = if oa { sa } else { self.alloc() };
            return ((sa, ZERO), (dl, self.alloc()));
        }
        if let Loc::Local(i) = a.val.loc {
            if let Some(src) = self.vals.locals[i as usize].pin {
                return (src, (self.alloc(), self.alloc()));
            }
        }
        let pair = self.owned_pair(a);
        (pair, pair)
    }

    /// i64 add/sub where `b` has a zero high word or is a small constant: 2-3
    /// instructions instead of 4 (plus the zero's materialisation).
    fn add_sub_zx(&mut self, op: Bin, a: Popped, b: Popped, za: bool, zb: bool) -> bool {
        use RegOp as R;
        // A constant operand becomes an addend: x - c = x + (-c).
        let addend = konst(&b).map(|c| if op == Bin::Sub { c.wrapping_neg() } else { c });
        if let Some(c) = addend {
            let Some(k) = small_pos(c).or_else(|| small_pos(c.wrapping_neg())) else {
                return false;
            };
            let ((al, ah), (dl, dh)) = self.src_dst(a, za);
            if c > 0 {
                // Carry out of the low word: the sum is below the addend.
                self.emit.asm.imm(ImmOp::Addi, dl, al, k);
                if ah == ZERO {
                    self.emit.asm.imm(ImmOp::Sltiu, dh, dl, k);
                } else {
                    self.emit.asm.imm(ImmOp::Sltiu, T0, dl, k);
                    self.emit.asm.reg(R::Add, dh, ah, T0);
                }
            } else {
                // Adding -k: borrow when the low word is below k.
                self.emit.asm.imm(ImmOp::Sltiu, T0, al, k);
                self.emit.asm.imm(ImmOp::Addi, dl, al, -k);
                self.emit.asm.reg(R::Sub, dh, ah, T0);
            }
            self.vals.push(ValType::I64, Loc::Pair(dl, dh));
            return true;
        }
        if !zb {
            return false;
        }
        let ((al, ah), (dl, dh)) = self.src_dst(a, za);
        let (bl, ob) = self.src_reg(b);
        if op == Bin::Add {
            self.emit.asm.reg(R::Add, dl, al, bl);
            if ah == ZERO {
                self.emit.asm.reg(R::Sltu, dh, dl, bl);
            } else {
                self.emit.asm.reg(R::Sltu, T0, dl, bl);
                self.emit.asm.reg(R::Add, dh, ah, T0);
            }
        } else {
            self.emit.asm.reg(R::Sltu, T0, al, bl);
            self.emit.asm.reg(R::Sub, dl, al, bl);
            self.emit.asm.reg(R::Sub, dh, ah, T0);
        }
        self.release(bl, ob);
        self.vals.push(ValType::I64, Loc::Pair(dl, dh));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile, CompileOptions};
    use rivet_format::rv32::Inst;

    /// The instructions after the prologue of function 0 of `wat`.
    fn body(wat: &str) -> Vec<String> {
        let pkg = compile(&wat::parse_str(wat).unwrap(), &CompileOptions::default()).unwrap();
        let d = pkg.debug.iter().find(|d| d.index == 0).unwrap();
        let entry = pkg.functions[0].pc;
        (entry..d.end)
            .step_by(4)
            .skip(4)
            .map(|pc| {
                Inst::decode(pkg.program.code[(pc / 4) as usize])
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    fn func(params: &str, code: &str) -> Vec<String> {
        let b = body(&format!(
            "(module (memory 1) (func (param {params}) (result i64) {code}))"
        ));
        println!("{}", b.join("\n"));
        b
    }

    #[test]
    fn zx_locals_plan_assume_and_fall_back() {
        let env = Env::default();
        let sig = FuncSig {
            params: vec![ValType::I64],
            results: vec![],
        };
        let types = [ValType::I64, ValType::I64, ValType::I64, ValType::I32];
        let cand = [false, true, true, false];
        // l1 = u64::from(5u32); l2 = p0; drop(l1 + l1)
        let code = [
            0x41, 5, 0xad, 0x21, 1, 0x20, 0, 0x21, 2, 0x20, 1, 0x20, 1, 0x7c, 0x1a, 0x0b,
        ];
        let mut zx = ZxLocals::default();
        zx.start();
        zx.begin(&code, &types, &cand, &sig, &env);
        assert!(!zx.local_zero(0), "parameters are never assumed");
        assert!(zx.local_zero(1), "local 1 qualifies and is asked about");
        assert!(!zx.local_zero(2), "local 2 receives a parameter");
        zx.set(1, true);
        assert!(!zx.retry(), "a kept assumption: one translation");
        zx.begin(&code, &types, &cand, &sig, &env);
        zx.set(1, false);
        assert!(zx.retry(), "a violated assumption translates again");
        zx.begin(&code, &types, &cand, &sig, &env);
        assert!(!zx.local_zero(1));
        zx.set(1, false);
        assert!(!zx.retry(), "the translation without assumptions is kept");
        // Nothing asks about local 1: nothing is assumed.
        zx.start();
        zx.begin(&code[..5], &types, &cand, &sig, &env);
        assert!(!zx.local_zero(1));
    }

    #[test]
    fn product_of_zero_extended_words_is_mulhu_and_mul() {
        let b = func(
            "i32 i32",
            "local.get 0 i64.extend_i32_u local.get 1 i64.extend_i32_u i64.mul",
        );
        // (The parameters are copied out of their registers first.)
        let ops: Vec<&str> = b.iter().map(|s| s.split(' ').next().unwrap()).collect();
        assert_eq!(
            ops,
            ["addi", "addi", "mulhu", "mul", "addi", "addi", "jalr"],
            "{b:?}"
        );
    }

    #[test]
    fn general_product_keeps_the_fused_sequence() {
        let b = func("i64 i64", "local.get 0 local.get 1 i64.mul");
        let mul: Vec<&str> = b.iter().map(|s| s.split(' ').next().unwrap()).collect();
        assert!(
            mul.windows(6)
                .any(|w| w == ["mul", "mul", "add", "mulhu", "add", "mul"]),
            "{b:?}"
        );
    }

    #[test]
    fn widened_add_and_carry_shift_are_short() {
        // t = x + y + carry (all u32 widened); carry = t >> 32: no zero is
        // materialised and the shift is a register rename.
        let b = func(
            "i32 i32 i32",
            "local.get 0 i64.extend_i32_u local.get 1 i64.extend_i32_u i64.add
             local.get 2 i64.extend_i32_u i64.add i64.const 32 i64.shr_u",
        );
        let ops: Vec<&str> = b.iter().map(|s| s.split(' ').next().unwrap()).collect();
        // Copies of the parameters, add + sltu, add + sltu + add, the result's
        // words (its high word the zero the shift left) and the return.
        assert_eq!(
            ops,
            ["addi", "addi", "add", "sltu", "addi", "add", "sltu", "add", "addi", "addi", "jalr"],
            "{b:?}"
        );
        assert_eq!(b[9], "addi a1, zero, 0");
    }

    #[test]
    fn comparison_of_zero_extended_values_is_one_branch() {
        let b = body(
            "(module (func (param i32 i32) (result i32)
               block local.get 0 i64.extend_i32_u local.get 1 i64.extend_i32_u i64.lt_s
               br_if 0 i32.const 7 return end i32.const 9))",
        );
        println!("{}", b.join("\n"));
        assert!(b.iter().any(|s| s.starts_with("bltu t1, t2")), "{b:?}");
        assert!(!b
            .iter()
            .any(|s| s.starts_with("slt") || s.starts_with("xor")));
    }

    #[test]
    fn carry_local_is_learnt_to_have_a_zero_high_word() {
        // The bignum inner loop: carry = (x[i] * m + carry) >> 32.
        let b = func(
            "i32",
            "(local $c i64) (local $i i32)
             loop
               local.get $i i64.load32_u local.get 0 i64.extend_i32_u i64.mul
               local.get $c i64.add i64.const 32 i64.shr_u local.set $c
               local.get $i i32.const 4 i32.add local.tee $i i32.const 64 i32.lt_u br_if 0
             end
             local.get $c",
        );
        let muls = b.iter().filter(|s| s.starts_with("mul")).count();
        assert_eq!(muls, 2, "mulhu and mul only: {b:?}");
        let sltu = b.iter().filter(|s| s.starts_with("sltu")).count();
        assert_eq!(sltu, 1, "one carry out of the low word: {b:?}");
    }
}
