//! Completes wasm-smith's NaN canonicalization for the differential.
//!
//! `canonicalize_nans` makes wasm-smith follow each arithmetic float operator with a
//! select that replaces a NaN result by the canonical NaN, but not `f32.demote_f64`
//! and `f64.promote_f32`: Wasm lets those return any arithmetic NaN for a NaN input
//! (wasmi keeps the host FPU's sign and payload, Rivet returns the canonical NaN), so
//! a module that stores or reinterprets such a result is nondeterministic by the spec
//! itself. [`canonicalize_conversions`] re-encodes a module with the same select after
//! every demote and promote (two scratch locals per function), which leaves every
//! non-NaN value, and so the module's meaning, unchanged.

use wasm_encoder::reencode::{Error, Reencode};
use wasm_encoder::{CodeSection, Function, Instruction, ValType};
use wasmparser::{Operator, Payload};

/// Parameter counts of the module's defined functions, in order.
fn defined_param_counts(wasm: &[u8]) -> Result<Vec<u32>, wasmparser::BinaryReaderError> {
    let (mut types, mut out) = (Vec::new(), Vec::new());
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    types.push(ty?.params().len() as u32);
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    out.push(types.get(ty? as usize).copied().unwrap_or(0));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

struct Canonicalizer {
    params: Vec<u32>,
    next: usize,
}

impl Canonicalizer {
    /// The select sequence replacing a NaN on top of the stack by the canonical one.
    fn canonicalize(f: &mut Function, scratch: u32, f64: bool) {
        f.instruction(&Instruction::LocalTee(scratch));
        if f64 {
            f.instruction(&Instruction::F64Const(
                f64::from_bits(0x7ff8_0000_0000_0000).into(),
            ));
        } else {
            f.instruction(&Instruction::F32Const(f32::from_bits(0x7fc0_0000).into()));
        }
        f.instruction(&Instruction::LocalGet(scratch));
        f.instruction(&Instruction::LocalGet(scratch));
        f.instruction(&if f64 {
            Instruction::F64Eq
        } else {
            Instruction::F32Eq
        });
        f.instruction(&Instruction::Select);
    }
}

impl Reencode for Canonicalizer {
    type Error = std::convert::Infallible;

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let mut index = self.params.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        let mut locals = Vec::new();
        for pair in func.get_locals_reader()? {
            let (count, ty) = pair?;
            index += count;
            locals.push((count, self.val_type(ty)?));
        }
        let (s32, s64) = (index, index + 1);
        locals.push((1, ValType::F32));
        locals.push((1, ValType::F64));
        let mut f = Function::new(locals);
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            let after = match op {
                Operator::F32DemoteF64 => Some((s32, false)),
                Operator::F64PromoteF32 => Some((s64, true)),
                _ => None,
            };
            f.instruction(&self.instruction(op)?);
            if let Some((scratch, is_f64)) = after {
                Self::canonicalize(&mut f, scratch, is_f64);
            }
        }
        code.function(&f);
        Ok(())
    }
}

/// `wasm` with the result of every `f32.demote_f64` and `f64.promote_f32` made the
/// canonical NaN when it is a NaN; `None` if the module does not re-encode.
pub fn canonicalize_conversions(wasm: &[u8]) -> Option<Vec<u8>> {
    let params = defined_param_counts(wasm).ok()?;
    let mut module = wasm_encoder::Module::new();
    let mut canon = Canonicalizer { params, next: 0 };
    canon
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .ok()?;
    Some(module.finish())
}
