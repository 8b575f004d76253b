//! Structural type equality between an import and the export chosen to provide it.
//!
//! The importer and the provider were compiled separately, so each carries its own
//! [`Resolve`] with its own idea of every type. Names alone prove nothing (two packages
//! may both call something `asset` and mean different things), so this walks both
//! sides in lockstep: records by field names, order and types; variants by cases and
//! payloads; enums and flags by names; lists, options, results, tuples, maps, futures
//! and streams recursively; aliases looked through. Resources are the exception: they
//! are nominal, equal only when they are the same resource of the same interface (at a
//! semver-compatible version).
//!
//! Everything the import can observe is checked: every type it declares and every
//! function it may call. Extra functions and types on the provider's side are fine.
//! The first difference found is reported as a path such as
//! `function receive: param asset: case fungible: field amount: expected u64, found u32`.
//!
//! WIT types form a DAG, so the walk terminates; pairs already proven equal are
//! memoised (a DAG with sharing could otherwise take exponential time) and nesting is
//! capped, since the types come from untrusted packages.

use crate::input::{Item, Target};
use thiserror::Error;

/// The first difference between an import's and an export's types, as a path such as
/// `function receive: param asset: case fungible: field amount: expected u64, found u32`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct TypeDifference(pub String);

macro_rules! differ {
    ($($t:tt)*) => {
        TypeDifference(format!($($t)*))
    };
}
use crate::names::same_track;
use std::collections::HashSet;
use wit_parser::{Function, Handle, Resolve, Type, TypeDefKind, TypeId, TypeOwner};

/// Deepest type nesting accepted; deeper types are refused rather than risking the
/// host's stack.
pub const MAX_TYPE_DEPTH: usize = 128;

/// Checks that `export` (in `provider`) provides everything `import` (in `importer`)
/// can observe, with identical types. The error is the path to the first difference.
pub fn check_item(
    importer: &Resolve,
    import: &Item,
    provider: &Resolve,
    export: &Item,
) -> Result<(), TypeDifference> {
    let mut c = Checker {
        a: importer,
        b: provider,
        proven: HashSet::new(),
        depth: 0,
    };
    match (&import.target, &export.target) {
        (Target::Interface(ia), Target::Interface(ib)) => {
            let (ia, ib) = (&importer.interfaces[*ia], &provider.interfaces[*ib]);
            for (name, &ta) in &ia.types {
                let tb = *ib
                    .types
                    .get(name)
                    .ok_or_else(|| differ!("type {name}: not provided"))?;
                c.ty(&Type::Id(ta), &Type::Id(tb))
                    .map_err(|e| differ!("type {name}: {e}"))?;
            }
            for (name, fa) in &ia.functions {
                let fb = ib
                    .functions
                    .get(name)
                    .ok_or_else(|| differ!("function {name}: not provided"))?;
                c.function(fa, fb)
                    .map_err(|e| differ!("function {name}: {e}"))?;
            }
            Ok(())
        }
        (Target::Function(fa), Target::Function(fb)) => c
            .function(fa, fb)
            .map_err(|e| differ!("function {}: {e}", fa.name)),
        (Target::Interface(_), Target::Function(_)) => {
            Err(differ!("expected an interface, found a function"))
        }
        (Target::Function(_), Target::Interface(_)) => {
            Err(differ!("expected a function, found an interface"))
        }
    }
}

struct Checker<'a> {
    a: &'a Resolve,
    b: &'a Resolve,
    proven: HashSet<(TypeId, TypeId)>,
    depth: usize,
}

