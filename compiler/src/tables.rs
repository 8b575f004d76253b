//! Module-level tables: table types, element segments and where tables live in data
//! memory.
//!
//! Every table (imported or defined) gets a fixed region above the function
//! descriptors: a size word and `capacity` entry words, where `capacity` is the
//! declared maximum capped by [`CompileOptions::max_table_elements`]. Reserving the
//! capacity up front keeps every table at a fixed address, so `table.get`/`table.set`
//! compile to a bounds check and one load or store, and `table.grow` is a size
//! update by the host. The representation of reference values is documented in
//! [`rivet_format::table`].

use crate::env::{const_init, module_err};
use crate::error::CompileError;
use crate::CompileOptions;
use rivet_format::package::{ElemItem, ElemMode, ElementSegment, Limits, RefKind, Table};
use rivet_format::program::MAX_MEMORY_SIZE;
use wasmparser::{ConstExpr, Element, ElementItems, ElementKind, Operator, RefType};

/// The reference kind of a wasmparser reference type (funcref and externref only).
pub(crate) fn ref_kind(t: RefType, offset: u64) -> Result<RefKind, CompileError> {
    if t == RefType::FUNCREF {
        Ok(RefKind::Func)
    } else if t == RefType::EXTERNREF {
        Ok(RefKind::Extern)
    } else {
        Err(module_err(
            offset,
            format!("{t} references are not supported (funcref and externref are)"),
        ))
    }
}

/// Checks a table type: funcref or externref, 32-bit, unshared.
pub(crate) fn check_table(
    t: &wasmparser::TableType,
    offset: u64,
) -> Result<(RefKind, Limits), CompileError> {
    if t.table64 || t.shared {
        return Err(module_err(
            offset,
            "64-bit and shared tables are not supported",
        ));
    }
    let clamp = |v: u64| v.min(u32::MAX as u64) as u32;
    let limits = Limits {
        min: clamp(t.initial),
        max: t.maximum.map(clamp),
    };
    Ok((ref_kind(t.element_type, offset)?, limits))
}

/// One element expression: `ref.null`, `ref.func f` or `global.get g`.
fn elem_item(expr: &ConstExpr<'_>, offset: u64) -> Result<ElemItem, CompileError> {
    let mut r = expr.get_operators_reader();
    let mut out = ElemItem::Null;
    while !r.eof() {
        match r.read()? {
            Operator::RefFunc { function_index } => out = ElemItem::Func(function_index),
            Operator::GlobalGet { global_index } => out = ElemItem::Global(global_index),
            Operator::RefNull { .. } => out = ElemItem::Null,
            Operator::End => {}
            other => {
                return Err(module_err(
                    offset,
                    format!("element expression with {}", crate::names::op_name(&other)),
                ))
            }
        }
    }
    Ok(out)
}

/// Converts a (validated) element segment of any mode.
pub(crate) fn element_segment(e: Element<'_>, offset: u64) -> Result<ElementSegment, CompileError> {
    let mode = match e.kind {
        ElementKind::Active {
            table_index,
            offset_expr,
        } => ElemMode::Active {
            table: table_index.unwrap_or(0),
            offset: const_init(&offset_expr, offset)?,
        },
        ElementKind::Passive => ElemMode::Passive,
        ElementKind::Declared => ElemMode::Declared,
    };
    let mut items = Vec::new();
    let ty = match e.items {
        ElementItems::Functions(r) => {
            for f in r {
                items.push(ElemItem::Func(f?));
            }
            RefKind::Func
        }
        ElementItems::Expressions(t, r) => {
            for x in r {
                items.push(elem_item(&x?, offset)?);
            }
            ref_kind(t, offset)?
        }
    };
    Ok(ElementSegment { mode, ty, items })
}

/// Places the tables from address `start` on; returns them and the end address.
pub(crate) fn place(
    decls: &[(RefKind, Limits)],
    start: u64,
    opts: &CompileOptions,
) -> Result<(Vec<Table>, u64), CompileError> {
    let cap = opts.max_table_elements;
    let mut at = start;
    let mut out = Vec::with_capacity(decls.len());
    for (i, (ty, limits)) in decls.iter().enumerate() {
        if limits.min > cap {
            return Err(CompileError::Limit(format!(
                "table {i} of {} elements exceeds the cap of {cap}",
                limits.min
            )));
        }
        let capacity = limits.max.unwrap_or(u32::MAX).min(cap);
        let table = Table {
            ty: *ty,
            limits: *limits,
            capacity,
            base: at.min(u32::MAX as u64) as u32,
        };
        at += 4 + 4 * capacity as u64;
        if at > MAX_MEMORY_SIZE as u64 {
            return Err(CompileError::Limit(format!(
                "tables end at {at} bytes, past the {MAX_MEMORY_SIZE}-byte data memory"
            )));
        }
        out.push(table);
    }
    Ok((out, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_placed_back_to_back_with_capped_capacity() {
        let opts = CompileOptions {
            max_table_elements: 100,
            ..CompileOptions::default()
        };
        let decls = [
            (RefKind::Func, Limits { min: 2, max: None }),
            (
                RefKind::Extern,
                Limits {
                    min: 1,
                    max: Some(3),
                },
            ),
        ];
        let (t, end) = place(&decls, 0x1000, &opts).unwrap();
        assert_eq!(t[0].capacity, 100);
        assert_eq!(t[1].base, 0x1000 + 4 + 400);
        assert_eq!(t[1].capacity, 3);
        assert_eq!(end, t[1].end());
        let big = [(
            RefKind::Func,
            Limits {
                min: 101,
                max: None,
            },
        )];
        assert!(matches!(place(&big, 0, &opts), Err(CompileError::Limit(_))));
    }
}
