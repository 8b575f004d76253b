//! Structural agreement of a wired import and export, over the linker's type tables.
//!
//! The linker compared the WIT types when it wired the graph; the runtime re-checks
//! the tables it will execute, because a manifest is only protected by a checksum
//! anyone can recompute. Both sides are walked in lockstep: records by field names,
//! order and types, variants by cases and payloads, enums and flags by names, lists,
//! options, results and tuples recursively; type names and parameter names do not
//! matter (the canonical ABI does not see them). Resources are nominal: equal only
//! when their identity (owner, interface, name) is the same. Pairs already proven
//! equal are memoised (tables are DAGs with sharing), and depth is bounded by
//! [`MAX_TYPE_DEPTH`], checked when a table is decoded.

use super::tables::{FuncSig, Prim, Tables, TypeDef, TypeRef, UNKNOWN_RESOURCE};
use std::collections::HashSet;

/// Deepest type nesting a table may have (so walks over it are bounded).
pub const MAX_TYPE_DEPTH: usize = 128;

/// Nesting depth of every entry of `types` (1 for an entry without references to
/// other entries), assuming references point only to earlier entries.
pub(super) fn depths(types: &[TypeDef]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(types.len());
    for d in types {
        let deepest = d
            .refs()
            .iter()
            .filter_map(|r| match r {
                TypeRef::Def(j) => out.get(*j as usize).copied(),
                TypeRef::Prim(_) => None,
            })
            .max()
            .unwrap_or(0);
        out.push(deepest + 1);
    }
    out
}

/// The first difference between `sa` (in `a`) and `sb` (in `b`) as a path, or `None`
/// when the signatures agree.
pub fn sig_difference(a: &Tables, sa: &FuncSig, b: &Tables, sb: &FuncSig) -> Option<String> {
    let mut c = Compare {
        a,
        b,
        proven: HashSet::new(),
    };
    if sa.params.len() != sb.params.len() {
        return Some(format!(
            "{} parameters, found {}",
            sa.params.len(),
            sb.params.len()
        ));
    }
    for ((name, ta), (_, tb)) in sa.params.iter().zip(&sb.params) {
        if let Some(d) = c.ty(*ta, *tb) {
            return Some(format!("param {name}: {d}"));
        }
    }
    match (sa.result, sb.result) {
        (None, None) => None,
        (Some(x), Some(y)) => c.ty(x, y).map(|d| format!("result: {d}")),
        (x, _) => Some(format!(
            "result: expected {}, found {}",
            if x.is_some() { "one" } else { "none" },
            if x.is_some() { "none" } else { "one" }
        )),
    }
}

struct Compare<'a> {
    a: &'a Tables,
    b: &'a Tables,
    proven: HashSet<(u32, u32)>,
}

fn prim_name(p: Prim) -> String {
    format!("{p:?}").to_lowercase()
}

fn kind(d: Option<&TypeDef>) -> &'static str {
    match d {
        Some(TypeDef::List(_)) => "list",
        Some(TypeDef::Record(..)) => "record",
        Some(TypeDef::Tuple(_)) => "tuple",
        Some(TypeDef::Variant(..)) => "variant",
        Some(TypeDef::Enum(..)) => "enum",
        Some(TypeDef::Option(_)) => "option",
        Some(TypeDef::Result(..)) => "result",
        Some(TypeDef::Flags(..)) => "flags",
        Some(TypeDef::Own(_)) => "own",
        Some(TypeDef::Borrow(_)) => "borrow",
        Some(TypeDef::Unsupported(_)) => "unsupported type",
        None => "missing type",
    }
}