impl Checker<'_> {
    fn function(&mut self, fa: &Function, fb: &Function) -> Result<(), TypeDifference> {
        if std::mem::discriminant(&fa.kind) != std::mem::discriminant(&fb.kind) {
            return Err(differ!(
                "expected a {}, found a {}",
                kind_name(fa),
                kind_name(fb)
            ));
        }
        if let (Some(ra), Some(rb)) = (fa.kind.resource(), fb.kind.resource()) {
            self.ty(&Type::Id(ra), &Type::Id(rb))
                .map_err(|e| differ!("resource: {e}"))?;
        }
        if fa.params.len() != fb.params.len() {
            return Err(differ!(
                "expected {} params, found {}",
                fa.params.len(),
                fb.params.len()
            ));
        }
        for (i, (pa, pb)) in fa.params.iter().zip(&fb.params).enumerate() {
            if pa.name != pb.name {
                return Err(differ!(
                    "param {i}: expected name `{}`, found `{}`",
                    pa.name,
                    pb.name
                ));
            }
            self.ty(&pa.ty, &pb.ty)
                .map_err(|e| differ!("param {}: {e}", pa.name))?;
        }
        self.opt(fa.result.as_ref(), fb.result.as_ref())
            .map_err(|e| differ!("result: {e}"))
    }

    fn opt(&mut self, a: Option<&Type>, b: Option<&Type>) -> Result<(), TypeDifference> {
        match (a, b) {
            (None, None) => Ok(()),
            (Some(a), Some(b)) => self.ty(a, b),
            (Some(a), None) => Err(differ!("expected {}, found none", describe(self.a, a))),
            (None, Some(b)) => Err(differ!("expected none, found {}", describe(self.b, b))),
        }
    }

    fn ty(&mut self, a: &Type, b: &Type) -> Result<(), TypeDifference> {
        let (a, b) = (
            look_through(self.a, *a).ok_or_else(alias_chain_error)?,
            look_through(self.b, *b).ok_or_else(alias_chain_error)?,
        );
        let (ia, ib) = match (a, b) {
            (Type::Id(ia), Type::Id(ib)) => (ia, ib),
            (a, b) if a == b => return Ok(()),
            (a, b) => return Err(self.differ(&a, &b)),
        };
        if self.proven.contains(&(ia, ib)) {
            return Ok(());
        }
        if self.depth >= MAX_TYPE_DEPTH {
            return Err(differ!("types nest deeper than {MAX_TYPE_DEPTH} levels"));
        }
        self.depth += 1;
        let result = self.typedef(ia, ib, &a, &b);
        self.depth -= 1;
        if result.is_ok() {
            self.proven.insert((ia, ib));
        }
        result
    }

    fn differ(&self, a: &Type, b: &Type) -> TypeDifference {
        differ!(
            "expected {}, found {}",
            describe(self.a, a),
            describe(self.b, b)
        )
    }

    fn typedef(
        &mut self,
        ia: TypeId,
        ib: TypeId,
        a: &Type,
        b: &Type,
    ) -> Result<(), TypeDifference> {
        use TypeDefKind as K;
        let (ka, kb) = (&self.a.types[ia].kind, &self.b.types[ib].kind);
        match (ka, kb) {
            (K::Record(ra), K::Record(rb)) => {
                let fa: Vec<(&str, &Type)> =
                    ra.fields.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
                let fb: Vec<(&str, &Type)> =
                    rb.fields.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
                self.named_list("field", &fa, &fb)
            }
            (K::Variant(va), K::Variant(vb)) => {
                let ca: Vec<(&str, Option<&Type>)> = va
                    .cases
                    .iter()
                    .map(|c| (c.name.as_str(), c.ty.as_ref()))
                    .collect();
                let cb: Vec<(&str, Option<&Type>)> = vb
                    .cases
                    .iter()
                    .map(|c| (c.name.as_str(), c.ty.as_ref()))
                    .collect();
                names_equal("case", ca.iter().map(|c| c.0), cb.iter().map(|c| c.0))?;
                for ((name, ta), (_, tb)) in ca.iter().zip(&cb) {
                    self.opt(*ta, *tb)
                        .map_err(|e| differ!("case {name}: {e}"))?;
                }
                Ok(())
            }
            (K::Enum(ea), K::Enum(eb)) => names_equal(
                "case",
                ea.cases.iter().map(|c| c.name.as_str()),
                eb.cases.iter().map(|c| c.name.as_str()),
            ),
            (K::Flags(fa), K::Flags(fb)) => names_equal(
                "flag",
                fa.flags.iter().map(|f| f.name.as_str()),
                fb.flags.iter().map(|f| f.name.as_str()),
            ),
            (K::Tuple(ta), K::Tuple(tb)) => {
                if ta.types.len() != tb.types.len() {
                    return Err(self.differ(a, b));
                }
                for (i, (x, y)) in ta.types.iter().zip(&tb.types).enumerate() {
                    self.ty(x, y)
                        .map_err(|e| differ!("tuple element {i}: {e}"))?;
                }
                Ok(())
            }
            (K::Option(x), K::Option(y)) => self.ty(x, y).map_err(|e| differ!("option: {e}")),
            (K::List(x), K::List(y)) => self.ty(x, y).map_err(|e| differ!("list element: {e}")),
            (K::FixedLengthList(x, n), K::FixedLengthList(y, m)) => {
                if n != m {
                    return Err(self.differ(a, b));
                }
                self.ty(x, y).map_err(|e| differ!("list element: {e}"))
            }
            (K::Map(ka, va), K::Map(kb, vb)) => {
                self.ty(ka, kb).map_err(|e| differ!("map key: {e}"))?;
                self.ty(va, vb).map_err(|e| differ!("map value: {e}"))
            }
            (K::Result(ra), K::Result(rb)) => {
                self.opt(ra.ok.as_ref(), rb.ok.as_ref())
                    .map_err(|e| differ!("ok: {e}"))?;
                self.opt(ra.err.as_ref(), rb.err.as_ref())
                    .map_err(|e| differ!("err: {e}"))
            }
            (K::Future(x), K::Future(y)) => self
                .opt(x.as_ref(), y.as_ref())
                .map_err(|e| differ!("future: {e}")),
            (K::Stream(x), K::Stream(y)) => self
                .opt(x.as_ref(), y.as_ref())
                .map_err(|e| differ!("stream: {e}")),
            (K::Handle(ha), K::Handle(hb)) => match (ha, hb) {
                (Handle::Own(x), Handle::Own(y)) | (Handle::Borrow(x), Handle::Borrow(y)) => {
                    self.ty(&Type::Id(*x), &Type::Id(*y))
                }
                _ => Err(self.differ(a, b)),
            },
            (K::Resource, K::Resource) => {
                let (ra, rb) = (resource_identity(self.a, ia), resource_identity(self.b, ib));
                if ra.same_as(&rb) {
                    Ok(())
                } else {
                    Err(differ!("expected resource {ra}, found resource {rb}"))
                }
            }
            (K::Unknown, _) | (_, K::Unknown) => Err(differ!("unresolved type in the world")),
            _ => Err(self.differ(a, b)),
        }
    }

    fn named_list(
        &mut self,
        what: &str,
        a: &[(&str, &Type)],
        b: &[(&str, &Type)],
    ) -> Result<(), TypeDifference> {
        names_equal(what, a.iter().map(|x| x.0), b.iter().map(|x| x.0))?;
        for ((name, ta), (_, tb)) in a.iter().zip(b) {
            self.ty(ta, tb).map_err(|e| differ!("{what} {name}: {e}"))?;
        }
        Ok(())
    }
}

