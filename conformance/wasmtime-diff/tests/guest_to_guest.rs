//! Differential test, guest to guest: every export of kitchen-client (which calls
//! kitchen through its `rivet:kitchen/types` import) called with the same arguments on
//! Rivet (both contracts compiled to RV32EM and linked) and on wasmtime (both made
//! components; kitchen-client's import forwarded by the host to a kitchen instance,
//! see `rivet_wasmtime_diff::forward`). Compared per call: the results, exactly, and
//! the sequence of kitchen functions the client called and kitchen resources it
//! dropped (from Rivet's trace and from the forwarder's log). Floats compare bit for
//! bit except NaN payloads (Rivet's must be canonical; wasmtime's compared as NaNs).

#[path = "../../../runtime/tests/common/mod.rs"]
mod common;

use rivet_runtime::cabi::Val;
use rivet_runtime::component::Event;
use rivet_wasmtime_diff::convert::{canonical_nans, from_wasmtime, to_wasmtime};
use rivet_wasmtime_diff::float_cases;
use rivet_wasmtime_diff::forward::{self, Forwarded, Forwarder, Imports};
use rivet_wasmtime_diff::values::{case, everything, flags, point, s, shape, shapes, some};
use rivet_wasmtime_diff::wasm::{component, engine, export_func};
use std::collections::BTreeSet;
use std::time::Instant;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Linker, Val as WVal};
use wasmtime::{Engine, Store};

const TYPES: &str = "rivet:kitchen/types@0.1.0";
const CLIENT: &str = "rivet:kitchen/client@0.1.0";

/// What one side did for a call: the results and the kitchen calls/drops it caused.
type Outcome = Result<(Vec<Val>, Vec<Forwarded>), String>;

/// Events `created`, `moved`, `deleted`, `note` with ordinary and edge-case payloads.
fn events() -> Vec<Val> {
    vec![
        case(
            "created",
            shape("tri", vec![point(0, 0), point(1, 1), point(2, 0)], &["a"]),
        ),
        case("created", shape("", vec![], &[])),
        case("moved", Val::Tuple(vec![Val::S32(1), Val::S32(-2)])),
        case(
            "moved",
            Val::Tuple(vec![Val::S32(i32::MIN), Val::S32(i32::MAX)]),
        ),
        Val::Variant("deleted".into(), None),
        case("note", s("hi")),
        case("note", s("")),
        case("note", s("ünï 🦀 ✓")),
    ]
}

/// 64 shapes of growing size: strings of 1-4 byte UTF-8 characters, empty strings and
/// lists, so list and string reallocation in both guests is exercised.
fn many_shapes() -> Val {
    let chars = ['a', 'é', '✓', '🦀'];
    Val::List(
        (0..64i32)
            .map(|i| {
                let name: String = (0..i).map(|j| chars[(j % 4) as usize]).collect();
                let points = (0..i).map(|j| point(i * j, -j)).collect();
                let tags: Vec<String> = (0..i % 5).map(|j| "t".repeat(j as usize)).collect();
                let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
                shape(&name, points, &tags)
            })
            .collect(),
    )
}

