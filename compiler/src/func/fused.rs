//! One decode per operator: validation and translation in the same visit.
//!
//! wasmparser decodes each operator straight into a call of the matching
//! `visit_*` method; [`Fused`] forwards that call to the function's validator
//! first (so the translator only ever sees operators that are valid where they
//! stand), then hands the operator to the translator. After the translator has
//! finished or failed (an unsupported operator), the rest of the body is still
//! validated, so an invalid module is reported as invalid whatever it contains.
//! Without a validator (a retranslation of an already validated body) only the
//! translator runs.

use super::FuncCtx;
use crate::error::FuncFailure;
use wasmparser::{
    for_each_visit_operator, for_each_visit_simd_operator, BinaryReaderError, FuncValidator,
    Operator, ValidatorResources, VisitOperator, VisitSimdOperator,
};

/// The per-function validator the module validator hands out.
pub(crate) type Validator = FuncValidator<ValidatorResources>;

/// Drives the validator and the translator from one operator decode.
pub(crate) struct Fused<'c, 'e, 'v> {
    pub cx: &'c mut FuncCtx<'e>,
    pub validator: Option<&'v mut Validator>,
    /// Byte offset of the operator being visited.
    pub offset: u64,
    /// The translator reached the function's final `end`.
    pub done: bool,
    /// Why translation stopped early (validation continues).
    pub failed: Option<FuncFailure>,
}

impl Fused<'_, '_, '_> {
    /// Translates one (already validated) operator unless translation is over.
    /// Inlined into each `visit_*` method, where the operator is a constant, so
    /// the translator's big `match` folds away to the one arm that applies.
    #[inline(always)]
    fn translate(&mut self, op: &Operator<'_>) {
        if self.done || self.failed.is_some() {
            return;
        }
        match self.cx.op(op, self.offset) {
            Ok(done) => self.done = done,
            Err(e) => self.failed = Some(e),
        }
    }
}

macro_rules! fused_visit {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(,$arg: $argty)*)?) -> Self::Output {
                if let Some(v) = self.validator.as_deref_mut() {
                    v.visitor(self.offset).$visit($($($arg.clone()),*)?)?;
                }
                self.translate(&Operator::$op $({ $($arg),* })?);
                Ok(())
            }
        )*
    };
}

macro_rules! fused_visit_simd {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(,$arg: $argty)*)?) -> Self::Output {
                if let Some(v) = self.validator.as_deref_mut() {
                    v.simd_visitor(self.offset).$visit($($($arg.clone()),*)?)?;
                }
                self.translate(&Operator::$op $({ $($arg),* })?);
                Ok(())
            }
        )*
    };
}

#[allow(clippy::clone_on_copy)]
impl<'a> VisitOperator<'a> for Fused<'_, '_, '_> {
    type Output = Result<(), BinaryReaderError>;

    for_each_visit_operator!(fused_visit);

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }
}

#[allow(clippy::clone_on_copy)]
impl<'a> VisitSimdOperator<'a> for Fused<'_, '_, '_> {
    for_each_visit_simd_operator!(fused_visit_simd);
}
