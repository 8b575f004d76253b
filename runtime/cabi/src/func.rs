//! Function-level lifting and lowering: `flatten_functype`, parameter spilling through
//! `realloc`, results through a return pointer, as the reference's `canon_lift` /
//! `canon_lower` do (sync, memory32).
//!
//! Two directions use one [`FuncType`]:
//!
//! * **Host calls a guest export** (the export is *lifted*): [`FuncType::lower_params`],
//!   run the core function, [`FuncType::lift_results`], then run the guest's post-return
//!   function with the *same* core results, then [`ResourceHooks::end_call`](crate::ResourceHooks::end_call).
//! * **Guest calls a host import** (the import is *lowered*): [`FuncType::lift_params`]
//!   (which also yields the return pointer), run the host function,
//!   [`FuncType::lower_results`].

use crate::access::check_range;
use crate::error::CabiError;
use crate::flat::{FlatIter, FlatSource, FlatValue};
use crate::lift::{lift_flat, load_at};
use crate::lower::{alloc, lower_flat, store_at};
use crate::memory::Cx;
use crate::types::{FlatType, Type};
use crate::val::Val;
use crate::wit::WitTypes;

/// Most core parameters before parameters are passed through memory.
pub const MAX_FLAT_PARAMS: usize = 16;
/// Most core results before the result is passed through memory.
pub const MAX_FLAT_RESULTS: usize = 1;

/// Which side of the boundary a core signature is for (`flatten_functype`'s context).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallContext {
    /// The core function a guest *exports* (lifted): a spilled result is returned as a
    /// pointer.
    Lift,
    /// The core function a guest *imports* (lowered): a spilled result is written through
    /// an out-pointer appended to the params.
    Lower,
}

/// A core function signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreSig {
    /// Core parameter types.
    pub params: Vec<FlatType>,
    /// Core result types.
    pub results: Vec<FlatType>,
}

/// A component function type with its flattening precomputed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuncType {
    /// Named parameters.
    pub params: Vec<(String, Type)>,
    /// The single result, if any.
    pub result: Option<Type>,
    params_tuple: Type,
    result_tuple: Option<Type>,
    flat_params: Vec<FlatType>,
    flat_results: Vec<FlatType>,
}

impl FuncType {
    /// Builds a function type.
    pub fn new(params: Vec<(String, Type)>, result: Option<Type>) -> Result<Self, CabiError> {
        let params_tuple =
            Type::tuple_allow_empty(params.iter().map(|(_, t)| t.clone()).collect())?;
        let result_tuple = result.clone().map(|r| Type::tuple(vec![r])).transpose()?;
        let flat_params = params_tuple.flat().to_vec();
        let flat_results = result
            .as_ref()
            .map(|r| r.flat().to_vec())
            .unwrap_or_default();
        Ok(FuncType {
            params,
            result,
            params_tuple,
            result_tuple,
            flat_params,
            flat_results,
        })
    }

    /// Builds the type of a wit-parser function.
    pub fn from_wit(types: &mut WitTypes, func: &wit_parser::Function) -> Result<Self, CabiError> {
        let mut params = Vec::with_capacity(func.params.len());
        for p in &func.params {
            params.push((p.name.clone(), types.convert(&p.ty)?));
        }
        let result = func.result.as_ref().map(|t| types.convert(t)).transpose()?;
        FuncType::new(params, result)
    }

    /// `flatten_types(params)`, before spilling.
    pub fn flat_params(&self) -> &[FlatType] {
        &self.flat_params
    }

    /// `flatten_types([result])`, before spilling.
    pub fn flat_results(&self) -> &[FlatType] {
        &self.flat_results
    }

    /// True when the parameters are passed as a pointer to a `tuple<params...>`.
    pub fn params_spilled(&self) -> bool {
        self.flat_params.len() > MAX_FLAT_PARAMS
    }

    /// True when the result is passed through memory.
    pub fn results_spilled(&self) -> bool {
        self.flat_results.len() > MAX_FLAT_RESULTS
    }

    /// `tuple<params...>`: the memory layout of spilled parameters.
    pub fn params_tuple(&self) -> &Type {
        &self.params_tuple
    }

    /// `tuple<result>`: the memory layout of a spilled result.
    pub fn result_tuple(&self) -> Option<&Type> {
        self.result_tuple.as_ref()
    }

    /// `flatten_functype`: the core signature on the given side.
    pub fn core_sig(&self, context: CallContext) -> CoreSig {
        let mut params = if self.params_spilled() {
            vec![FlatType::I32]
        } else {
            self.flat_params.clone()
        };
        let mut results = self.flat_results.clone();
        if self.results_spilled() {
            match context {
                CallContext::Lift => results = vec![FlatType::I32],
                CallContext::Lower => {
                    params.push(FlatType::I32);
                    results.clear();
                }
            }
        }
        CoreSig { params, results }
    }