/// (client function, arguments): every client export, with edge cases of each kind.
fn cases() -> Vec<(&'static str, Vec<Val>)> {
    let mut out = vec![
        ("roundtrip", vec![shapes()]),
        ("roundtrip", vec![Val::List(vec![])]),
        ("roundtrip", vec![many_shapes()]),
        (
            "roundtrip",
            vec![Val::List(vec![shape(&"🦀x".repeat(5000), vec![], &[""])])],
        ),
    ];
    out.extend(events().into_iter().map(|e| ("describe-via", vec![e])));
    for start in [0, 5, 40, u32::MAX - 1, u32::MAX] {
        out.push(("count-twice", vec![Val::U32(start)]));
    }
    for len in [0, 1, 1000, 1 << 16, 1 << 20] {
        out.push(("checksum-via", vec![Val::U32(len)]));
    }
    // Scalars, chars, enums and flags in one record; options of results; flags and
    // enums alone; nested lists; 17 parameters (spilled to memory); results.
    out.push(("everything-via", vec![everything()]));
    let n = |x: u32| Some(Box::new(Val::U32(x)));
    for v in [
        Val::Option(None),
        some(Val::Result(Ok(n(21)))),
        some(Val::Result(Ok(n(0)))),
        some(Val::Result(Err(Some(Box::new(s("e")))))),
        some(Val::Result(Err(Some(Box::new(s("ünï 🦀")))))),
    ] {
        out.push(("classify-via", vec![v]));
    }
    for p in [
        &[][..],
        &["read"],
        &["write", "exec"],
        &["read", "write", "exec"],
    ] {
        out.push(("invert-via", vec![flags(p)]));
    }
    for c in ["red", "green", "blue"] {
        out.push(("next-color-via", vec![Val::Enum(c.into())]));
    }
    out.push((
        "nested-via",
        vec![Val::List(vec![
            Val::List(vec![s("a"), s("b")]),
            Val::List(vec![]),
            Val::List(vec![s("c"), s("🦀")]),
        ])],
    ));
    out.push(("nested-via", vec![Val::List(vec![])]));
    out.push((
        "sum17-via",
        (1..=16).map(Val::U32).chain([Val::U64(1 << 40)]).collect(),
    ));
    out.push((
        "sum17-via",
        (0..16)
            .map(|_| Val::U32(u32::MAX))
            .chain([Val::U64(1 << 62)])
            .collect(),
    ));
    for flag in [true, false] {
        out.push(("fail-if-via", vec![Val::Bool(flag)]));
    }
    for (func, args) in float_cases::cases() {
        let via = match func {
            "scale" => "scale-via",
            "summarize" => "summarize-via",
            _ => "pick-via",
        };
        out.push((via, args));
    }
    out
}

/// Rivet's side: the linked kitchen + kitchen-client from the runtime's test setup.
fn rivet(func: &str, args: &[Val]) -> Outcome {
    let out = common::call(
        "kitchen-client",
        &format!("rivet:kitchen/client#{func}"),
        args,
    )
    .map_err(|e| format!("rivet trapped: {e}"))?;
    let seen = out
        .trace
        .iter()
        .filter_map(|e| match e {
            Event::Call { site, .. } if &*site.component == "kitchen" => {
                Some(Forwarded::Call(after(&site.function, '#')))
            }
            Event::Drop {
                component,
                resource,
                destructor,
                ..
            } if &**component == "kitchen" => {
                let name = after(resource, '/');
                Some(Forwarded::Drop(if *destructor {
                    name
                } else {
                    format!("{name} (destructor not run)")
                }))
            }
            _ => None,
        })
        .collect();
    Ok((out.results, seen))
}

fn after(s: &str, sep: char) -> String {
    s.rsplit(sep).next().unwrap_or(s).to_string()
}

/// wasmtime's side: kitchen and kitchen-client components, composed by forwarding.
struct Wasmtime {
    engine: Engine,
    kitchen: Component,
    client: Component,
    linker: Linker<Forwarder>,
    imports: Imports,
}

impl Wasmtime {
    fn new() -> Self {
        let dir = common::contracts();
        let engine = engine().expect("engine");
        let core = |n: &str| std::fs::read(dir.join(format!("{n}.wasm"))).expect(n);
        let kitchen = component(&engine, &core("kitchen")).expect("kitchen component");
        let client = component(&engine, &core("kitchen-client")).expect("client component");
        let mut linker = Linker::new(&engine);
        let imports = forward::link(&mut linker, &engine, &client, TYPES).expect("forwarders");
        Wasmtime {
            engine,
            kitchen,
            client,
            linker,
            imports,
        }
    }

