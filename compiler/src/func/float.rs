//! Floating-point operators.
//!
//! An f32 value is its i32 bit pattern in one register (constants stored
//! sign-extended, like i32 ones), an f64 value its i64 bit pattern in a register
//! pair, so the register allocator, locals, globals, memory and the calling
//! convention carry floats unchanged. Bit operations are inline and keep NaN
//! payloads as Wasm requires: const, load/store, reinterpret (a change of type
//! only), abs/neg/copysign (the sign bit; folded for constants). Everything else is
//! an ordinary direct call into the embedded soft-float library
//! ([`crate::softfloat`]), callee `module functions + export id`, patched when the
//! package is assembled; the library's NaN results are canonical, so results and
//! gas are the same on every host. A trapping truncation calls the library's range
//! check first (0 in range, 1 NaN, 2 out of range), traps with the spec's reason,
//! then calls the saturating conversion, which equals it in range.

use super::control::Callee;
use super::memory::Load;
use super::{FuncCtx, Loc};
use crate::asm::{A0, T0, ZERO};
use crate::error::FuncFailure;
use crate::softfloat::{export_id, export_sigs};
use rivet_format::abi::{ecall, TrapCode};
use rivet_format::package::ValType;
use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, Inst, RegOp};

/// The sign-bit operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sign {
    Abs,
    Neg,
    Copysign,
}

/// The library function a float operator calls: (export name, trapping
/// truncation?). Operators done inline are not listed.
fn check_name(sat: &str) -> String {
    let (int, rest) = sat.split_at(3);
    let rest = rest.trim_start_matches("_trunc_sat_");
    let (float, sign) = rest.split_at(3);
    format!("trunc_check_{float}_{int}{sign}")
}