fn alias_chain_error() -> TypeDifference {
    differ!("type alias chain longer than {MAX_TYPE_DEPTH}")
}

/// Follows `type x = y` aliases to the underlying type; `None` if the chain is absurd.
fn look_through(resolve: &Resolve, mut ty: Type) -> Option<Type> {
    for _ in 0..MAX_TYPE_DEPTH {
        match ty {
            Type::Id(id) => match &resolve.types[id].kind {
                TypeDefKind::Type(inner) => ty = *inner,
                _ => return Some(ty),
            },
            _ => return Some(ty),
        }
    }
    None
}

/// Compares two ordered name lists, reporting the first position that differs.
fn names_equal<'x>(
    what: &str,
    a: impl Iterator<Item = &'x str>,
    b: impl Iterator<Item = &'x str>,
) -> Result<(), TypeDifference> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.collect(), b.collect());
    for i in 0..a.len().max(b.len()) {
        match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) => {
                return Err(differ!("{what} {i}: expected `{x}`, found `{y}`"));
            }
            (Some(x), None) => return Err(differ!("missing {what} `{x}`")),
            (None, Some(y)) => return Err(differ!("unexpected {what} `{y}`")),
            (None, None) => {}
        }
    }
    Ok(())
}

fn kind_name(f: &Function) -> &'static str {
    use wit_parser::FunctionKind as F;
    match f.kind {
        F::Freestanding => "function",
        F::AsyncFreestanding => "async function",
        F::Getter | F::StaticGetter(_) | F::MethodGetter(_) => "getter",
        F::Setter | F::StaticSetter(_) | F::MethodSetter(_) => "setter",
        F::Method(_) => "method",
        F::AsyncMethod(_) => "async method",
        F::Static(_) => "static function",
        F::AsyncStatic(_) => "async static function",
        F::Constructor(_) => "constructor",
    }
}

