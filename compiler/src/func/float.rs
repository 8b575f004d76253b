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
use crate::softfloat::{export_id, export_sig};
use rivet_format::abi::{ecall, TrapCode};
use rivet_format::package::ValType;
use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, Inst, LoadOp, RegOp};
use wasmparser::Operator as O;

/// The sign-bit operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Abs,
    Neg,
    Copysign,
}

/// The library function a float operator calls: (export name, trapping
/// truncation?). Operators done inline are not listed.
fn library_call(op: &O<'_>) -> Option<(&'static str, bool)> {
    let call = |name| Some((name, false));
    match op {
        O::F32Add => call("f32_add"),
        O::F32Sub => call("f32_sub"),
        O::F32Mul => call("f32_mul"),
        O::F32Div => call("f32_div"),
        O::F32Min => call("f32_min"),
        O::F32Max => call("f32_max"),
        O::F32Sqrt => call("f32_sqrt"),
        O::F32Ceil => call("f32_ceil"),
        O::F32Floor => call("f32_floor"),
        O::F32Trunc => call("f32_trunc"),
        O::F32Nearest => call("f32_nearest"),
        O::F32Eq => call("f32_eq"),
        O::F32Ne => call("f32_ne"),
        O::F32Lt => call("f32_lt"),
        O::F32Gt => call("f32_gt"),
        O::F32Le => call("f32_le"),
        O::F32Ge => call("f32_ge"),
        O::F64Add => call("f64_add"),
        O::F64Sub => call("f64_sub"),
        O::F64Mul => call("f64_mul"),
        O::F64Div => call("f64_div"),
        O::F64Min => call("f64_min"),
        O::F64Max => call("f64_max"),
        O::F64Sqrt => call("f64_sqrt"),
        O::F64Ceil => call("f64_ceil"),
        O::F64Floor => call("f64_floor"),
        O::F64Trunc => call("f64_trunc"),
        O::F64Nearest => call("f64_nearest"),
        O::F64Eq => call("f64_eq"),
        O::F64Ne => call("f64_ne"),
        O::F64Lt => call("f64_lt"),
        O::F64Gt => call("f64_gt"),
        O::F64Le => call("f64_le"),
        O::F64Ge => call("f64_ge"),
        O::F32DemoteF64 => call("f32_demote_f64"),
        O::F64PromoteF32 => call("f64_promote_f32"),
        O::F32ConvertI32S => call("f32_convert_i32_s"),
        O::F32ConvertI32U => call("f32_convert_i32_u"),
        O::F32ConvertI64S => call("f32_convert_i64_s"),
        O::F32ConvertI64U => call("f32_convert_i64_u"),
        O::F64ConvertI32S => call("f64_convert_i32_s"),
        O::F64ConvertI32U => call("f64_convert_i32_u"),
        O::F64ConvertI64S => call("f64_convert_i64_s"),
        O::F64ConvertI64U => call("f64_convert_i64_u"),
        O::I32TruncSatF32S => call("i32_trunc_sat_f32_s"),
        O::I32TruncSatF32U => call("i32_trunc_sat_f32_u"),
        O::I64TruncSatF32S => call("i64_trunc_sat_f32_s"),
        O::I64TruncSatF32U => call("i64_trunc_sat_f32_u"),
        O::I32TruncSatF64S => call("i32_trunc_sat_f64_s"),
        O::I32TruncSatF64U => call("i32_trunc_sat_f64_u"),
        O::I64TruncSatF64S => call("i64_trunc_sat_f64_s"),
        O::I64TruncSatF64U => call("i64_trunc_sat_f64_u"),
        O::I32TruncF32S => Some(("i32_trunc_sat_f32_s", true)),
        O::I32TruncF32U => Some(("i32_trunc_sat_f32_u", true)),
        O::I64TruncF32S => Some(("i64_trunc_sat_f32_s", true)),
        O::I64TruncF32U => Some(("i64_trunc_sat_f32_u", true)),
        O::I32TruncF64S => Some(("i32_trunc_sat_f64_s", true)),
        O::I32TruncF64U => Some(("i32_trunc_sat_f64_u", true)),
        O::I64TruncF64S => Some(("i64_trunc_sat_f64_s", true)),
        O::I64TruncF64U => Some(("i64_trunc_sat_f64_u", true)),
        _ => None,
    }
}