impl FuncCtx<'_> {
    /// A soft-float library call; a `checked` (trapping) conversion first calls the
    /// range check on a copy of the operand and traps when it fails.
    pub(super) fn float_lib(
        &mut self,
        name: &'static str,
        checked: bool,
        offset: u64,
    ) -> Result<bool, FuncFailure> {
        if self.ctrl.reachable {
            let missing = |name: &str| FuncFailure::Unsupported {
                offset,
                what: format!("{name}: no such soft-float function"),
            };
            let k = export_id(name).ok_or_else(|| missing(name))?;
            if checked {
                let check = check_name(name);
                let c = export_id(&check).ok_or_else(|| missing(&check))?;
                self.dup_top();
                self.library(c);
                self.trap_conversion();
            }
            self.library(k);
        }
        Ok(false)
    }

    /// A float load: the integer load of the same width, retyped.
    pub(super) fn float_load(&mut self, kind: Load, ty: ValType, offset: u64) {
        self.load(kind, offset);
        self.retype(ty);
    }

    /// Gives the top of the stack another type of the same width.
    pub(super) fn retype(&mut self, ty: ValType) {
        let top = self.vals.stack.last_mut().expect("validated: an operand");
        debug_assert_eq!(top.ty.words(), ty.words());
        top.ty = ty;
    }

    /// Calls library export `k` on the operands at the top of the stack.
    fn library(&mut self, k: u32) {
        let sig = &export_sigs()[k as usize];
        let callee = self.env.funcs.len() as u32 + k;
        self.call(sig, Callee::Direct(callee));
    }

    /// Pushes a copy of the top value (a trapping truncation reads it twice).
    fn dup_top(&mut self) {
        let d = self.vals.stack.len() - 1;
        let v = self.vals.stack[d];
        if matches!(v.loc, Loc::Const(_) | Loc::Local(_)) {
            self.vals.push(v.ty, v.loc);
            return;
        }
        self.spill(d);
        self.vals.push(v.ty, Loc::Mem);
        let (from, to) = (self.vals.slot(d), self.vals.slot(d + 1));
        for k in 0..v.ty.words() as i32 {
            self.emit.asm.lw(T0, crate::asm::SP, from + 4 * k);
            self.emit.asm.sw(T0, crate::asm::SP, to + 4 * k);
        }
    }

    /// Pops a range-check result and traps on 1 (NaN: "invalid conversion to
    /// integer") or 2 (out of range: "integer overflow").
    fn trap_conversion(&mut self) {
        let r = self.pop_reg();
        let ok = self.skip_if(BranchOp::Beq, r, ZERO);
        self.emit.asm.li(T0, 2);
        self.trap_if(BranchOp::Beq, r, T0, TrapCode::Overflow);
        self.emit.asm.li(A0, TrapCode::InvalidConversion as i32);
        let off = self.env.trap_pc.wrapping_sub(self.emit.asm.pc()) as i32;
        if fits_signed(off, 21) {
            self.emit.asm.jal(ZERO, off);
        } else {
            self.emit.asm.li(T0, ecall::TRAP as i32);
            self.emit.asm.emit(Inst::Ecall);
        }
        self.end_skip(ok);
        self.vals.free_reg(r);
    }

    /// f32 abs/neg/copysign on the sign bit (bit 31).
    pub(super) fn sign32(&mut self, op: Sign) {
        const SIGN: u32 = 0x8000_0000;
        let b = (op == Sign::Copysign).then(|| self.vals.pop());
        let a = self.vals.pop();
        let fold = |x: u32, s: Option<u32>| match op {
            Sign::Abs => x & !SIGN,
            Sign::Neg => x ^ SIGN,
            Sign::Copysign => (x & !SIGN) | (s.unwrap_or(0) & SIGN),
        };
        let konst = |v: Option<super::Popped>| match v.map(|p| p.val.loc) {
            Some(Loc::Const(c)) => Some(Some(c as u32)),
            None => Some(None),
            _ => None,
        };
        if let (Loc::Const(c), Some(s)) = (a.val.loc, konst(b)) {
            let v = fold(c as u32, s);
            self.vals.push(ValType::F32, Loc::Const(v as i32 as i64));
            return;
        }
        let r = self.owned_reg(a);
        self.sign_word(op, r, b);
        self.vals.push(ValType::F32, Loc::Reg(r));
    }

    /// f64 abs/neg/copysign on the sign bit (bit 31 of the high word).
    pub(super) fn sign64(&mut self, op: Sign) {
        let b = (op == Sign::Copysign).then(|| self.vals.pop());
        let a = self.vals.pop();
        if let Loc::Const(c) = a.val.loc {
            let sign = 1u64 << 63;
            let v = match (op, b.map(|p| p.val.loc)) {
                (Sign::Abs, _) => Some(c as u64 & !sign),
                (Sign::Neg, _) => Some(c as u64 ^ sign),
                (Sign::Copysign, Some(Loc::Const(s))) => {
                    Some((c as u64 & !sign) | (s as u64 & sign))
                }
                _ => None,
            };
            if let Some(v) = v {
                self.vals.push(ValType::F64, Loc::Const(v as i64));
                return;
            }
        }
        let (l, h) = self.owned_pair(a);
        self.sign_word(op, h, b);
        self.vals.push(ValType::F64, Loc::Pair(l, h));
    }

    /// Applies `op` to bit 31 of the owned register `r`; for copysign, `b` is
    /// the sign source, whose sign word (the only or high one) is read and freed.
    fn sign_word(&mut self, op: Sign, r: rivet_format::rv32::Reg, b: Option<super::Popped>) {
        match op {
            Sign::Abs | Sign::Copysign => {
                self.emit.asm.imm(ImmOp::Slli, r, r, 1);
                self.emit.asm.imm(ImmOp::Srli, r, r, 1);
            }
            Sign::Neg => {
                self.emit.asm.emit(Inst::Lui {
                    rd: T0,
                    imm: 0x8000_0000,
                });
                self.emit.asm.reg(RegOp::Xor, r, r, T0);
            }
        }
        if let Some(b) = b {
            let hi = b.val.ty.words() == 2;
            self.load_word(T0, b.val, b.depth, hi);
            self.emit.asm.imm(ImmOp::Srli, T0, T0, 31);
            self.emit.asm.imm(ImmOp::Slli, T0, T0, 31);
            self.emit.asm.reg(RegOp::Or, r, r, T0);
            self.vals.free_val(b.val);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::softfloat::EXPORTS;

    /// Every `float_lib` arm of the operator visitor names a library export (and a
    /// range check for trapping conversions): the 60 library operators.
    #[test]
    fn every_library_call_names_an_export() {
        let source = include_str!("visit.rs");
        let mut calls = 0;
        for arm in source.split("float_lib(\"").skip(1) {
            let (name, rest) = arm.split_once('"').unwrap();
            if !rest.starts_with(", ") {
                continue; // the method's own mention in docs
            }
            calls += 1;
            assert!(export_id(name).is_some(), "{name}");
            if rest.starts_with(", true") {
                assert!(export_id(&check_name(name)).is_some(), "{name}");
            }
        }
        assert_eq!(calls, 60);
        assert_eq!(check_name("i64_trunc_sat_f32_u"), "trunc_check_f32_i64_u");
        assert_eq!(EXPORTS.len(), 60);
    }
}