impl Compare<'_> {
    fn ty(&mut self, x: TypeRef, y: TypeRef) -> Option<String> {
        let (i, j) = match (x, y) {
            (TypeRef::Prim(p), TypeRef::Prim(q)) if p == q => return None,
            (TypeRef::Prim(p), TypeRef::Prim(q)) => {
                return Some(format!("expected {}, found {}", prim_name(p), prim_name(q)))
            }
            (TypeRef::Prim(p), TypeRef::Def(j)) => {
                let k = kind(self.b.types.get(j as usize));
                return Some(format!("expected {}, found {k}", prim_name(p)));
            }
            (TypeRef::Def(i), TypeRef::Prim(q)) => {
                let k = kind(self.a.types.get(i as usize));
                return Some(format!("expected {k}, found {}", prim_name(q)));
            }
            (TypeRef::Def(i), TypeRef::Def(j)) => (i, j),
        };
        if self.proven.contains(&(i, j)) {
            return None;
        }
        let (da, db) = (self.a.types.get(i as usize), self.b.types.get(j as usize));
        let d = match (da, db) {
            (Some(da), Some(db)) => self.def(da, db),
            _ => Some("type index out of range".into()),
        };
        if d.is_none() {
            self.proven.insert((i, j));
        }
        d
    }

    fn opt(&mut self, x: Option<TypeRef>, y: Option<TypeRef>) -> Option<String> {
        match (x, y) {
            (None, None) => None,
            (Some(x), Some(y)) => self.ty(x, y),
            (x, _) => Some(format!(
                "expected {}, found {}",
                if x.is_some() {
                    "a payload"
                } else {
                    "no payload"
                },
                if x.is_some() { "none" } else { "one" }
            )),
        }
    }

    fn names(what: &str, a: &[String], b: &[String]) -> Option<String> {
        (a != b).then(|| format!("{what} {a:?}, found {b:?}"))
    }

    fn resource(&self, x: u32, y: u32) -> Option<String> {
        let (ra, rb) = (
            self.a.resources.get(x as usize),
            self.b.resources.get(y as usize),
        );
        match (ra, rb) {
            (Some(ra), Some(rb)) if ra.identity() == rb.identity() => None,
            (Some(ra), Some(rb)) => Some(format!(
                "expected resource {}/{}, found {}/{}",
                ra.interface, ra.name, rb.interface, rb.name
            )),
            _ if x == UNKNOWN_RESOURCE || y == UNKNOWN_RESOURCE => {
                Some("resource outside any imported or exported interface".into())
            }
            _ => Some("resource index out of range".into()),
        }
    }

    fn def(&mut self, da: &TypeDef, db: &TypeDef) -> Option<String> {
        match (da, db) {
            (TypeDef::List(x), TypeDef::List(y)) | (TypeDef::Option(x), TypeDef::Option(y)) => {
                self.ty(*x, *y).map(|d| format!("{}: {d}", kind(Some(da))))
            }
            (TypeDef::Record(_, fa), TypeDef::Record(_, fb)) => {
                let (na, nb): (Vec<String>, Vec<String>) = (
                    fa.iter().map(|f| f.0.clone()).collect(),
                    fb.iter().map(|f| f.0.clone()).collect(),
                );
                if let Some(d) = Self::names("expected fields", &na, &nb) {
                    return Some(d);
                }
                fa.iter()
                    .zip(fb)
                    .find_map(|((n, x), (_, y))| self.ty(*x, *y).map(|d| format!("field {n}: {d}")))
            }
            (TypeDef::Tuple(ta), TypeDef::Tuple(tb)) => {
                if ta.len() != tb.len() {
                    return Some(format!(
                        "expected {} elements, found {}",
                        ta.len(),
                        tb.len()
                    ));
                }
                ta.iter()
                    .zip(tb)
                    .enumerate()
                    .find_map(|(i, (x, y))| self.ty(*x, *y).map(|d| format!("element {i}: {d}")))
            }
            (TypeDef::Variant(_, ca), TypeDef::Variant(_, cb)) => {
                let (na, nb): (Vec<String>, Vec<String>) = (
                    ca.iter().map(|c| c.0.clone()).collect(),
                    cb.iter().map(|c| c.0.clone()).collect(),
                );
                if let Some(d) = Self::names("expected cases", &na, &nb) {
                    return Some(d);
                }
                ca.iter()
                    .zip(cb)
                    .find_map(|((n, x), (_, y))| self.opt(*x, *y).map(|d| format!("case {n}: {d}")))
            }
            (TypeDef::Enum(_, a), TypeDef::Enum(_, b)) => Self::names("expected cases", a, b),
            (TypeDef::Flags(_, a), TypeDef::Flags(_, b)) => Self::names("expected flags", a, b),
            (TypeDef::Result(oa, ea), TypeDef::Result(ob, eb)) => self
                .opt(*oa, *ob)
                .map(|d| format!("ok: {d}"))
                .or_else(|| self.opt(*ea, *eb).map(|d| format!("err: {d}"))),
            (TypeDef::Own(x), TypeDef::Own(y)) | (TypeDef::Borrow(x), TypeDef::Borrow(y)) => {
                self.resource(*x, *y)
            }
            // The runtime refuses to prepare either side; the linker compared the WIT.
            (TypeDef::Unsupported(a), TypeDef::Unsupported(b)) if a == b => None,
            (TypeDef::Unsupported(w), _) | (_, TypeDef::Unsupported(w)) => {
                Some(format!("unsupported type: {w}"))
            }
            _ => Some(format!(
                "expected {}, found {}",
                kind(Some(da)),
                kind(Some(db))
            )),
        }
    }
}