/// The range check that goes with saturating conversion `sat`
/// (`i32_trunc_sat_f32_s` -> `trunc_check_f32_i32_s`).
fn check_name(sat: &str) -> String {
    let (int, rest) = sat.split_at(3);
    let rest = rest.trim_start_matches("_trunc_sat_");
    let (float, sign) = rest.split_at(3);
    format!("trunc_check_{float}_{int}{sign}")
}

impl FuncCtx<'_> {
    /// Translates `op` if it is a float operator; false otherwise.
    pub(super) fn float_op(&mut self, op: &O<'_>, offset: u64) -> Result<bool, FuncFailure> {
        use ValType::{F32, F64, I32, I64};
        match op {
            O::F32Const { value } => self.vals.push(F32, Loc::Const(value.bits() as i32 as i64)),
            O::F64Const { value } => self.vals.push(F64, Loc::Const(value.bits() as i64)),
            O::F32Load { memarg } => {
                self.load(Load::I32(LoadOp::Lw), memarg.offset);
                self.retype(F32);
            }
            O::F64Load { memarg } => {
                self.load(Load::I64, memarg.offset);
                self.retype(F64);
            }
            O::F32Store { memarg } => self.store(4, memarg.offset),
            O::F64Store { memarg } => self.store(8, memarg.offset),
            O::I32ReinterpretF32 => self.retype(I32),
            O::I64ReinterpretF64 => self.retype(I64),
            O::F32ReinterpretI32 => self.retype(F32),
            O::F64ReinterpretI64 => self.retype(F64),
            O::F32Abs => self.sign32(Sign::Abs),
            O::F32Neg => self.sign32(Sign::Neg),
            O::F32Copysign => self.sign32(Sign::Copysign),
            O::F64Abs => self.sign64(Sign::Abs),
            O::F64Neg => self.sign64(Sign::Neg),
            O::F64Copysign => self.sign64(Sign::Copysign),
            _ => match library_call(op) {
                Some((name, false)) => self.library(name, offset)?,
                Some((name, true)) => {
                    self.dup_top();
                    self.library(&check_name(name), offset)?;
                    self.trap_conversion();
                    self.library(name, offset)?;
                }
                None => return Ok(false),
            },
        }
        Ok(true)
    }

    /// Gives the top of the stack another type of the same width.
    fn retype(&mut self, ty: ValType) {
        let top = self.vals.stack.last_mut().expect("validated: an operand");
        debug_assert_eq!(top.ty.words(), ty.words());
        top.ty = ty;
    }

    /// Calls library export `name` on the operands at the top of the stack.
    fn library(&mut self, name: &str, offset: u64) -> Result<(), FuncFailure> {
        let k = export_id(name).ok_or_else(|| FuncFailure::Unsupported {
            offset,
            what: format!("{name}: no such soft-float function"),
        })?;
        let sig = export_sig(k);
        let callee = self.env.funcs.len() as u32 + k;
        self.call(&sig, Callee::Direct(callee));
        Ok(())
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
    fn sign32(&mut self, op: Sign) {
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
    fn sign64(&mut self, op: Sign) {
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

    #[test]
    fn every_library_call_names_an_export() {
        let ops = [
            O::I32TruncF32S,
            O::I64TruncF64U,
            O::F64Nearest,
            O::F32ConvertI64U,
            O::I32TruncSatF64U,
        ];
        for op in ops {
            let (name, trapping) = library_call(&op).unwrap();
            assert!(export_id(name).is_some(), "{name}");
            if trapping {
                assert!(export_id(&check_name(name)).is_some(), "{name}");
            }
        }
        assert_eq!(check_name("i64_trunc_sat_f32_u"), "trunc_check_f32_i64_u");
        assert_eq!(EXPORTS.len(), 60);
    }
}