/// Who defined a resource: the interface (or world) and the resource's own name.
struct ResourceIdentity {
    owner: String,
    version: Option<semver::Version>,
    name: String,
}

impl ResourceIdentity {
    fn same_as(&self, other: &ResourceIdentity) -> bool {
        let versions = match (&self.version, &other.version) {
            (None, None) => true,
            (Some(a), Some(b)) => same_track(a, b),
            _ => false,
        };
        self.owner == other.owner && self.name == other.name && versions
    }
}

impl std::fmt::Display for ResourceIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.owner, self.name)?;
        if let Some(v) = &self.version {
            write!(f, "@{v}")?;
        }
        Ok(())
    }
}

fn resource_identity(resolve: &Resolve, id: TypeId) -> ResourceIdentity {
    let def = &resolve.types[id];
    let name = def.name.clone().unwrap_or_else(|| "<anonymous>".into());
    let (owner, version) = match def.owner {
        TypeOwner::Interface(i) => {
            let iface = &resolve.interfaces[i];
            match (iface.package, &iface.name) {
                (Some(p), Some(n)) => {
                    let pkg = &resolve.packages[p].name;
                    (
                        format!("{}:{}/{n}", pkg.namespace, pkg.name),
                        pkg.version.clone(),
                    )
                }
                _ => ("<inline interface>".into(), None),
            }
        }
        TypeOwner::World(w) => (format!("world {}", resolve.worlds[w].name), None),
        TypeOwner::None => ("<no owner>".into(), None),
    };
    ResourceIdentity {
        owner,
        version,
        name,
    }
}

/// Renders a type for messages: primitives and anonymous types in WIT syntax, named
/// types as `kind name` (e.g. `record fungible-asset`).
pub fn describe(resolve: &Resolve, ty: &Type) -> String {
    describe_at(resolve, ty, 0)
}

