//! Table and reference operators: `table.get/set/size` inline, `table.grow/fill/copy/
//! init` and `elem.drop` as host helpers, `ref.null/is_null/func`, and the target
//! lookup of `call_indirect` on any table.
//!
//! A reference is one word (0 = null, function index + 1 for funcref, see
//! [`rivet_format::table`]); table `t` has its size word at `tables[t].base` and entry
//! `i` at `base + 4 + 4i`. Inline accesses compare the index with the size word
//! (unsigned, so negative indices are out of bounds) before touching the entry; the
//! trap for an index out of bounds is `out of bounds table access`, for
//! `call_indirect` the spec's `undefined element`.

use super::{FuncCtx, Loc};
use crate::asm::{A0, RA, T0, T1, ZERO};
use rivet_format::abi::{ecall, Helper, TrapCode};
use rivet_format::package::ValType;
use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, Inst, Reg, RegOp};

/// The value type of a table's elements.
fn elem_type(cx: &FuncCtx<'_>, table: u32) -> ValType {
    match cx.env.tables[table as usize].ty {
        rivet_format::package::RefKind::Func => ValType::FuncRef,
        rivet_format::package::RefKind::Extern => ValType::ExternRef,
    }
}

impl FuncCtx<'_> {
    /// Traps with `code` unless `op(a, b)` holds, without a per-function stub (the
    /// stub slots are reserved for the kinds the pre-scan plans for).
    fn trap_unless(&mut self, op: BranchOp, a: Reg, b: Reg, code: TrapCode) {
        let at = self.skip_if(op, a, b);
        self.emit.asm.li(A0, code as i32);
        let off = self.env.trap_pc.wrapping_sub(self.emit.asm.pc()) as i32;
        if fits_signed(off, 21) {
            self.emit.asm.jal(ZERO, off);
        } else {
            self.emit.asm.li(T0, ecall::TRAP as i32);
            self.emit.asm.emit(Inst::Ecall);
        }
        self.end_skip(at);
    }

    /// Leaves the address of entry `r` of `table` in `T1` after checking `r` against
    /// the table's size (trapping with `code`).
    fn entry_addr(&mut self, table: u32, r: Reg, code: TrapCode) {
        let base = self.env.tables[table as usize].base;
        self.emit.asm.li(T0, base as i32);
        self.emit.asm.lw(T1, T0, 0);
        if code == TrapCode::UndefinedElement {
            self.trap_if(BranchOp::Bgeu, r, T1, code);
        } else {
            self.trap_unless(BranchOp::Bltu, r, T1, code);
        }
        self.emit.asm.imm(ImmOp::Slli, T1, r, 2);
        self.emit.asm.reg(RegOp::Add, T1, T1, T0);
    }

    /// `table.get`.
    pub fn table_get(&mut self, table: u32) {
        let r = self.pop_reg();
        self.entry_addr(table, r, TrapCode::TableOutOfBounds);
        self.emit.asm.lw(r, T1, 4);
        let ty = elem_type(self, table);
        self.vals.push(ty, Loc::Reg(r));
    }

    /// `table.set`.
    pub fn table_set(&mut self, table: u32) {
        let v = self.pop_reg();
        let i = self.pop_reg();
        self.entry_addr(table, i, TrapCode::TableOutOfBounds);
        self.emit.asm.sw(v, T1, 4);
        self.vals.free_reg(v);
        self.vals.free_reg(i);
    }

    /// `table.size`.
    pub fn table_size(&mut self, table: u32) {
        let r = self.alloc();
        let base = self.env.tables[table as usize].base;
        self.emit.asm.li(r, base as i32);
        self.emit.asm.lw(r, r, 0);
        self.vals.push(ValType::I32, Loc::Reg(r));
    }

    /// A register holding the constant `v` (owned).
    fn const_reg(&mut self, v: u32) -> Reg {
        let r = self.alloc();
        self.emit.asm.li(r, v as i32);
        r
    }

    /// `table.grow`: (init, delta) -> old size or -1.
    pub fn table_grow(&mut self, table: u32) {
        let delta = self.pop_reg();
        let init = self.pop_reg();
        let t = self.const_reg(table);
        self.helper(Helper::TableGrow, &[delta, t, init, delta]);
        self.vals.free_reg(t);
        self.vals.free_reg(init);
        self.vals.push(ValType::I32, Loc::Reg(delta));
    }

    /// `table.fill`: (i, value, n).
    pub fn table_fill(&mut self, table: u32) {
        let n = self.pop_reg();
        let v = self.pop_reg();
        let i = self.pop_reg();
        let t = self.const_reg(table);
        self.helper(Helper::TableFill, &[t, i, v, n]);
        for r in [t, i, v, n] {
            self.vals.free_reg(r);
        }
    }

    /// `table.copy`: (dst, src, n).
    pub fn table_copy(&mut self, dst_table: u32, src_table: u32) {
        let n = self.pop_reg();
        let s = self.pop_reg();
        let d = self.pop_reg();
        let dt = self.const_reg(dst_table);
        let st = self.const_reg(src_table);
        self.helper(Helper::TableCopy, &[dt, st, d, s, n]);
        for r in [dt, st, d, s, n] {
            self.vals.free_reg(r);
        }
    }

    /// `table.init`: (dst, src, n).
    pub fn table_init(&mut self, segment: u32, table: u32) {
        let n = self.pop_reg();
        let s = self.pop_reg();
        let d = self.pop_reg();
        let seg = self.const_reg(segment);
        let t = self.const_reg(table);
        self.helper(Helper::TableInit, &[seg, t, d, s, n]);
        for r in [seg, t, d, s, n] {
            self.vals.free_reg(r);
        }
    }

    /// `elem.drop`.
    pub fn elem_drop(&mut self, segment: u32) {
        let seg = self.const_reg(segment);
        self.helper(Helper::ElemDrop, &[seg]);
        self.vals.free_reg(seg);
    }

    /// `ref.null`.
    pub fn ref_null(&mut self, ty: ValType) {
        self.vals.push(ty, Loc::Const(0));
    }

    /// `ref.func f`: the word `f + 1`.
    pub fn ref_func(&mut self, f: u32) {
        self.vals.push(ValType::FuncRef, Loc::Const(f as i64 + 1));
    }

    /// `ref.is_null`: `eqz` of the reference word.
    pub fn ref_is_null(&mut self) {
        if let Some(top) = self.vals.stack.last_mut() {
            top.ty = ValType::I32;
        }
        self.i32_un(super::ops::Un::Eqz);
    }

    /// Checks entry `r` of `table` for `call_indirect` and leaves the callee's code
    /// address in `ra`: `undefined element` past the size, `uninitialized element`
    /// for null, `indirect call type mismatch` unless the descriptor's type id is
    /// exactly `type_id` (canonical ids: equal iff the signatures are equal).
    pub fn indirect_target(&mut self, r: Reg, table: u32, type_id: u32) {
        self.entry_addr(table, r, TrapCode::UndefinedElement);
        self.emit.asm.lw(T0, T1, 4);
        self.emit.asm.imm(ImmOp::Slli, T0, T0, 3);
        self.emit.asm.li(T1, self.env.funcs_base as i32);
        self.emit.asm.reg(RegOp::Add, T0, T0, T1);
        self.emit.asm.lw(T1, T0, 0);
        self.trap_if(BranchOp::Beq, T1, ZERO, TrapCode::UninitElement);
        let want = type_id as i32 + 1;
        if fits_signed(-want, 12) {
            self.emit.asm.imm(ImmOp::Addi, T1, T1, -want);
        } else {
            self.emit.asm.li(RA, want);
            self.emit.asm.reg(RegOp::Sub, T1, T1, RA);
        }
        self.trap_if(BranchOp::Bne, T1, ZERO, TrapCode::IndirectTypeMismatch);
        self.emit.asm.lw(RA, T0, 4);
    }
}

/// The value type `ref.null` pushes (abstract func or extern heap types only).
pub(crate) fn ref_null_type(
    hty: wasmparser::HeapType,
    offset: u64,
) -> Result<ValType, crate::error::FuncFailure> {
    use wasmparser::{AbstractHeapType, HeapType};
    match hty {
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func,
        } => Ok(ValType::FuncRef),
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern,
        } => Ok(ValType::ExternRef),
        other => Err(crate::error::FuncFailure::Unsupported {
            offset,
            what: format!("ref.null {other:?}: only func and extern references are supported"),
        }),
    }
}