    fn check_arity(&self, n: usize) -> Result<(), CabiError> {
        if n != self.params.len() {
            return Err(CabiError::TypeMismatch {
                path: String::new(),
                expected: format!("{} arguments", self.params.len()),
                found: format!("{n} arguments"),
            });
        }
        Ok(())
    }

    /// Lowers host arguments for a call into a guest export: flat, or stored in a block
    /// from `realloc` whose pointer is the only core argument.
    pub fn lower_params(&self, cx: &mut Cx, args: &[Val]) -> Result<Vec<FlatValue>, CabiError> {
        self.check_arity(args.len())?;
        let mut out = Vec::with_capacity(self.flat_params.len().min(MAX_FLAT_PARAMS));
        if self.params_spilled() {
            let Type::Tuple(t) = &self.params_tuple else {
                return Err(CabiError::InvalidType("parameter tuple".into()));
            };
            let ptr = alloc(cx, self.params_tuple.align(), self.params_tuple.size())?;
            for ((arg, ty), off) in args.iter().zip(&t.types).zip(&t.offsets) {
                store_at(cx, arg, ty, ptr as u64 + *off as u64)?;
            }
            out.push(FlatValue::I32(ptr as i32));
        } else {
            for (arg, (_, ty)) in args.iter().zip(&self.params) {
                lower_flat(cx, arg, ty, &mut out)?;
            }
        }
        Ok(out)
    }

    /// Lifts the core results of a guest export (through the returned pointer when the
    /// result is spilled). The same core results go to the post-return function after.
    pub fn lift_results(
        &self,
        cx: &mut Cx,
        results: &[FlatValue],
    ) -> Result<Option<Val>, CabiError> {
        let mut it = FlatIter::new(results);
        let v = match &self.result {
            None => None,
            Some(ty) if self.results_spilled() => {
                let ptr = it.next(FlatType::I32)? as u32;
                check_range(cx.memory.bytes().len(), ptr, ty.size() as u64, ty.align())?;
                Some(load_at(cx, ty, ptr as u64)?)
            }
            Some(ty) => Some(lift_flat(cx, ty, &mut it)?),
        };
        it.finish()?;
        Ok(v)
    }

    /// Lifts the core arguments of a guest's call to a host import. Returns the
    /// arguments and, when the result is spilled, the guest's out-pointer.
    pub fn lift_params(
        &self,
        cx: &mut Cx,
        args: &[FlatValue],
    ) -> Result<(Vec<Val>, Option<u32>), CabiError> {
        let mut it = FlatIter::new(args);
        let mut vals = Vec::with_capacity(self.params.len());
        if self.params_spilled() {
            let ptr = it.next(FlatType::I32)? as u32;
            let t = &self.params_tuple;
            check_range(cx.memory.bytes().len(), ptr, t.size() as u64, t.align())?;
            if let Type::Tuple(tt) = t {
                for (ty, off) in tt.types.iter().zip(&tt.offsets) {
                    vals.push(load_at(cx, ty, ptr as u64 + *off as u64)?);
                }
            }
        } else {
            for (_, ty) in &self.params {
                vals.push(lift_flat(cx, ty, &mut it)?);
            }
        }
        let retptr = if self.results_spilled() {
            Some(it.next(FlatType::I32)? as u32)
        } else {
            None
        };
        it.finish()?;
        Ok((vals, retptr))
    }

    /// Lowers a host import's result back to the guest: flat, or stored at `retptr`.
    pub fn lower_results(
        &self,
        cx: &mut Cx,
        result: Option<&Val>,
        retptr: Option<u32>,
    ) -> Result<Vec<FlatValue>, CabiError> {
        let mut out = Vec::new();
        match (&self.result, result) {
            (None, None) => {}
            (Some(ty), Some(v)) if self.results_spilled() => {
                let ptr = retptr.ok_or_else(|| {
                    CabiError::InvalidType("spilled result without a return pointer".into())
                })?;
                check_range(cx.memory.bytes().len(), ptr, ty.size() as u64, ty.align())?;
                store_at(cx, v, ty, ptr as u64)?;
            }
            (Some(ty), Some(v)) => lower_flat(cx, v, ty, &mut out)?,
            (want, have) => {
                return Err(CabiError::TypeMismatch {
                    path: "result".into(),
                    expected: want
                        .as_ref()
                        .map(|t| t.kind_name())
                        .unwrap_or("no result".into()),
                    found: have.map(|v| v.kind_name()).unwrap_or("no result").into(),
                })
            }
        }
        Ok(out)
    }
}