    /// The function names kitchen-client exports.
    fn client_exports(&self) -> BTreeSet<String> {
        let ty = self.client.component_type();
        let Some(ComponentItem::ComponentInstance(iface)) =
            ty.get_export(&self.engine, CLIENT).map(|e| e.ty)
        else {
            panic!("kitchen-client does not export {CLIENT}");
        };
        iface
            .exports(&self.engine)
            .filter(|(_, e)| matches!(e.ty, ComponentItem::ComponentFunc(_)))
            .map(|(n, _)| n.to_string())
            .collect()
    }

    /// One call on fresh instances (like Rivet's fresh contexts).
    fn call(&self, func: &str, args: &[Val]) -> Outcome {
        let e = |e: wasmtime::Error| format!("wasmtime: {e:?}");
        let mut store = Store::new(&self.engine, Forwarder::new(&self.imports));
        let kitchen = Linker::new(&self.engine)
            .instantiate(&mut store, &self.kitchen)
            .map_err(e)?;
        forward::attach(&mut store, kitchen).map_err(e)?;
        let client = self
            .linker
            .instantiate(&mut store, &self.client)
            .map_err(e)?;
        let f = export_func(&mut store, &client, CLIENT, func)
            .ok_or_else(|| format!("wasmtime: no export {CLIENT}#{func}"))?;
        let wargs = args
            .iter()
            .map(to_wasmtime)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let mut results = vec![WVal::Bool(false); f.ty(&store).results().len()];
        f.call(&mut store, &wargs, &mut results).map_err(e)?;
        let live = store.data().live_handles();
        if live != 0 {
            return Err(format!(
                "wasmtime: the client leaked {live} kitchen handles"
            ));
        }
        // NaN payloads are the host FPU's on wasmtime: compared as NaNs (Rivet's are
        // canonical, which `client_through_kitchen_matches_wasmtime` checks).
        let results = results
            .iter()
            .map(|v| from_wasmtime(v).map(|v| canonical_nans(&v)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        Ok((results, store.data().log().to_vec()))
    }
}

/// At most `n` characters of a debug rendering, so huge arguments stay readable.
fn brief(v: &impl std::fmt::Debug, n: usize) -> String {
    let s = format!("{v:?}");
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}... ({} chars)", &s[..i], s.len()),
        None => s,
    }
}

#[test]
fn client_through_kitchen_matches_wasmtime() {
    let t0 = Instant::now();
    let wasmtime = Wasmtime::new();
    // Nothing is skipped: count-twice's resource (own + borrow + drop) is forwarded.
    let (mut passed, mut failed, skipped) = (0, 0, 0);
    let mut funcs = BTreeSet::new();
    for (func, args) in cases() {
        funcs.insert(func.to_string());
        let ours = rivet(func, &args);
        if let Ok((results, _)) = &ours {
            assert!(
                !results.iter().any(float_cases::has_noncanonical_nan),
                "{func}: rivet returned a non-canonical NaN: {results:?}"
            );
        }
        let theirs = wasmtime.call(func, &args);
        match (&ours, &theirs) {
            // Every client export calls kitchen: an empty log would mean the trace
            // comparison compared nothing.
            (Ok(a), Ok(b)) if a == b && !a.1.is_empty() => passed += 1,
            _ => {
                failed += 1;
                println!(
                    "MISMATCH {func}({}):\n  rivet:    {}\n  wasmtime: {}",
                    brief(&args, 200),
                    brief(&ours, 400),
                    brief(&theirs, 400)
                );
            }
        }
    }
    // Every export of the client is covered.
    assert_eq!(funcs, wasmtime.client_exports());
    println!(
        "{passed} passed, {failed} failed, {skipped} skipped ({:.1?})",
        t0.elapsed()
    );
    assert_eq!(
        failed, 0,
        "rivet and wasmtime disagree (see MISMATCH lines)"
    );
}