fn describe_at(resolve: &Resolve, ty: &Type, depth: usize) -> String {
    let id = match ty {
        Type::Bool => return "bool".into(),
        Type::U8 => return "u8".into(),
        Type::U16 => return "u16".into(),
        Type::U32 => return "u32".into(),
        Type::U64 => return "u64".into(),
        Type::S8 => return "s8".into(),
        Type::S16 => return "s16".into(),
        Type::S32 => return "s32".into(),
        Type::S64 => return "s64".into(),
        Type::F32 => return "f32".into(),
        Type::F64 => return "f64".into(),
        Type::Char => return "char".into(),
        Type::String => return "string".into(),
        Type::ErrorContext => return "error-context".into(),
        Type::Id(id) => *id,
    };
    if depth > 4 {
        return "..".into();
    }
    let def = &resolve.types[id];
    let d = |t: &Type| describe_at(resolve, t, depth + 1);
    let od = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), d);
    match (&def.kind, &def.name) {
        (TypeDefKind::Type(inner), _) => d(inner),
        (kind, Some(name)) => format!("{} {name}", kind.as_str()),
        (TypeDefKind::List(t), None) => format!("list<{}>", d(t)),
        (TypeDefKind::FixedLengthList(t, n), None) => format!("list<{}, {n}>", d(t)),
        (TypeDefKind::Option(t), None) => format!("option<{}>", d(t)),
        (TypeDefKind::Result(r), None) => format!("result<{}, {}>", od(&r.ok), od(&r.err)),
        (TypeDefKind::Tuple(t), None) => format!(
            "tuple<{}>",
            t.types.iter().map(d).collect::<Vec<_>>().join(", ")
        ),
        (TypeDefKind::Map(k, v), None) => format!("map<{}, {}>", d(k), d(v)),
        (TypeDefKind::Future(t), None) => format!("future<{}>", od(t)),
        (TypeDefKind::Stream(t), None) => format!("stream<{}>", od(t)),
        (TypeDefKind::Handle(Handle::Own(r)), None) => format!("own<{}>", d(&Type::Id(*r))),
        (TypeDefKind::Handle(Handle::Borrow(r)), None) => {
            format!("borrow<{}>", d(&Type::Id(*r)))
        }
        (kind, None) => kind.as_str().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::ItemName;
    use rivet_format::manifest::ItemKind;

    /// Parses `body` as interface `api` (bypassing the binary decoder and its limits)
    /// and returns it as an item.
    fn api(body: &str) -> (Resolve, Item) {
        let mut r = Resolve::default();
        let pkg = r
            .push_source(
                "t.wit",
                &format!("package t:t@1.0.0;\ninterface api {{\n{body}\n}}\n"),
            )
            .unwrap();
        let id = r.packages[pkg].interfaces["api"];
        let item = Item {
            name: "t:t/api@1.0.0".into(),
            parsed: ItemName::parse("t:t/api@1.0.0").unwrap(),
            kind: ItemKind::Interface,
            target: Target::Interface(id),
        };
        (r, item)
    }

    fn run(a: &str, b: &str) -> Result<(), TypeDifference> {
        let ((ra, ia), (rb, ib)) = (api(a), api(b));
        check_item(&ra, &ia, &rb, &ib)
    }

    #[test]
    fn shared_dags_take_linear_time() {
        // t_{i+1} = tuple<t_i, t_i>: 2^80 leaves if proven pairs were not remembered.
        let mut body = String::from("type t0 = u32;\n");
        for i in 0..80 {
            body += &format!("type t{} = tuple<t{i}, t{i}>;\n", i + 1);
        }
        body += "f: func(x: t80);\n";
        run(&body, &body).unwrap();
        let other = body.replace("type t0 = u32;", "type t0 = u64;");
        assert_eq!(
            run(&body, &other).unwrap_err().0,
            "type t0: expected u32, found u64"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut body = String::from("type l0 = list<u8>;\n");
        for i in 0..200 {
            body += &format!("type l{} = list<l{i}>;\n", i + 1);
        }
        // Interface types are checked in declaration order, each step one level deep
        // thanks to the memo; comparing the outermost type directly goes all the way down.
        let (r, item) = api(&body);
        let Target::Interface(id) = item.target else {
            unreachable!()
        };
        let top = Type::Id(r.interfaces[id].types["l200"]);
        let mut c = Checker {
            a: &r,
            b: &r,
            proven: HashSet::new(),
            depth: 0,
        };
        let e = c.ty(&top, &top).unwrap_err();
        assert!(
            e.0.ends_with(&format!("types nest deeper than {MAX_TYPE_DEPTH} levels")),
            "{e}"
        );
        run(&body, &body).unwrap();
        // Shallow enough: fine.
        let shallow: String = body.lines().take(100).map(|l| format!("{l}\n")).collect();
        run(&shallow, &shallow).unwrap();
    }
}
